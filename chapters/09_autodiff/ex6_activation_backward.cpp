#include <stdexcept>
#include <string>
#include <xtensor/xmath.hpp>

#include "autodiff.hpp"

// =============================================================================================
// Exercise 9.6  activation_backward
// Seed:      001 algorithm 6.4: "g <- grad_a J = g (.) f'(a) (element-wise multiplication if f is
//            element-wise)"; "for sigma() the following relation holds sigma' = sigma (1 - sigma)"
// Equation:  A = f(Z),  G = dL/dA:   dL/dZ = G .* f'(Z);   sigma' = A (1 - A),  tanh' = 1 - A^2,
//            relu'(z) = 1 if z > 0 else 0 (at z = 0 the tests accept 0 or 1, as chapter 8)
// Shapes:    op: Op::sigmoid, Op::tanh or Op::relu; Z, A, G: the same shape (any m x n)  ->
//            returns m x n
// Task:      The backward rule of the three element-wise activation nodes, from what the node
//            kept: its input Z and its output A. Another op: throw wb::argument_error naming
//            it (op_name). Shapes that differ: wb::shape_error.
// =============================================================================================
ch9::Matrix ch9::activation_backward(Op op, const Matrix& Z, const Matrix& A, const Matrix& G) {
    (void)op;
    (void)Z;
    (void)A;
    (void)G;
    throw wb::not_implemented("9.6", "activation_backward");
}
