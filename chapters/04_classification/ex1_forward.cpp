#include <xtensor-blas/xlinalg.hpp>

#include "classification.hpp"
#include "workbook/given.hpp"

// =============================================================================================
// Exercise 4.1  forward
// Seed:      000 "FP+BP (Binary Classification)", Forward Propagation: a(1) = X, Z(2) = X W(1),
//            a(2) = sigma(Z(2)), Z(3) = a(2) W(2), f(X, W) = a(3) = sigma(Z(3)) ("sigmoid")
// Equation:  Z2 = X W1;  a2 = sigma(Z2);  Z3 = a2 W2;  f = sigma(Z3)
// Shapes:    X: N x D (samples x features); W1: D x H (features x hidden); W2: H x 1 (hidden x
//            outputs)  ->  returns Forward{Z2: N x H, a2: N x H, Z3: N x 1, f: N x 1}
// Task:      First call check_network(X, W1, W2) (given, network.cpp): weights of the wrong
//            shape must stop with a wb::shape_error that names both shapes, not with a BLAS error
//            or a wrong number. Then run the forward pass and keep every intermediate: the
//            backward pass needs Z2, a2 and f. Matrix products with xt::linalg::dot (assign its
//            result to a Matrix), sigma with wb::given::sigmoid.
//            (wb::given::sigmoid is declared in "workbook/given.hpp", included at the top.)
// =============================================================================================
ch4::Forward ch4::forward(const Matrix& X, const Matrix& W1, const Matrix& W2) {
    (void)X, (void)W1, (void)W2;
    throw wb::not_implemented("4.1", "forward");
}
