// Mistakes bank, a wrong implementation: the softmax rule without the cross-entropy
#include <cmath>
#include <xtensor/xmath.hpp>
#include <xtensor/xview.hpp>

#include "autodiff.hpp"

ch9::Matrix ch9::softmax_cross_entropy_backward(const Matrix& Z, const Matrix& Y) {
    wb::require_shape("Y", Y, {Z.shape()[0], Z.shape()[1]}, "samples x classes, the shape of Z");
    const double B = static_cast<double>(Z.shape()[0]);
    const xt::xtensor<double, 1> row_max = xt::amax(Z, {1});          // a container, not a lazy reducer
    Matrix E = xt::exp(Z - xt::view(row_max, xt::all(), xt::newaxis()));
    const xt::xtensor<double, 1> row_sum = xt::sum(E, {1});
    Matrix P = E / xt::view(row_sum, xt::all(), xt::newaxis());
    (void)Y;
    return P * (1.0 - P) / B;                                          // as if it were a sigmoid
}
