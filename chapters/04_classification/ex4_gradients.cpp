#include <xtensor-blas/xlinalg.hpp>
#include <xtensor/xmanipulation.hpp>

#include "classification.hpp"
#include "workbook/given.hpp"

// =============================================================================================
// Exercise 4.4  gradients
// Seed:      000 "FP+BP (Binary Classification)", Backward Propagation, and "BP Step 1 + Step 2"
// Equation:  dL/dW2 = a2^T delta3;   delta2 = (delta3 W2^T) .* sigma'(Z2);   dL/dW1 = X^T delta2
// Shapes:    X: N x D (samples x features); fw: the Forward of X (Z2, a2: N x H; Z3, f: N x 1);
//            W2: H x 1 (hidden x outputs); delta3: N x 1 (samples x outputs), f - t
//            ->  returns Gradients{dW1: D x H (features x hidden), dW2: H x 1 (hidden x outputs)}
// Task:      Backpropagate delta3 and return both gradients of the summed loss L. A
//            juxtaposition is a matrix product (xt::linalg::dot, xt::transpose), ".*" is element
//            by element. sigma' is taken at Z2, the hidden pre-activation
//            (wb::given::sigmoid_prime(fw.Z2)), not at a2. The matrix products do the sum over
//            the N samples (seed 000: "matrix multiplication also does the sum job"): no loop over
//            samples and no 1/N.
//            (wb::given::sigmoid_prime is declared in "workbook/given.hpp", included at the top.)
// =============================================================================================
ch4::Gradients ch4::gradients(const Matrix& X, const Forward& fw, const Matrix& W2, const Matrix& delta3) {
    (void)X, (void)fw, (void)W2, (void)delta3;
    throw wb::not_implemented("4.4", "gradients");
}
