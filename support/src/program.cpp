#include "workbook/program.hpp"

#include <cstdarg>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <vector>

#include "workbook/errors.hpp"
#include "workbook/plot.hpp"

namespace wb {

int run_chapter(int chapter, const std::function<int()>& body) {
    try {
        return body();
    } catch (const not_implemented& e) {
        // WB_HAVE_SOLUTIONS: set by support/CMakeLists.txt when the tree has solutions/ (the
        // instructor's); the student edition's programs only point at the student's own loop.
        std::cerr << "\n" << e.what() << ": finish it (./workbook check " << chapter << "; a hint: ./workbook hint "
                  << e.exercise << ")"
#ifdef WB_HAVE_SOLUTIONS
                  << ", or see the reference run with ./workbook run " << chapter << " --solution"
#endif
                  << "\n";
        return 2;
    } catch (const std::exception& e) {
        std::cerr << "\nchapter " << chapter << " stopped: " << e.what() << "\n";
        return 1;
    }
}

std::string fmt(const char* format, ...) {
    va_list args;
    va_start(args, format);
    va_list copy;
    va_copy(copy, args);
    const int n = std::vsnprintf(nullptr, 0, format, copy);
    va_end(copy);
    std::vector<char> buf(static_cast<std::size_t>(n > 0 ? n : 0) + 1);
    std::vsnprintf(buf.data(), buf.size(), format, args);
    va_end(args);
    return std::string(buf.data(), static_cast<std::size_t>(n > 0 ? n : 0));
}

void write_output(const std::string& stem, const std::string& markdown) {
    const std::string dir = plot::plots_dir();
    std::error_code ec;
    std::filesystem::create_directories(dir, ec);
    const std::string path = dir + "/" + stem + ".md";
    std::ofstream out(path);
    out << markdown;
    if (!out) {
        std::cerr << "plots: could not write " << path << "\n";
        return;
    }
    std::cout << "plots: wrote " << path << "\n";
}

}  // namespace wb
