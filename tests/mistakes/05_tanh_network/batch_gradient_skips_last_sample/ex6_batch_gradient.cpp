// Mistakes bank, a wrong implementation: an off-by-one: the loop over the samples stops before the last one
#include <cmath>
#include <xtensor/xmanipulation.hpp>
#include <xtensor/xview.hpp>
#include <xtensor-blas/xlinalg.hpp>

#include "tanh_network.hpp"
#include "workbook/given.hpp"

ch5::Batch ch5::batch_gradient(const Matrix& X, const Vector& y, const Weights& W) {
    const std::size_t N = X.shape()[0], L = W.size() - 1;
    Batch b;
    b.dW.resize(L + 1);
    for (std::size_t l = 1; l <= L; ++l) b.dW[l] = xt::zeros_like(W[l]);
    for (std::size_t n = 0; n + 1 < N; ++n) {
        const Vector x = xt::row(X, n);
        const Forward fw = forward(x, W);
        const double diff = fw.x[L](0) - y(n);
        b.E += diff * diff;
        const Weights g = gradients(fw, sensitivities(fw, W, y(n)));
        for (std::size_t l = 1; l <= L; ++l) b.dW[l] += g[l];
    }
    b.E /= static_cast<double>(N);
    for (std::size_t l = 1; l <= L; ++l) b.dW[l] /= static_cast<double>(N);
    return b;
}
