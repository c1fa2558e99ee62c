# cmake -DPCH=<file.gch|file.pch> -P pch_sum.cmake: writes <file>.sum, the precompiled header's
# checksum, which ccache reads instead of hashing the 150 MB header on every compile
# (pch_external_checksum; see CMakeLists.txt). Written only when it changes.
file(SHA1 "${PCH}" sum)
set(old "")
if(EXISTS "${PCH}.sum")
  file(READ "${PCH}.sum" old)
endif()
if(NOT old STREQUAL sum)
  file(WRITE "${PCH}.sum" "${sum}")
endif()
