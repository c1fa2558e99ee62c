// Mistakes bank, chapter 8, case forward_skips_output_layer (wrong): the layer loop off by one: k = 1..l-1, the output layer never computed
#include <xtensor-blas/xblas.hpp>

#include "deep.hpp"

// [listing:8.3]
ch8::Forward ch8::forward(const Network& net, const Matrix& X) {
    check_input(net, X);
    const std::size_t l = net.arch.depth(), N = X.shape()[0];
    Forward fw;
    fw.A.assign(l + 1, Matrix{});
    fw.H.assign(l + 1, Matrix{});
    fw.H[0] = X;                                             // h(0) = x
    for (std::size_t k = 1; k < l; ++k) {
        Matrix A = xt::empty<double>({N, net.arch.sizes[k]});
        xt::blas::gemm(fw.H[k - 1], net.W[k], A);             // H(k-1) W(k)      N x n_k
        fw.A[k] = A + net.b[k];                               // + 1_N b(k): b(k) added to every row
        fw.H[k] = activation(fw.A[k], net.arch.f(k));         // h(k) = f(a(k))
    }
    return fw;                                               // yhat = H[l]
}
// [/listing]
