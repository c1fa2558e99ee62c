// Reference solution of exercise 7.1 (statement: chapters/07_fast/ex1_epoch_values.cpp).
#include <algorithm>

#include <xtensor-blas/xlinalg.hpp>
#include <xtensor/xmath.hpp>
#include <xtensor/xview.hpp>

#include "fast.hpp"
#include "workbook/rng.hpp"

// [listing:7.1]
double ch7::epoch_values(Network& net, const Matrix& X, const Matrix& Y, std::size_t B, double eta, std::uint64_t seed) {
    check_inputs(net, X, Y, B);
    const std::size_t N = X.shape()[0];
    const std::vector<std::size_t> order = wb::Rng(seed).permutation(N);
    double loss_sum = 0.0;
    std::size_t batches = 0;
    for (std::size_t begin = 0; begin + B <= N; begin += B, ++batches) {  // full batches only
        const std::size_t end = std::min(begin + B, N);
        const Matrix Xb = take_rows(X, order, begin, end), Yb = take_rows(Y, order, begin, end);
        const double n = static_cast<double>(end - begin);
        const Matrix ones = xt::ones<double>({std::size_t{1}, end - begin});

        // Every intermediate is a value: computed once, here, and read as often as needed.
        const Matrix Z1 = xt::linalg::dot(Xb, net.W1) + net.b1;
        const Matrix A1 = 1.0 / (1.0 + xt::exp(-Z1));
        const Matrix Z2 = xt::linalg::dot(A1, net.W2) + net.b2;
        const xt::xtensor<double, 1> row_max = xt::amax(Z2, {1});  // K values a row, once
        const Matrix E = xt::exp(Z2 - xt::view(row_max, xt::all(), xt::newaxis()));
        const xt::xtensor<double, 1> row_sum = xt::sum(E, {1});
        const Matrix P = E / xt::view(row_sum, xt::all(), xt::newaxis());
        loss_sum += -xt::sum(Yb * xt::log(P + kLogEps))() / n;
        const Matrix delta2 = (P - Yb) / n;
        const Matrix delta1 = xt::linalg::dot(delta2, xt::transpose(net.W2)) * A1 * (1.0 - A1);
        const Matrix dW2 = xt::linalg::dot(xt::transpose(A1), delta2);
        const Matrix db2 = xt::linalg::dot(ones, delta2);
        const Matrix dW1 = xt::linalg::dot(xt::transpose(Xb), delta1);
        const Matrix db1 = xt::linalg::dot(ones, delta1);
        net.W1 = net.W1 - eta * dW1;  // a new matrix each, then moved into place
        net.b1 = net.b1 - eta * db1;
        net.W2 = net.W2 - eta * dW2;
        net.b2 = net.b2 - eta * db2;
    }
    return loss_sum / static_cast<double>(batches);
}
// [/listing]
