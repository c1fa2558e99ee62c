#include <xtensor/xview.hpp>

#include "tanh_network.hpp"

// =============================================================================================
// Exercise 5.6  batch_gradient
// Seed:      004 "The normalized total error ... E(w) = 1/N sum_n e_n"; "For the squared error
//            e = (h(x) - y)^2"; "dE/dW(l) = 1/N sum_n de_n/dW(l)"; footnote 2, batch gradient
//            descent: "the gradient is computed for the error on the whole data set"
// Equation:  E = 1/N sum_n (x(L)_n - y_n)^2;    dE/dW(l) = 1/N sum_n x(l-1)_n delta(l)_n^T
// Shapes:    X: N x d(0) (points x inputs), one data point a row; y: (N,) the targets; W: L + 1
//            entries, W[0] empty, W[l]: (1 + d(l-1)) x d(l)  ->  returns Batch{E: a scalar;
//            dW: L + 1 entries, dW[0] empty, dW[l]: (1 + d(l-1)) x d(l)}
// Task:      Average the error and its gradient over the N points of the data set. For each
//            point (row n of X, as a vector: Vector x = xt::row(X, n)): forward (5.1), e_n,
//            sensitivities (5.4) and gradients (5.5); add them up, then divide by N. Start the
//            sums at zero matrices shaped like W[l] (xt::zeros_like(W[l])).
// =============================================================================================
ch5::Batch ch5::batch_gradient(const Matrix& X, const Vector& y, const Weights& W) {
    (void)X, (void)y, (void)W;
    throw wb::not_implemented("5.6", "batch_gradient");
}
