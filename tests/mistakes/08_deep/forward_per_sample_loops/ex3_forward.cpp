// Mistakes bank, chapter 8, case forward_per_sample_loops (correct): one sample and one unit at a time, no BLAS
#include <xtensor-blas/xblas.hpp>

#include "deep.hpp"

ch8::Forward ch8::forward(const Network& net, const Matrix& X) {
    check_input(net, X);
    const std::size_t l = net.arch.depth(), N = X.shape()[0];
    Forward fw{std::vector<Matrix>(l + 1), std::vector<Matrix>(l + 1)};
    fw.H[0] = X;
    for (std::size_t k = 1; k <= l; ++k) {
        const std::size_t in = net.arch.sizes[k - 1], out = net.arch.sizes[k];
        fw.A[k] = xt::zeros<double>({N, out});
        for (std::size_t n = 0; n < N; ++n)
            for (std::size_t j = 0; j < out; ++j) {
                double a = net.b[k](0, j);
                for (std::size_t i = 0; i < in; ++i) a += fw.H[k - 1](n, i) * net.W[k](i, j);
                fw.A[k](n, j) = a;
            }
        fw.H[k] = activation(fw.A[k], net.arch.f(k));
    }
    return fw;
}
