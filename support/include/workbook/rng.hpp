// wb::Rng: the workbook's one portable random generator.
//
// std::normal_distribution, std::uniform_int_distribution and std::shuffle are specified only
// loosely, so libstdc++, libc++ and MSVC give different numbers from the same seed. Every random
// initial weight and every shuffle that a test or a plot depends on comes from here instead:
// xoshiro256** (Blackman & Vigna) seeded through splitmix64, unbiased bounded integers by
// rejection, normals by Marsaglia's polar method (sqrt and log only), Fisher-Yates shuffles.
// Same seed, same numbers, on every machine. Programs print the seed they use.
#pragma once
#include <cstddef>
#include <cstdint>
#include <vector>
#include <xtensor/xtensor.hpp>

namespace wb {

class Rng {
public:
    explicit Rng(std::uint64_t seed);
    std::uint64_t seed() const { return seed_; }

    std::uint64_t next_u64();                  // raw 64 random bits
    double uniform();                          // [0, 1), 53 random bits
    double uniform(double lo, double hi);      // [lo, hi)
    std::uint64_t below(std::uint64_t n);      // uniform integer in [0, n), unbiased; n > 0
    double normal();                           // standard normal N(0, 1)
    double normal(double mean, double stddev);

    std::vector<std::size_t> permutation(std::size_t n);   // a random order of 0..n-1
    template <class T>
    void shuffle(std::vector<T>& v) {                         // Fisher-Yates, from the back
        for (std::size_t i = v.size(); i > 1; --i) std::swap(v[i - 1], v[below(i)]);
    }

    // rows x cols matrix of N(0, stddev^2) values, row by row.
    xt::xtensor<double, 2> normal_matrix(std::size_t rows, std::size_t cols, double stddev = 1.0);
    // rows x cols matrix of U[lo, hi) values, row by row.
    xt::xtensor<double, 2> uniform_matrix(std::size_t rows, std::size_t cols, double lo, double hi);

private:
    std::uint64_t seed_;
    std::uint64_t s_[4];
    bool have_spare_ = false;
    double spare_ = 0.0;
};

}  // namespace wb
