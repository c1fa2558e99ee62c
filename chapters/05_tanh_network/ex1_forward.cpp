#include <xtensor-blas/xlinalg.hpp>
#include <xtensor/xmanipulation.hpp>

#include "tanh_network.hpp"

// =============================================================================================
// Exercise 5.1  forward
// Seed:      004 algorithm box step 0, "Run forward propagation on x to compute and save: s(l)
//            for l = 1, ..., L; x(l) for l = 0, ..., L"; the example's table "Forward propagation"
// Equation:  x(0) = [1, x];   s(l) = W(l)^T x(l-1);   x(l) = [1, tanh(s(l))] for l < L;
//            x(L) = tanh(s(L)) (no bias unit after the output)
// Shapes:    x: (d(0),) the input without its bias unit; W: L + 1 entries, W[0] empty, W[l] =
//            W(l): (1 + d(l-1)) x d(l), W[L] one column  ->  returns Forward{s: L + 1 entries, s[0]
//            empty, s[l]: (d(l),); x: L + 1 entries, x[l]: (1 + d(l),) for l < L, x[L]: (1,)}
// Task:      First call check_weights(W, x.size()) (given): weights of the wrong shape (a missing
//            bias row, a transposed matrix) must stop with a wb::shape_error naming both shapes.
//            Then propagate forward and keep every s(l) and x(l). Note the transpose: W(l) is
//            (1 + d(l-1)) x d(l), so s(l) = W(l)^T x(l-1) (xt::linalg::dot(xt::transpose(W[l]),
//            x[l-1]), a 1-D result). Every hidden x(l) gets the bias unit 1 in front; the output
//            x(L) does not. theta = tanh at every layer, the output included (xt::tanh).
// =============================================================================================
ch5::Forward ch5::forward(const Vector& x, const Weights& W) {
    (void)x, (void)W;
    throw wb::not_implemented("5.1", "forward");
}
