// Mistakes bank, chapter 8, case backward_decay_times_two (wrong): 2 lambda W(k): the derivative of lambda ||W||^2 without Omega's 1/2
#include <xtensor-blas/xblas.hpp>

#include "deep.hpp"

// [listing:8.6]
ch8::Gradients ch8::backward(const Network& net, const Forward& fw, const Matrix& G, double lambda) {
    check_network(net);
    check_forward(net, fw);
    check_lambda(lambda);
    const std::size_t l = net.arch.depth(), N = fw.H[0].shape()[0];
    wb::require_shape("G", G, {N, net.arch.sizes[l]}, "samples x outputs: dJ/dA(l) from exercise 8.5");
    const Matrix ones = xt::ones<double>({N, std::size_t{1}});  // 1_N: 1_N^T M sums M's rows
    Gradients grad = zero_gradients(net);
    Matrix g = G;                                             // g = dJ/dA(l)
    for (std::size_t k = l; k >= 1; --k) {
        xt::blas::gemm(fw.H[k - 1], g, grad.dW[k], true);     // H(k-1)^T g       n_{k-1} x n_k
        grad.dW[k] += 2.0 * lambda * net.W[k];                      // + lambda dOmega/dW(k) = lambda W(k)
        xt::blas::gemm(ones, g, grad.db[k], true);            // 1_N^T g          1 x n_k  (no decay)
        if (k == 1) break;
        Matrix back = xt::empty<double>({N, net.arch.sizes[k - 1]});
        xt::blas::gemm(g, net.W[k], back, false, true);       // dJ/dH(k-1) = g W(k)^T
        g = back * activation_prime(fw.A[k - 1], net.arch.f(k - 1));  // (x) f'(A(k-1))
    }
    return grad;
}
// [/listing]
