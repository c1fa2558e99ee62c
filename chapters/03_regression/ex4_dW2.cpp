#include <xtensor-blas/xlinalg.hpp>

#include "regression.hpp"

// =============================================================================================
// Exercise 3.4  dW2
// Seed:      000 "Backpropagation- Step 1: summary": dL/dW2 = (a2)^T delta3; "Now matrix
//            multiplication does the sum job"
// Equation:  dL/dW2 = a2^T delta3
// Shapes:    fw: the forward pass (fw.a2 is N x H, samples x hidden); d3: N x 1 (delta3)
//            ->  returns H x 1 (hidden x outputs, the shape of W2)
// Task:      Return the gradient of L with respect to W2 for all samples at once. The product
//            a2^T delta3 (H x N times N x 1) sums sample n's contribution delta3_n a2_n^T over n:
//            the seed's per-sample sum, in one product. Evaluate the transpose into a Matrix
//            before xt::linalg::dot. Use the activation a2, not the pre-activation Z2.
// =============================================================================================
ch3::Matrix ch3::dW2(const Forward& fw, const Matrix& d3) {
    (void)fw, (void)d3;
    throw wb::not_implemented("3.4", "dW2");
}
