// Reference solution of exercise 7.2 (statement: chapters/07_fast/ex2_epoch_noalias.cpp).
#include <algorithm>

#include <xtensor-blas/xlinalg.hpp>
#include <xtensor/xmath.hpp>
#include <xtensor/xnoalias.hpp>
#include <xtensor/xview.hpp>

#include "fast.hpp"
#include "workbook/rng.hpp"

// [listing:7.2]
double ch7::epoch_noalias(Network& net, const Matrix& X, const Matrix& Y, std::size_t B, double eta, std::uint64_t seed) {
    check_inputs(net, X, Y, B);
    const std::size_t N = X.shape()[0];
    const std::vector<std::size_t> order = wb::Rng(seed).permutation(N);
    double loss_sum = 0.0;
    std::size_t batches = 0;
    for (std::size_t begin = 0; begin < N; begin += B, ++batches) {
        const std::size_t end = std::min(begin + B, N);
        const Matrix Xb = take_rows(X, order, begin, end), Yb = take_rows(Y, order, begin, end);
        const double n = static_cast<double>(end - begin);
        const Matrix ones = xt::ones<double>({std::size_t{1}, end - begin});

        Matrix A1 = xt::linalg::dot(Xb, net.W1);
        xt::noalias(A1) = 1.0 / (1.0 + xt::exp(-(A1 + net.b1)));  // in place: element i reads only element i
        Matrix P = xt::linalg::dot(A1, net.W2);
        xt::noalias(P) += net.b2;
        const xt::xtensor<double, 1> row_max = xt::amax(P, {1});
        xt::noalias(P) = xt::exp(P - xt::view(row_max, xt::all(), xt::newaxis()));
        // the row sums left lazy: xt::sum(P, {1}) is re-read while P is overwritten element by element
        xt::noalias(P) = P / xt::view(xt::sum(P, {1}), xt::all(), xt::newaxis());
        loss_sum += -xt::sum(Yb * xt::log(P + kLogEps))() / n;
        xt::noalias(P) = (P - Yb) / n;  // P now holds delta2
        Matrix D1 = xt::linalg::dot(P, xt::transpose(net.W2));
        xt::noalias(D1) *= A1 * (1.0 - A1);
        const Matrix dW2 = xt::linalg::dot(xt::transpose(A1), P);
        const Matrix db2 = xt::linalg::dot(ones, P);
        const Matrix dW1 = xt::linalg::dot(xt::transpose(Xb), D1);
        const Matrix db1 = xt::linalg::dot(ones, D1);
        // noalias: the right-hand side never reads the target at another element, so no temporary.
        xt::noalias(net.W1) -= eta * dW1;
        xt::noalias(net.b1) -= eta * db1;
        xt::noalias(net.W2) -= eta * dW2;
        xt::noalias(net.b2) -= eta * db2;
    }
    return loss_sum / static_cast<double>(batches);
}
// [/listing]
