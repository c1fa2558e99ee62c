#include <xtensor-blas/xlinalg.hpp>

#include "perceptron.hpp"
#include "workbook/given.hpp"

// =============================================================================================
// Exercise 2.3  gradient
// Seed:      001 "Gradient Computation for Sigmoidal Units": dE/dw_i = -1/N_Tr sum_{d in Tr}
//            (t^(d) - out^(d)) sigma(w . x^(d)) (1 - sigma(w . x^(d))) x_i^(d)
// Equation:  dE/dw = -1/N X^T ((t - out) .* sigma'(X w)),   out = sigma(X w)
//            (.* is the element-wise product; sigma'(net) = sigma(net)(1 - sigma(net)))
// Shapes:    X: N x D (samples x inputs); w: (D,); t: (N,)  ->  returns (D,) (one partial
//            derivative per weight); X^T is D x N, (t - out) .* sigma'(X w) is (N,)
// Task:      Call the given check_weights(X, w) and check_targets(X, t) first. Then return the
//            gradient of the error E of exercise 2.2 for all samples at once (no loop over the
//            samples: the product X^T r does the sum over d). Keep seed 001's minus sign: the
//            residual is (t - out), and the derivative of -out brings the minus. sigma' is taken
//            at the net input X w, not at the output out (wb::given::sigmoid_prime).
//            (wb::given::sigmoid_prime is declared in "workbook/given.hpp", included at the top.)
// =============================================================================================
ch2::Vector ch2::gradient(const Matrix& X, const Vector& w, const Vector& t) {
    (void)X, (void)w, (void)t;
    throw wb::not_implemented("2.3", "gradient");
}
