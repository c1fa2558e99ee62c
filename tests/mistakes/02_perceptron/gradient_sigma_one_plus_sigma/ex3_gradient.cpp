#include <xtensor-blas/xlinalg.hpp>

#include "perceptron.hpp"
#include "workbook/given.hpp"

ch2::Vector ch2::gradient(const Matrix& X, const Vector& w, const Vector& t) {
    check_weights(X, w);
    check_targets(X, t);
    const Vector out = output(X, w);
    const Vector slope = out * (1.0 + out);
    const Vector r = (t - out) * slope;
    return Vector(-xt::linalg::dot(xt::transpose(X), r) / static_cast<double>(X.shape()[0]));
}
