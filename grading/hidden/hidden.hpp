// The hidden layer's helpers (grading only: grading/ is not in the student edition).
//
// A hidden test case re-runs an exercise on inputs drawn from the course secret, at sizes and values
// no text prints, and compares with the test's own references (tests/NN_name/reference.hpp). The
// secret is the environment variable WB_HIDDEN_SEED, which ./workbook grade sets from --secret,
// from its own environment or from grading/points.toml ([hidden] seed); without it the cases use a
// fixed development seed, so that ctest and stubcheck run them too.
//
//   BOOST_AUTO_TEST_SUITE(ex3_4_dW2)
//   BOOST_AUTO_TEST_SUITE(hidden)
//   WB_TEST_CASE(random_networks) {
//       wb::Rng rng = wb::hidden::rng("ex3_4");       // one stream per case: salt it with its name
//       const std::size_t N = 2 + rng.below(9);
//       ...
//   }
//   BOOST_AUTO_TEST_SUITE_END()
//   BOOST_AUTO_TEST_SUITE_END()
//
// The grader gives an exercise its points only if every case under its `hidden` suite passes.
#pragma once
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "workbook/rng.hpp"

namespace wb::hidden {

// The seed used when WB_HIDDEN_SEED is not set (development, ctest, stubcheck).
inline constexpr std::uint64_t kDevelopmentSeed = 0x5EED0F13B1D0E5ULL;

// FNV-1a: any text (the instructor's secret) to 64 bits.
inline std::uint64_t hash(std::string_view text) {
    std::uint64_t h = 0xcbf29ce484222325ULL;
    for (const unsigned char c : text) {
        h ^= c;
        h *= 0x100000001b3ULL;
    }
    return h;
}

// The course secret: WB_HIDDEN_SEED (any text), else the development seed.
inline std::uint64_t seed() {
    const char* s = std::getenv("WB_HIDDEN_SEED");
    if (s == nullptr || *s == '\0') return kDevelopmentSeed;
    return hash(s);
}

// True when the secret is set (the grader), false with the development seed.
inline bool secret_set() {
    const char* s = std::getenv("WB_HIDDEN_SEED");
    return s != nullptr && *s != '\0';
}

// A generator for one hidden case: the secret mixed with the case's salt (its name, or a number).
inline wb::Rng rng(std::string_view salt) { return wb::Rng(seed() ^ (hash(salt) * 0x9E3779B97F4A7C15ULL)); }
inline wb::Rng rng(std::uint64_t salt) { return rng(std::string_view(std::to_string(salt))); }

// A size in [lo, hi], drawn from rng.
inline std::size_t size_in(wb::Rng& r, std::size_t lo, std::size_t hi) { return lo + static_cast<std::size_t>(r.below(hi - lo + 1)); }

}  // namespace wb::hidden
