#include "minibatch.hpp"

// =============================================================================================
// Exercise 6.4  output_delta
// Seed:      002 "Backpropagation Step 1": delta[N] = grad_z[N] L(yhat, y), "Sometimes we may
//            compute this term directly (e.g g[N] is the softmax funct.)": for softmax with
//            cross-entropy it is yhat - y; 004: E = 1/N sum_n e_n, so each sample's delta gets 1/B
// Equation:  delta2 = dL/dZ2 = (P - Y) / B
// Shapes:    P: B x K (samples x classes); Y: B x K one-hot  ->  returns B x K (samples x classes)
// Task:      Return the gradient of the batch's mean cross-entropy (exercise 6.3) with respect
//            to the output pre-activations Z2. The softmax's Jacobian and the log cancel to
//            yhat - y per sample; the mean over the batch contributes 1/B (B = the rows of P).
//            The sign: P - Y, so that gradient descent lowers the probability of wrong classes.
// =============================================================================================
ch6::Matrix ch6::output_delta(const Matrix& P, const Matrix& Y) {
    (void)P, (void)Y;
    throw wb::not_implemented("6.4", "output_delta");
}
