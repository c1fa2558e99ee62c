// Reference solution of exercise 2.3 (statement: chapters/02_perceptron/ex3_gradient.cpp).
#include <xtensor-blas/xlinalg.hpp>

#include "perceptron.hpp"
#include "workbook/given.hpp"

// [listing:2.3]
ch2::Vector ch2::gradient(const Matrix& X, const Vector& w, const Vector& t) {
    check_weights(X, w);
    check_targets(X, t);
    const double N = static_cast<double>(X.shape()[0]);
    const Vector net = xt::linalg::dot(X, w);                           // (N,)
    const Vector out = wb::given::sigmoid(net);                         // (N,)
    const Vector r = (t - out) * wb::given::sigmoid_prime(net);         // (N,) sigma' at net, not at out
    const Matrix Xt = xt::transpose(X);                                 // D x N, evaluated
    const Vector sum_over_samples = xt::linalg::dot(Xt, r);             // (D,): sum_d r_d x^(d)
    return -sum_over_samples / N;                                       // seed 001's -1/N
}
// [/listing]
