#include "autodiff.hpp"

// =============================================================================================
// Exercise 9.9  weight_decay_cost
// Seed:      001 "Computational Graph" (d): "Linear regression and weight decay": yhat = x^T w and
//            the penalty lambda sum_i w_i^2 in one graph, w feeding both (algorithm 6.3:
//            J = L(yhat, y) + lambda Omega(theta))
// Equation:  yhat = X w,  J = 1/2 sum_n (yhat_n - y_n)^2 + lambda sum_i w_i^2
//            (so dJ/dw = X^T (X w - y) + 2 lambda w)
// Shapes:    X: N x D (samples x inputs); w: D x 1 (inputs x outputs); y: N x 1 (samples x
//            outputs); lambda >= 0  ->  returns the 1 x 1 node J, recorded on t
// Task:      Build the graph with the given ops (matmul, sub, square, sum, scale, add) so that
//            backward (9.8) differentiates it: w is used twice, by the prediction and by the
//            penalty. Computing J's number yourself and recording it as an input gives no
//            gradient. Shapes that do not fit: the ops throw wb::shape_error.
// =============================================================================================
ch9::Var ch9::weight_decay_cost(Tape& t, Var X, Var w, Var y, double lambda) {
    (void)t;
    (void)X;
    (void)w;
    (void)y;
    (void)lambda;
    throw wb::not_implemented("9.9", "weight_decay_cost");
}
