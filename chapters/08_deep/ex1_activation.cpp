#include <algorithm>
#include <cmath>

#include <xtensor/xmath.hpp>

#include "deep.hpp"
#include "workbook/given.hpp"

// =============================================================================================
// Exercise 8.1  activation
// Seed:      001 Algorithm 6.3 "h(k) = f(a(k))", the ReLU layer of "Computational Graph" (c), the
//            sigmoid of "Gradient Computation for Sigmoidal Units"; 002 softmax
// Equation:  identity f(a) = a;  sigmoid f(a) = 1 / (1 + e^-a);  tanh f(a) = tanh(a);
//            relu f(a) = max(0, a);  softmax f(a)_nj = e^{a_nj} / sum_i e^{a_ni} (per row n)
// Shapes:    A: N x n (samples x units), f: one of ch8::Activation  ->  returns N x n
// Task:      Apply layer activation f to the pre-activations A. The first four act element by
//            element; softmax acts on each row (one sample's outputs) and must not overflow for
//            large a: subtract the row's largest entry before exp. wb::given::sigmoid is
//            given ("workbook/given.hpp").
//            xtensor 0.24.3: a row reducer used unevaluated inside a bigger expression, as in
//            A - xt::amax(A, {1}, xt::keep_dims) or e / xt::sum(e, {1}, xt::keep_dims), gives wrong
//            rows after the first; evaluate it into a Matrix first, or loop over the rows.
//            An f that is not one of the enum's values: call ch8::check_activation(f), which
//            throws wb::argument_error naming the known ones.
// =============================================================================================
ch8::Matrix ch8::activation(const Matrix& A, Activation f) {
    (void)A, (void)f;
    throw wb::not_implemented("8.1", "activation");
}
