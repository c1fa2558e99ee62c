#include <xtensor/xmath.hpp>
#include <xtensor/xview.hpp>

#include "perceptron.hpp"

// =============================================================================================
// Exercise 2.6  perceptron_epoch
// Seed:      003 "Recall Perceptron learning: Pass an input through and compute yhat; Compare
//            yhat against y; Weight update theta_i <- theta_i + eta (y - yhat) x_i"
// Equation:  for d = 1 .. N, in order:  yhat = step(w . x^(d)) = (w . x^(d) >= 0 ? 1 : 0)
//                                       w <- w + eta (y_d - yhat) x^(d)
// Shapes:    X: N x D (samples x inputs, x0 = 1); w: (D,); y: (N,) labels 0 or 1; eta > 0
//            ->  returns (D,) (the weights after one pass over the samples)
// Task:      The perceptron learning rule, for contrast with the gradient of 2.3. Call
//            check_weights(X, w) and check_targets(X, y, "y") first. Go through the samples in
//            order and update the weights after EACH sample, so that the next sample is
//            predicted with the updated weights (not one summed update, as in batch gradient
//            descent). yhat is the step function of the net input (1 when w . x >= 0, else 0),
//            not sigma; a sample predicted right leaves w unchanged.
// =============================================================================================
ch2::Vector ch2::perceptron_epoch(const Matrix& X, const Vector& w, const Vector& y, double eta) {
    (void)X, (void)w, (void)y, (void)eta;
    throw wb::not_implemented("2.6", "perceptron_epoch");
}
