// Mistakes bank, a wrong implementation: the 1/N of E dropped from the gradient
#include <xtensor/xbuilder.hpp>
#include <xtensor/xmath.hpp>
#include <xtensor/xview.hpp>
#include <xtensor-blas/xlinalg.hpp>

#include "perceptron.hpp"
#include "workbook/given.hpp"

ch2::Vector ch2::gradient(const Matrix& X, const Vector& w, const Vector& t) {
    check_weights(X, w);
    check_targets(X, t);
    const Vector net = xt::linalg::dot(X, w);
    const Vector r = (t - wb::given::sigmoid(net)) * wb::given::sigmoid_prime(net);
    const Matrix Xt = xt::transpose(X);
    return -Vector(xt::linalg::dot(Xt, r));
}
