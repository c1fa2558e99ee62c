#include <xtensor-blas/xlinalg.hpp>

#include "regression.hpp"

// =============================================================================================
// Exercise 3.6  dW1
// Seed:      000 "Step 2: summary for all data": dL/dW1 = X^T delta2 = (a1)^T delta2
//            (shapes on the slide: 2x3 = 2x4 4x3)
// Equation:  dL/dW1 = X^T delta2
// Shapes:    X: N x D (samples x inputs); d2: N x H (delta2, samples x hidden)
//            ->  returns D x H (inputs x hidden, the shape of W1)
// Task:      Return the gradient of L with respect to W1: the input of layer 1 (X = a1),
//            transposed, times the error term of the layer the weights lead into (delta2). As in
//            3.4, the product sums over the samples; no 1/N (L has none).
// =============================================================================================
ch3::Matrix ch3::dW1(const Matrix& X, const Matrix& d2) {
    (void)X, (void)d2;
    throw wb::not_implemented("3.6", "dW1");
}
