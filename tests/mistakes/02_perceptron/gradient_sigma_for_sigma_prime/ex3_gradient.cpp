// Mistakes bank, a wrong implementation: sigma(net) used where sigma'(net) is due
#include <xtensor/xbuilder.hpp>
#include <xtensor/xmath.hpp>
#include <xtensor/xview.hpp>
#include <xtensor-blas/xlinalg.hpp>

#include "perceptron.hpp"
#include "workbook/given.hpp"

ch2::Vector ch2::gradient(const Matrix& X, const Vector& w, const Vector& t) {
    check_weights(X, w);
    check_targets(X, t);
    const double N = static_cast<double>(X.shape()[0]);
    const Vector net = xt::linalg::dot(X, w);
    const Vector out = wb::given::sigmoid(net);
    const Vector r = (t - out) * wb::given::sigmoid(net);
    const Matrix Xt = xt::transpose(X);
    return -Vector(xt::linalg::dot(Xt, r)) / N;
}
