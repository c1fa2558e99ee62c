#include <xtensor-blas/xblas.hpp>

#include "deep.hpp"

// =============================================================================================
// Exercise 8.6  backward
// Seed:      001 Algorithm 6.4: for k = l, ..., 1: grad_b(k) J = g + lambda grad_b(k) Omega;
//            grad_W(k) J = g h(k-1)^T + lambda grad_W(k) Omega; g <- grad_h(k-1) J = W(k)^T g;
//            g <- g (x) f'(a(k-1))    (the seed's column form; here transposed, see the README)
// Equation:  G = G(l);  for k = l, ..., 1:
//              dW(k) = H(k-1)^T G + lambda W(k);   db(k) = 1_N^T G   (biases: no decay)
//              if k > 1:  G <- (G W(k)^T) (x) f_{k-1}'(A(k-1))
// Shapes:    net: W[k] n_{k-1} x n_k; fw from exercise 8.3; G: N x n_l (exercise 8.5, with its
//            1/N); lambda >= 0  ->  returns Gradients{dW[k] n_{k-1} x n_k, db[k] 1 x n_k;
//            entry 0 empty}
// Task:      Back-propagate through every layer, from the output down to the first. The weight
//            decay adds lambda W(k) (the gradient of lambda/2 ||W(k)||^2) to dW(k) only. f' is
//            taken at the PRE-activation A(k-1) (exercise 8.2). ch8::zero_gradients(net) gives
//            containers of the right shapes; validate with check_network, check_forward,
//            check_lambda and G's shape.
// =============================================================================================
ch8::Gradients ch8::backward(const Network& net, const Forward& fw, const Matrix& G, double lambda) {
    (void)net, (void)fw, (void)G, (void)lambda;
    throw wb::not_implemented("8.6", "backward");
}
