// Mistakes bank, chapter 8, case backward_per_layer_loops (correct): plain loops per layer and unit, a signed layer index, the bias sums by hand
#include <xtensor-blas/xblas.hpp>

#include "deep.hpp"

// Algorithm 6.4 one sample, one unit at a time, with a signed layer index.
ch8::Gradients ch8::backward(const Network& net, const Forward& fw, const Matrix& G, double lambda) {
    check_network(net);
    check_forward(net, fw);
    check_lambda(lambda);
    const std::size_t l = net.arch.depth(), N = fw.H[0].shape()[0];
    wb::require_shape("G", G, {N, net.arch.sizes[l]}, "samples x outputs");
    Gradients grad = zero_gradients(net);
    Matrix g = G;
    for (long k = static_cast<long>(l); k >= 1; --k) {
        const auto K = static_cast<std::size_t>(k);
        const std::size_t in = net.arch.sizes[K - 1], out = net.arch.sizes[K];
        for (std::size_t i = 0; i < in; ++i)
            for (std::size_t j = 0; j < out; ++j) {
                double s = 0.0;
                for (std::size_t n = 0; n < N; ++n) s += fw.H[K - 1](n, i) * g(n, j);
                grad.dW[K](i, j) = s + lambda * net.W[K](i, j);
            }
        for (std::size_t j = 0; j < out; ++j) {
            double s = 0.0;
            for (std::size_t n = 0; n < N; ++n) s += g(n, j);
            grad.db[K](0, j) = s;
        }
        if (K > 1) {
            const Matrix slope = activation_prime(fw.A[K - 1], net.arch.f(K - 1));
            Matrix prev = xt::zeros<double>({N, in});
            for (std::size_t n = 0; n < N; ++n)
                for (std::size_t i = 0; i < in; ++i) {
                    double s = 0.0;
                    for (std::size_t j = 0; j < out; ++j) s += g(n, j) * net.W[K](i, j);
                    prev(n, i) = s * slope(n, i);
                }
            g = prev;
        }
    }
    return grad;
}
