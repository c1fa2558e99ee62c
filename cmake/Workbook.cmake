# add_chapter(): one call builds a whole chapter, both sides.
#
#   add_chapter(NUMBER 3 [NO_GIVEN] [FAST] [TIMEOUT seconds] [LIBS extra...])
#
# called from chapters/NN_name/CMakeLists.txt. It finds the exercise files exK_*.cpp in this
# folder (this tree's chapters/ decides which files exist; their source may come from
# WB_STUDENT_DIR), and makes
#   chNN_student_lib / chNN_solution_lib     static libraries of the exercise files of each side
#   chNN_student / chNN_solution             the chapter program (main.cpp) linked to each side
#   test_chNN_student / test_chNN_solution   the Boost.Test suite (tests/NN_name/*.cpp, and the
#                                       hidden cases grading/hidden/NN_name/*.cpp where that
#                                       folder exists), compiled once, linked to each side
#   CTest tests chNN.<side>.<suite>     one per exercise and side, labels chNN, <side>, exercise id
#   CTest tests chNN.stubcheck.<suite>  the exercise's tests must all FAIL on the untouched stub
# Chapters from 2 on link wb_given (the workbook's own sigmoid/tanh), so that a slip in an
# earlier chapter never costs points in a later one; chapter 1 asks for exactly those
# functions and so does not see them (NO_GIVEN). The student's files compile at WB_STUDENT_OPT (-O1,
# a quicker loop) except in a FAST chapter, whose exercises are timed (-O3, the build type's).

find_package(Python3 COMPONENTS Interpreter)

function(add_chapter)
  cmake_parse_arguments(CH "NO_GIVEN;FAST" "NUMBER;TIMEOUT" "LIBS" ${ARGN})
  if(NOT CH_NUMBER)
    message(FATAL_ERROR "add_chapter: NUMBER is required (in ${CMAKE_CURRENT_SOURCE_DIR})")
  endif()
  if(NOT CH_TIMEOUT)
    set(CH_TIMEOUT 60)
  endif()
  get_filename_component(folder "${CMAKE_CURRENT_SOURCE_DIR}" NAME)   # e.g. 01_sigmoid
  string(REGEX REPLACE "^0*([0-9]+)_.*" "\\1" num_from_folder "${folder}")
  if(NOT num_from_folder EQUAL CH_NUMBER)
    message(FATAL_ERROR "add_chapter: folder ${folder} does not match NUMBER ${CH_NUMBER}")
  endif()
  string(SUBSTRING "${folder}" 0 2 nn)
  set(ch "ch${nn}")

  # ---- the exercise files: this tree says which, WB_STUDENT_DIR says whose -------------------
  file(GLOB ex_names RELATIVE "${CMAKE_CURRENT_SOURCE_DIR}" CONFIGURE_DEPENDS
       "${CMAKE_CURRENT_SOURCE_DIR}/ex[0-9]*_*.cpp")
  list(SORT ex_names COMPARE NATURAL)
  if(NOT ex_names)
    message(FATAL_ERROR "add_chapter: no exercise files exK_name.cpp in ${CMAKE_CURRENT_SOURCE_DIR}")
  endif()
  set(student_src "")
  set(solution_src "")
  set(have_solution TRUE)
  foreach(f IN LISTS ex_names)
    list(APPEND student_src "${WB_STUDENT_DIR}/${folder}/${f}")
    if(EXISTS "${WB_SOLUTION_DIR}/${folder}/${f}")
      list(APPEND solution_src "${WB_SOLUTION_DIR}/${folder}/${f}")
    else()
      set(have_solution FALSE)
    endif()
  endforeach()
  if(NOT have_solution AND EXISTS "${WB_SOLUTION_DIR}/${folder}")
    message(FATAL_ERROR "add_chapter: ${WB_SOLUTION_DIR}/${folder} lacks some of: ${ex_names}")
  endif()

  set(sides student)
  if(have_solution)
    list(APPEND sides solution)
  endif()

  # what every target of the chapter compiles against: its header, the support library
  add_library(${ch}_iface INTERFACE)
  target_include_directories(${ch}_iface INTERFACE "${CMAKE_CURRENT_SOURCE_DIR}")
  target_link_libraries(${ch}_iface INTERFACE wb_support ${CH_LIBS})
  if(NOT CH_NO_GIVEN)
    target_link_libraries(${ch}_iface INTERFACE wb_given)
  endif()

  # Other .cpp files of the chapter folder (not main.cpp, not exercises) are given code that both
  # sides share: data preparation, validation, printing. It must not call the exercises.
  file(GLOB common_src CONFIGURE_DEPENDS "${CMAKE_CURRENT_SOURCE_DIR}/*.cpp")
  list(FILTER common_src EXCLUDE REGEX "/(main|ex[0-9]+_[^/]*)\\.cpp$")
  if(common_src)
    add_library(${ch}_common STATIC ${common_src})
    target_include_directories(${ch}_common PUBLIC "${CMAKE_CURRENT_SOURCE_DIR}")
    target_link_libraries(${ch}_common PUBLIC wb_support wb_given ${CH_LIBS})
    target_precompile_headers(${ch}_common REUSE_FROM wb_pch)
    target_link_libraries(${ch}_iface INTERFACE ${ch}_common)
  endif()

  foreach(side IN LISTS sides)
    if(side STREQUAL "student")
      set(src ${student_src})
    else()
      set(src ${solution_src})
    endif()
    add_library(${ch}_${side}_lib STATIC ${src})
    target_link_libraries(${ch}_${side}_lib PUBLIC ${ch}_iface)
    target_precompile_headers(${ch}_${side}_lib REUSE_FROM wb_pch)
    add_dependencies(${ch}_${side}_lib wb_pch_sums)   # ccache reads the header's checksum
    if(side STREQUAL "student" AND WB_STUDENT_OPT AND NOT CH_FAST AND CMAKE_BUILD_TYPE MATCHES "^(Release|RelWithDebInfo)$")
      target_compile_options(${ch}_${side}_lib PRIVATE ${WB_STUDENT_OPT})   # the loop's compile (see CMakeLists.txt)
    endif()
  endforeach()

  # ---- the chapter program: main.cpp compiled once, linked to each side ----------------------
  if(EXISTS "${CMAKE_CURRENT_SOURCE_DIR}/main.cpp")
    add_library(${ch}_main_obj OBJECT main.cpp)
    target_link_libraries(${ch}_main_obj PUBLIC ${ch}_iface wb_plot)
    target_precompile_headers(${ch}_main_obj REUSE_FROM wb_pch)
    foreach(side IN LISTS sides)
      add_executable(${ch}_${side} $<TARGET_OBJECTS:${ch}_main_obj>)
      target_link_libraries(${ch}_${side} PRIVATE ${ch}_${side}_lib wb_plot)
      set_target_properties(${ch}_${side} PROPERTIES RUNTIME_OUTPUT_DIRECTORY "${CMAKE_BINARY_DIR}/bin")
    endforeach()
  endif()

  # ---- the test suite: compiled once, linked to each side ------------------------------------
  file(GLOB test_src CONFIGURE_DEPENDS "${CMAKE_SOURCE_DIR}/tests/${folder}/*.cpp")
  if(NOT test_src)
    message(FATAL_ERROR "add_chapter: no test files in tests/${folder}/")
  endif()
  # The hidden layer (grading only, left out of the student edition): grading/hidden/NN_name/*.cpp
  # add a nested suite `hidden` to each exercise's suite, on inputs drawn from the course secret
  # (WB_HIDDEN_SEED); they include tests/NN_name/reference.hpp and grading/hidden/hidden.hpp.
  set(hidden_dir "${CMAKE_SOURCE_DIR}/grading/hidden/${folder}")
  file(GLOB hidden_src CONFIGURE_DEPENDS "${hidden_dir}/*.cpp")
  add_library(${ch}_test_obj OBJECT ${test_src} ${hidden_src})
  target_include_directories(${ch}_test_obj PRIVATE "${CMAKE_SOURCE_DIR}/tests/${folder}")
  if(hidden_src)
    target_include_directories(${ch}_test_obj PRIVATE "${CMAKE_SOURCE_DIR}/grading/hidden")
  endif()
  target_link_libraries(${ch}_test_obj PUBLIC ${ch}_iface wb_testing)
  target_precompile_headers(${ch}_test_obj REUSE_FROM wb_test_pch)
  foreach(side IN LISTS sides)
    add_executable(test_${ch}_${side} $<TARGET_OBJECTS:${ch}_test_obj>)
    target_link_libraries(test_${ch}_${side} PRIVATE ${ch}_${side}_lib wb_testing)
    set_target_properties(test_${ch}_${side} PROPERTIES RUNTIME_OUTPUT_DIRECTORY "${CMAKE_BINARY_DIR}/bin")
    if(WB_GRADING AND side STREQUAL "student")
      # a grading build: the test program keeps no symbol table (the verdict channel's code and
      # key are not found by name from the student's code; see support/src/test_main.cpp)
      target_link_options(test_${ch}_${side} PRIVATE -Wl,--strip-all)
    endif()
  endforeach()

  # ---- CTest: one test per exercise and side, plus the stub check ----------------------------
  foreach(f IN LISTS ex_names)
    string(REGEX REPLACE "^ex([0-9]+)_(.*)\\.cpp$" "\\1" k "${f}")
    string(REGEX REPLACE "^ex([0-9]+)_(.*)\\.cpp$" "\\2" fn "${f}")
    set(suite "ex${CH_NUMBER}_${k}_${fn}")          # the Boost.Test suite of exercise N.k
    foreach(side IN LISTS sides)
      add_test(NAME ${ch}.${side}.${suite}
               COMMAND test_${ch}_${side} --run_test=${suite} --log_level=error --report_level=short
                       --color_output=no)
      set_tests_properties(${ch}.${side}.${suite} PROPERTIES
        LABELS "${ch};${side};ex${CH_NUMBER}.${k}" TIMEOUT ${CH_TIMEOUT})
    endforeach()
    if(Python3_Interpreter_FOUND)
      add_test(NAME ${ch}.stubcheck.${suite}
               COMMAND ${Python3_EXECUTABLE} "${CMAKE_SOURCE_DIR}/tools/stubcheck.py"
                       $<TARGET_FILE:test_${ch}_student> ${suite} "${CH_NUMBER}.${k}" "${fn}")
      set_tests_properties(${ch}.stubcheck.${suite} PROPERTIES
        LABELS "${ch};stubcheck;ex${CH_NUMBER}.${k}" TIMEOUT ${CH_TIMEOUT})
    endif()
  endforeach()
endfunction()
