// Chapter 1: the sigmoid, its derivative, tanh', and a finite-difference check.
// Seeds: 000 (QBUS6850 lecture 4, "Sigmoid function derivative"), 001 (Deep Learning, "Gradient
// Computation for Sigmoidal Units"), 004 (AML-book notes, tanh' = 1 - tanh^2).
//
// Shape legend: every function here works element-wise on an array of any shape and returns an
// array of the same shape ("any" below). The exercise statements, with the equation and the
// shapes, are in the exercise files exK_*.cpp.
#pragma once
#include <functional>
#include <xtensor/xarray.hpp>

#include "workbook/errors.hpp"  // wb::not_implemented, thrown by the stubs

namespace ch1 {

using Fn = std::function<xt::xarray<double>(const xt::xarray<double>&)>;

xt::xarray<double> sigmoid(const xt::xarray<double>& z);            // 1.1   any -> any
xt::xarray<double> sigmoid_prime(const xt::xarray<double>& z);      // 1.2   any -> any
xt::xarray<double> tanh_prime(const xt::xarray<double>& s);         // 1.3   any -> any
xt::xarray<double> central_difference(const Fn& f, const xt::xarray<double>& z, double h);  // 1.4

}  // namespace ch1
