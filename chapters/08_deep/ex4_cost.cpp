#include <cmath>

#include <xtensor/xmath.hpp>

#include "deep.hpp"

// =============================================================================================
// Exercise 8.4  cost
// Seed:      001 Algorithm 6.3 "J = L(yhat, y) + lambda Omega(theta)"; "Function error, with c
//            output units: E = 1/(2cN) sum_p sum_k (t_k - z_k)^2"; 000 learning objective "why and
//            how to add regularization terms"; 002 cross-entropy
// Equation:  squared_error L = 1/(2cN) sum_n sum_k (yhat_nk - y_nk)^2
//            binary_cross_entropy L = -1/N sum_n sum_k [y log(yhat + eps) + (1 - y) log(1 - yhat + eps)]
//            softmax_cross_entropy L = -1/N sum_n sum_k y log(yhat + eps)      (eps = ch8::kLogEps)
//            Omega = 1/2 sum_{k=1..l} ||W(k)||_F^2  (the weights only);  J = L + lambda Omega
// Shapes:    net (its loss kind and W's); Yhat, Y: N x c (samples x outputs, c = n_l);
//            lambda >= 0  ->  returns Cost{L, Omega, J}
// Task:      The cost of a batch with weight decay. Biases are not decayed (the README says why).
//            Validate with ch8::check_network(net) and ch8::check_lambda(lambda) (lambda < 0 is a
//            wb::argument_error), and Yhat and Y with wb::require_shape (N x n_l).
// =============================================================================================
ch8::Cost ch8::cost(const Network& net, const Matrix& Yhat, const Matrix& Y, double lambda) {
    (void)net, (void)Yhat, (void)Y, (void)lambda;
    throw wb::not_implemented("8.4", "cost");
}
