// What every chapter program shares: its main() wrapper, printf into a string, and the Markdown
// files the chapter texts quote.
//
//   int main() { return wb::run_chapter(3, run); }
//   wb::write_output("ch03_gradients", wb::fmt("| dL/dW1 | %.8f |\n", g));   // plots/ch03_gradients.md
#pragma once
#include <functional>
#include <string>

namespace wb {

// Runs a chapter program's body. An exercise that is not written yet (wb::not_implemented) ends it
// with exit code 2 and a pointer to `./workbook check N` and the reference run; any other error
// with exit code 1 and its message. Returns body()'s exit code otherwise.
int run_chapter(int chapter, const std::function<int()>& body);

// printf into a std::string.
std::string fmt(const char* format, ...) __attribute__((format(printf, 1, 2)));

// Writes `markdown` to <plots dir>/<stem>.md (the book quotes it with <!-- output:chNN:NAME -->
// for stem chNN_NAME) and says so on stdout.
void write_output(const std::string& stem, const std::string& markdown);

}  // namespace wb
