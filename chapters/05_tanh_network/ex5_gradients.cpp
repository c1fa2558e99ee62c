#include <xtensor-blas/xlinalg.hpp>

#include "tanh_network.hpp"

// =============================================================================================
// Exercise 5.5  gradients
// Seed:      004 equation (1), "de/dW(l) = x(l-1) (delta(l))^T", "a weight matrix with dimensions
//            (d(l-1) + 1) x d(l) and the 'outer product' of the two vectors on the right give
//            exactly such a matrix"; component form de/dw_ij(l) = x_i(l-1) delta_j(l)
// Equation:  de/dW(l) = x(l-1) delta(l)^T   for l = 1, ..., L
// Shapes:    fw: the Forward of one point (x[l-1]: (1 + d(l-1),), bias unit first); delta: L + 1
//            entries, delta[0] empty, delta[l]: (d(l),)  ->  returns L + 1 entries, [0] empty,
//            [l]: (1 + d(l-1)) x d(l), the shape of W(l)
// Task:      Return the gradient of the point's error e with respect to every weight matrix.
//            Each is an outer product (xt::linalg::outer(a, b) gives a(i) b(j)): the output x(l-1)
//            of the layer the weights leave, bias unit included (row 0 of the gradient is the
//            bias's), times the sensitivity delta(l) of the layer they enter.
// =============================================================================================
ch5::Weights ch5::gradients(const Forward& fw, const Sensitivities& delta) {
    (void)fw, (void)delta;
    throw wb::not_implemented("5.5", "gradients");
}
