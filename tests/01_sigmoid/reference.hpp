// Chapter 1's test-side references and data, shared by the public suite (test_sigmoid.cpp) and the
// hidden cases (grading/hidden/01_sigmoid/, grading only). Everything is in an anonymous namespace:
// each test file gets its own copy, and the student's code cannot link to them.
#pragma once
#include <cmath>

#include <xtensor/xbuilder.hpp>
#include <xtensor/xmath.hpp>

#include "sigmoid.hpp"
#include "workbook/testing.hpp"

using wb::test::abs_tol;
using wb::test::check_close;
using wb::test::check_shape;
using wb::test::Mistake;
using wb::test::rel_tol;

namespace {
// Test-side references, written differently from any expected student solution on purpose.
inline xt::xarray<double> ref_sigmoid(const xt::xarray<double>& z) {
    xt::xarray<double> out = z;
    for (auto& v : out) v = v >= 0 ? 1.0 / (1.0 + std::exp(-v)) : std::exp(v) / (1.0 + std::exp(v));
    return out;
}
inline xt::xarray<double> ref_sigmoid_prime(const xt::xarray<double>& z) {
    const xt::xarray<double> s = ref_sigmoid(z);
    return s * (1.0 - s);
}
inline xt::xarray<double> grid() { return xt::linspace<double>(-8.0, 8.0, 33); }
// A central difference of the test's own, for the derivative checks (h = 1e-5: truncation
// error h^2/6 |f'''| < 1e-11 for sigma and tanh, rounding eps/h ~ 1e-11).
inline xt::xarray<double> ref_central(double (*f)(double), const xt::xarray<double>& z, double h = 1e-5) {
    xt::xarray<double> out = z;
    for (auto& v : out) v = (f(v + h) - f(v - h)) / (2 * h);
    return out;
}
inline double sig(double v) { return ref_sigmoid(xt::xarray<double>(v))(); }
inline double tanh_d(double v) { return std::tanh(v); }
}  // namespace
