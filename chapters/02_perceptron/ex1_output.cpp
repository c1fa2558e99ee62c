#include <xtensor-blas/xlinalg.hpp>

#include "perceptron.hpp"
#include "workbook/given.hpp"

// =============================================================================================
// Exercise 2.1  output
// Seed:      001 "EX: Gradient Computation for Sigmoidal Units": out(x) = sigma(sum_{i=0}^n w_i x_i)
//            = sigma(w . x), sigma(net) = 1 / (1 + e^-net)
// Equation:  out = sigma(X w)          (out_d = sigma(w . x^(d)), one per sample d)
// Shapes:    X: N x D (samples x inputs, column 0 is x0 = 1); w: (D,) (one weight per input)
//            ->  returns (N,) (one output per sample)
// Task:      First call the given check_weights(X, w) (data.cpp): a w of the wrong length must
//            throw wb::shape_error naming both shapes. Then compute the net input w . x of every
//            sample at once, net = X w (xt::linalg::dot; an N-vector), and return sigma of it
//            (wb::given::sigmoid from "workbook/given.hpp").
// =============================================================================================
ch2::Vector ch2::output(const Matrix& X, const Vector& w) {
    (void)X, (void)w;
    throw wb::not_implemented("2.1", "output");
}
