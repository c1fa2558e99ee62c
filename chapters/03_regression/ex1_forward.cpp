#include <xtensor-blas/xlinalg.hpp>

#include "regression.hpp"
#include "workbook/given.hpp"

// =============================================================================================
// Exercise 3.1  forward
// Seed:      000 "FP+BP (Regression)", Forward Propagation: a1 = X; Z2 = X W1; a2 = sigma(Z2);
//            Z3 = a2 W2; f(X, W) = a3 = sigma(Z3)
// Equation:  Z2 = X W1,  a2 = sigma(Z2),  Z3 = a2 W2,  f = sigma(Z3)
// Shapes:    X: N x D (samples x inputs); W1: D x H (inputs x hidden); W2: H x 1 (hidden x
//            outputs)  ->  returns Forward{Z2: N x H, a2: N x H, Z3: N x 1, f: N x 1}
// Task:      First call the given check_network(X, W1, W2) (network.cpp): weights of the wrong
//            shape must throw wb::shape_error naming both shapes ("W1 should be 2x3 (inputs x
//            hidden), got 3x2"). Then run the forward pass for all samples at once and keep every
//            layer's Z and a: backpropagation needs them. Matrix products with xt::linalg::dot,
//            sigma with wb::given::sigmoid. The output unit is a sigmoid too, as in the seed's
//            derivation (its sigma'(Z3) in delta3): not the identity.
//            (wb::given::sigmoid is declared in "workbook/given.hpp", included at the top.)
// =============================================================================================
ch3::Forward ch3::forward(const Matrix& X, const Matrix& W1, const Matrix& W2) {
    (void)X, (void)W1, (void)W2;
    throw wb::not_implemented("3.1", "forward");
}
