// Mistakes bank, a wrong implementation: the minus of -1/N sum (t - out) sigma' x lost: the gradient points uphill
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
    const Vector r = (t - wb::given::sigmoid(net)) * wb::given::sigmoid_prime(net);
    const Matrix Xt = xt::transpose(X);
    return Vector(xt::linalg::dot(Xt, r)) / N;
}
