// Reference solution of exercise 9.6 (statement: chapters/09_autodiff/ex6_activation_backward.cpp).
#include <stdexcept>
#include <string>
#include <xtensor/xmath.hpp>

#include "autodiff.hpp"

// [listing:9.6]
ch9::Matrix ch9::activation_backward(Op op, const Matrix& Z, const Matrix& A, const Matrix& G) {
    wb::require_shape("A", A, {Z.shape()[0], Z.shape()[1]}, "the shape of Z: A = f(Z)");
    wb::require_shape("G", G, {Z.shape()[0], Z.shape()[1]}, "the shape of A: dL/dA");
    switch (op) {
        case Op::sigmoid: return G * A * (1.0 - A);                        // sigma' = sigma (1 - sigma)
        case Op::tanh: return G * (1.0 - A * A);                          // tanh' = 1 - tanh^2
        case Op::relu: return G * xt::cast<double>(Z > 0.0);              // 1 where z > 0 (0 at z = 0)
        default: throw wb::argument_error("activation_backward: " + op_name(op) + " is not sigmoid, tanh or relu");
    }
}
// [/listing]
