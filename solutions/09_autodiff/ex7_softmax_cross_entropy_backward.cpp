// Reference solution of exercise 9.7 (statement: chapters/09_autodiff/ex7_softmax_cross_entropy_backward.cpp).
#include <cmath>
#include <xtensor/xmath.hpp>
#include <xtensor/xview.hpp>

#include "autodiff.hpp"

// [listing:9.7]
ch9::Matrix ch9::softmax_cross_entropy_backward(const Matrix& Z, const Matrix& Y) {
    wb::require_shape("Y", Y, {Z.shape()[0], Z.shape()[1]}, "samples x classes, the shape of Z");
    const double B = static_cast<double>(Z.shape()[0]);
    const xt::xtensor<double, 1> row_max = xt::amax(Z, {1});          // a container, not a lazy reducer
    Matrix E = xt::exp(Z - xt::view(row_max, xt::all(), xt::newaxis()));
    const xt::xtensor<double, 1> row_sum = xt::sum(E, {1});
    Matrix P = E / xt::view(row_sum, xt::all(), xt::newaxis());
    return (P - Y) / B;                                                // dL/dZ: the whole Jacobian product in one line
}
// [/listing]
