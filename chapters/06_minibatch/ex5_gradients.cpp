#include <xtensor-blas/xblas.hpp>

#include "minibatch.hpp"

// =============================================================================================
// Exercise 6.5  gradients
// Seed:      004 (1) de/dW(l) = x(l-1) (delta(l))^T and (2) delta(l) = theta'(s(l)) (x) [W(l+1)
//            delta(l+1)]; "dE/dW(l) = 1/N sum_n de_n/dW(l)"; 002 Step 3: grad_b = delta
// Equation:  dW2 = H^T delta2;  db2 = 1_B^T delta2;  delta1 = (delta2 W2^T) (x) H (x) (1 - H);
//            dW1 = X^T delta1;  db1 = 1_B^T delta1     ((x): element-wise; sigma' = H (1 - H))
// Shapes:    X: B x D (samples x inputs); f.H: B x H (samples x hidden); delta: B x K (samples x
//            classes, exercise 6.4: it already holds the 1/B); net: W1 D x H, b1 1 x H, W2 H x K,
//            b2 1 x K  ->  returns Gradients{dW1: D x H, db1: 1 x H, dW2: H x K, db2: 1 x K}
// Task:      Backpropagate one batch. The row layout turns seed 004's per-sample outer products
//            x delta^T into one product X^T delta that sums over the batch's samples; because
//            delta carries 1/B, the result is the mean of the per-sample gradients, as seed 004's
//            batch gradient. A bias gradient is the column sums of its delta (1_B^T delta), a row.
//            sigma'(Z1) from the activation: H (1 - H) (f.H is sigma(Z1) already).
// =============================================================================================
ch6::Gradients ch6::gradients(const Matrix& X, const Forward& f, const Matrix& delta, const Network& net) {
    (void)X, (void)f, (void)delta, (void)net;
    throw wb::not_implemented("6.5", "gradients");
}
