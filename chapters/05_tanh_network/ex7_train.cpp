#include "tanh_network.hpp"

// =============================================================================================
// Exercise 5.7  train
// Seed:      004 "W(l)(t+1) = W(l)(t) - eta dE/dW(l)" for every layer, "We call this (batch)
//            gradient descent"; Remarks 5: "An epoch is one complete forward and backward pass
//            over the whole training set"
// Equation:  for t = 0, 1, ..., epochs - 1:   (E, dE/dW) at W(t);   E[t] = E;
//            W(l)(t+1) = W(l)(t) - eta dE/dW(l)   for l = 1, ..., L
// Shapes:    X: N x d(0) (points x inputs); y: (N,); W: L + 1 entries, W[0] empty, W[l]: (1 +
//            d(l-1)) x d(l), the initial weights (a copy: update it); eta > 0; epochs >= 0
//            ->  returns Training{W: like the input W; E: epochs entries}
// Task:      Batch gradient descent: every epoch is one batch_gradient (5.6) on all N points
//            and one update of every layer's weights. Call check_weights(W, X.shape()[1]) and
//            check_data(X, y) first (given). Record E[t] at the weights the epoch starts from.
//            After each update call check_finite(E[t], W, t) (given): a learning rate far too
//            large must stop with a wb::numeric_error, not return NaN weights.
// =============================================================================================
ch5::Training ch5::train(const Matrix& X, const Vector& y, Weights W, double eta, std::size_t epochs) {
    (void)X, (void)y, (void)W, (void)eta, (void)epochs;
    throw wb::not_implemented("5.7", "train");
}
