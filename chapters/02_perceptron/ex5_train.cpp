#include <xtensor/xbuilder.hpp>

#include "perceptron.hpp"

// =============================================================================================
// Exercise 2.5  train
// Seed:      001 "Similar to gradient descent for linear regression"; 004 "(batch) gradient
//            descent: the gradient is computed for the error on the whole data set before a
//            weight update is done"
// Equation:  w_0 = w0;  for k = 0 .. epochs-1:  w_{k+1} = w_k - eta dE/dw(w_k)
//            losses(k) = E(w_k) for k = 0 .. epochs
// Shapes:    X: N x D (samples x inputs); t: (N,); w0: (D,) (initial weights); eta > 0;
//            epochs >= 0  ->  returns Training{w: (D,) = w_epochs; losses: (epochs + 1,)}
// Task:      Batch gradient descent with your exercises 2.1-2.4. Call check_weights(X, w0) and
//            check_targets(X, t) first. Each epoch: record the error E of the current weights,
//            then take one step. After the last step record E once more, so losses(k) is the
//            error after k steps: losses(0) = E(w0), losses(epochs) = E(returned w). With
//            epochs = 0, return w0 and its error only.
// =============================================================================================
ch2::Training ch2::train(const Matrix& X, const Vector& t, const Vector& w0, double eta, std::size_t epochs) {
    (void)X, (void)t, (void)w0, (void)eta, (void)epochs;
    throw wb::not_implemented("2.5", "train");
}
