// The workbook's own activations, given to chapters 2 and later.
//
// Chapter 1 asks you to write sigmoid, sigmoid' and tanh' yourself; it does not see this header
// (its CMake target does not link wb_given). From chapter 2 on, exercises use these, so that a slip
// in chapter 1 never costs points in a later chapter.
//
//   sigma(z)  = 1 / (1 + e^-z)                 seed 000 "Sigmoid function derivative", seed 001
//   sigma'(z) = sigma(z) (1 - sigma(z))        same slides
//   tanh'(s)  = 1 - tanh^2(s)                  seed 004 "for the hyperbolic tangent"
#pragma once
#include <algorithm>
#include <cmath>
#include <xtensor/xarray.hpp>
#include <xtensor/xmath.hpp>
#include <xtensor/xtensor.hpp>

namespace wb::given {

inline double sigmoid(double z) {
    // exp of a non-positive number only: no overflow for z = -1000.
    if (z >= 0) return 1.0 / (1.0 + std::exp(-z));
    const double e = std::exp(z);
    return e / (1.0 + e);
}
inline double sigmoid_prime(double z) {
    const double s = sigmoid(z);
    return s * (1.0 - s);
}
inline double tanh_prime(double s) {
    const double t = std::tanh(s);
    return 1.0 - t * t;
}

template <class T, std::size_t N>
xt::xtensor<T, N> sigmoid(const xt::xtensor<T, N>& z) {
    xt::xtensor<T, N> out = xt::empty<T>(z.shape());
    std::transform(z.cbegin(), z.cend(), out.begin(), [](T v) { return sigmoid(v); });
    return out;
}
template <class T, std::size_t N>
xt::xtensor<T, N> sigmoid_prime(const xt::xtensor<T, N>& z) {
    xt::xtensor<T, N> out = xt::empty<T>(z.shape());
    std::transform(z.cbegin(), z.cend(), out.begin(), [](T v) { return sigmoid_prime(v); });
    return out;
}
template <class T, std::size_t N>
xt::xtensor<T, N> tanh_prime(const xt::xtensor<T, N>& s) {
    xt::xtensor<T, N> out = xt::empty<T>(s.shape());
    std::transform(s.cbegin(), s.cend(), out.begin(), [](T v) { return tanh_prime(v); });
    return out;
}

}  // namespace wb::given
