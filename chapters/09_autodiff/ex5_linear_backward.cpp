#include <string>
#include <xtensor-blas/xlinalg.hpp>
#include <xtensor/xmath.hpp>
#include <xtensor/xview.hpp>

#include "autodiff.hpp"

// =============================================================================================
// Exercise 9.5  linear_backward
// Seed:      001 "Chain rule for tensors": grad_X z = sum_j dz/dY_j grad_X Y_j; algorithm 6.4:
//            grad_W J = g h^T, grad_b J = g, g <- W^T g (column layout; here rows are samples)
// Equation:  Z = X W + 1_B b,  G = dL/dZ:   dL/dX = G W^T,  dL/dW = X^T G,  dL/db = 1_B^T G
// Shapes:    X: B x D (samples x inputs); W: D x K (inputs x outputs); G: B x K (samples x
//            outputs)  ->  returns {dX: B x D, dW: D x K, db: 1 x K}
// Task:      The backward rules of the two tape nodes matmul (dX, dW) and add_bias (db). b was
//            added to every one of the B rows (broadcast), so its gradient is the SUM of G's
//            rows: a 1 x K row. Shapes that do not fit: throw wb::shape_error naming both. X fixes
//            B and D and W fixes K: check W against X (D rows), then G against B x K, each message
//            with the shape it got ("G should be 4x5 (samples x outputs), got 5x4").
// =============================================================================================
ch9::LinearGrads ch9::linear_backward(const Matrix& X, const Matrix& W, const Matrix& G) {
    (void)X;
    (void)W;
    (void)G;
    throw wb::not_implemented("9.5", "linear_backward");
}
