// Shared helpers of the grading-only (hidden) tests: grading/hidden/NN_name/*.cpp.
//
// Each hidden case draws its inputs from wb::hidden::rng(salt): the seed comes from the
// environment variable WB_HIDDEN_SEED when it is set (the grader sets a fresh one per run), else
// from a fixed development seed, so that a hard-coded answer to the public tests earns nothing.
#pragma once
#include <cstdint>
#include <cstdlib>
#include <string>

#include "workbook/rng.hpp"

namespace wb::hidden {

inline std::uint64_t seed() {
    if (const char* s = std::getenv("WB_HIDDEN_SEED")) {
        try {
            return std::stoull(s, nullptr, 0);
        } catch (...) {
        }
    }
    return 0x5eed2026ULL;  // the development seed
}

// A generator for one hidden case: the run's seed mixed with the case's salt.
inline wb::Rng rng(std::uint64_t salt) { return wb::Rng(seed() ^ (salt * 0x9E3779B97F4A7C15ULL)); }

}  // namespace wb::hidden
