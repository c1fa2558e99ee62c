#include "workbook/rng.hpp"

#include <cmath>
#include <stdexcept>

namespace wb {
namespace {
std::uint64_t splitmix64(std::uint64_t& x) {
    std::uint64_t z = (x += 0x9E3779B97F4A7C15ULL);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
}
std::uint64_t rotl(std::uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }
}  // namespace

Rng::Rng(std::uint64_t seed) : seed_(seed) {
    std::uint64_t x = seed;
    for (auto& s : s_) s = splitmix64(x);
}

std::uint64_t Rng::next_u64() {
    const std::uint64_t result = rotl(s_[1] * 5, 7) * 9;
    const std::uint64_t t = s_[1] << 17;
    s_[2] ^= s_[0];
    s_[3] ^= s_[1];
    s_[1] ^= s_[2];
    s_[0] ^= s_[3];
    s_[2] ^= t;
    s_[3] = rotl(s_[3], 45);
    return result;
}

double Rng::uniform() { return static_cast<double>(next_u64() >> 11) * 0x1.0p-53; }
double Rng::uniform(double lo, double hi) { return lo + (hi - lo) * uniform(); }

std::uint64_t Rng::below(std::uint64_t n) {
    if (n == 0) throw std::invalid_argument("wb::Rng::below(0): the range is empty");
    // Reject the top sliver of 2^64 that would make some residues more likely than others.
    const std::uint64_t limit = (~std::uint64_t{0}) - ((~std::uint64_t{0}) % n + 1) % n;
    std::uint64_t r;
    do r = next_u64();
    while (r > limit);
    return r % n;
}

double Rng::normal() {
    if (have_spare_) {
        have_spare_ = false;
        return spare_;
    }
    double u, v, s;
    do {
        u = uniform(-1.0, 1.0);
        v = uniform(-1.0, 1.0);
        s = u * u + v * v;
    } while (s >= 1.0 || s == 0.0);
    const double f = std::sqrt(-2.0 * std::log(s) / s);
    spare_ = v * f;
    have_spare_ = true;
    return u * f;
}
double Rng::normal(double mean, double stddev) { return mean + stddev * normal(); }

std::vector<std::size_t> Rng::permutation(std::size_t n) {
    std::vector<std::size_t> p(n);
    for (std::size_t i = 0; i < n; ++i) p[i] = i;
    shuffle(p);
    return p;
}

xt::xtensor<double, 2> Rng::normal_matrix(std::size_t rows, std::size_t cols, double stddev) {
    xt::xtensor<double, 2> m = xt::empty<double>({rows, cols});
    for (auto& x : m) x = stddev * normal();
    return m;
}

xt::xtensor<double, 2> Rng::uniform_matrix(std::size_t rows, std::size_t cols, double lo, double hi) {
    xt::xtensor<double, 2> m = xt::empty<double>({rows, cols});
    for (auto& x : m) x = uniform(lo, hi);
    return m;
}

}  // namespace wb
