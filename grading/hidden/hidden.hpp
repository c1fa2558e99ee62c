// Grading-only tests (issue 13): shared helpers. The files in grading/hidden/NN_name/*.cpp are
// compiled into chapter NN's test suite when the folder exists (cmake/Workbook.cmake); grading/
// is left out of the student edition.
//
//   wb::hidden::seed()      $WB_HIDDEN_SEED (decimal) if set, else a fixed development seed
//   wb::hidden::rng(salt)   a wb::Rng from seed() and a per-test salt, so that every test draws
//                           its own inputs and a grader can change them all with one variable
#pragma once
#include <cstdint>
#include <cstdlib>
#include <string>

#include "workbook/rng.hpp"

namespace wb::hidden {

inline constexpr std::uint64_t kDevelopmentSeed = 20261204;

inline std::uint64_t seed() {
    const char* s = std::getenv("WB_HIDDEN_SEED");
    if (s == nullptr || *s == '\0') return kDevelopmentSeed;
    char* end = nullptr;
    const unsigned long long v = std::strtoull(s, &end, 10);
    return (end != nullptr && *end == '\0') ? static_cast<std::uint64_t>(v) : kDevelopmentSeed;
}

inline wb::Rng rng(std::uint64_t salt) { return wb::Rng(seed() ^ (salt * 0x9E3779B97F4A7C15ull)); }

}  // namespace wb::hidden
