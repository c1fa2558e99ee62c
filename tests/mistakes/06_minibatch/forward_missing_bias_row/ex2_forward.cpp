// Mistakes bank, a wrong implementation: Z1 = X W1 without the bias row 1_B b1
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

ch6::Forward ch6::forward(const Matrix& X, const Network& net) {
    check_network(net, X);
    const std::size_t B = X.shape()[0];
    const Matrix ones = xt::ones<double>({B, std::size_t{1}});
    Forward f;
    f.H = wb::given::sigmoid(Matrix(xt::linalg::dot(X, net.W1)));
    const Matrix Z2 = xt::linalg::dot(f.H, net.W2) + xt::linalg::dot(ones, net.b2);
    const xt::xtensor<double, 1> row_max = xt::amax(Z2, {1});
    const Matrix E = xt::exp(Z2 - xt::view(row_max, xt::all(), xt::newaxis()));
    const xt::xtensor<double, 1> row_sum = xt::sum(E, {1});
    f.P = E / xt::view(row_sum, xt::all(), xt::newaxis());
    return f;
}
