// Mistakes bank, correct but different: all four gradients accumulated sample by sample with scalar loops
#include <algorithm>
#include <cmath>
#include <stdexcept>
#include <string>
#include <xtensor/xmath.hpp>
#include <xtensor/xnoalias.hpp>
#include <xtensor/xview.hpp>
#include <xtensor-blas/xblas.hpp>
#include <xtensor-blas/xlinalg.hpp>

#include "minibatch.hpp"
#include "workbook/given.hpp"
#include "workbook/rng.hpp"

ch6::Gradients ch6::gradients(const Matrix& X, const Forward& f, const Matrix& delta, const Network& net) {
    const std::size_t B = X.shape()[0], D = X.shape()[1], H = net.W1.shape()[1], K = net.W2.shape()[1];
    Gradients g{xt::zeros<double>({D, H}), xt::zeros<double>({std::size_t{1}, H}), xt::zeros<double>({H, K}),
                xt::zeros<double>({std::size_t{1}, K})};
    for (std::size_t n = 0; n < B; ++n) {
        for (std::size_t k = 0; k < K; ++k) {
            g.db2(0, k) += delta(n, k);
            for (std::size_t h = 0; h < H; ++h) g.dW2(h, k) += f.H(n, h) * delta(n, k);
        }
        for (std::size_t h = 0; h < H; ++h) {
            double back = 0.0;
            for (std::size_t k = 0; k < K; ++k) back += delta(n, k) * net.W2(h, k);
            const double d1 = back * f.H(n, h) * (1.0 - f.H(n, h));
            g.db1(0, h) += d1;
            for (std::size_t j = 0; j < D; ++j) g.dW1(j, h) += X(n, j) * d1;
        }
    }
    return g;
}
