// Mistakes bank, a wrong implementation: db2 = delta's first row: the bias gradient not summed over the batch (1_B^T missing)
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
    const std::size_t B = X.shape()[0];
    const Matrix ones = xt::ones<double>({B, std::size_t{1}});
    Gradients g;
    g.dW2 = xt::linalg::dot(xt::transpose(f.H), delta);
    g.db2 = xt::view(delta, xt::range(0, 1), xt::all());
    const Matrix back = xt::linalg::dot(delta, xt::transpose(net.W2));
    const Matrix delta1 = back * f.H * (1.0 - f.H);
    g.dW1 = xt::linalg::dot(xt::transpose(X), delta1);
    g.db1 = xt::linalg::dot(xt::transpose(ones), delta1);
    return g;
}
