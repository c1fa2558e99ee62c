// Reference solution of exercise 7.3 (statement: chapters/07_fast/ex3_epoch_gemm_forward.cpp).
#include <algorithm>

#include <xtensor-blas/xblas.hpp>
#include <xtensor-blas/xlinalg.hpp>
#include <xtensor/xmath.hpp>
#include <xtensor/xnoalias.hpp>
#include <xtensor/xview.hpp>

#include "fast.hpp"
#include "workbook/rng.hpp"

// [listing:7.3]
double ch7::epoch_gemm_forward(Network& net, const Matrix& X, const Matrix& Y, std::size_t B, double eta,
                               std::uint64_t seed) {
    check_inputs(net, X, Y, B);
    const std::size_t N = X.shape()[0], H = net.W1.shape()[1], K = net.W2.shape()[1];
    const std::vector<std::size_t> order = wb::Rng(seed).permutation(N);
    double loss_sum = 0.0;
    std::size_t batches = 0;
    for (std::size_t begin = 0; begin < N; begin += B, ++batches) {
        const std::size_t end = std::min(begin + B, N), rows = end - begin;
        const Matrix Xb = take_rows(X, order, begin, end), Yb = take_rows(Y, order, begin, end);
        const double n = static_cast<double>(rows);
        const Matrix ones = xt::ones<double>({rows, std::size_t{1}});

        // Forward: the buffer first holds 1 b (every row the bias), then gemm adds X W (beta = 1).
        Matrix A1 = xt::empty<double>({rows, H});
        xt::blas::gemm(ones, net.b1, A1);
        xt::blas::gemm(Xb, net.W1, A1, false, false, 1.0, 1.0);
        xt::noalias(A1) = 1.0 / (1.0 + xt::exp(-A1));
        Matrix P = xt::empty<double>({rows, K});
        xt::blas::gemm(ones, net.b2, P);
        xt::blas::gemm(A1, net.W2, P, false, false, 1.0, 1.0);
        const xt::xtensor<double, 1> row_max = xt::amax(P, {1});
        xt::noalias(P) = xt::exp(P - xt::view(row_max, xt::all(), xt::newaxis()));
        const xt::xtensor<double, 1> row_sum = xt::sum(P, {1});
        xt::noalias(P) /= xt::view(row_sum, xt::all(), xt::newaxis());
        loss_sum += -xt::sum(Yb * xt::log(P + kLogEps))() / n;
        xt::noalias(P) = (P - Yb) / n;  // delta2

        // Backward as in 7.2.
        Matrix D1 = xt::linalg::dot(P, xt::transpose(net.W2));
        xt::noalias(D1) *= A1 * (1.0 - A1);
        const Matrix dW2 = xt::linalg::dot(xt::transpose(A1), P);
        const Matrix db2 = xt::linalg::dot(xt::transpose(ones), P);
        const Matrix dW1 = xt::linalg::dot(xt::transpose(Xb), D1);
        const Matrix db1 = xt::linalg::dot(xt::transpose(ones), D1);
        xt::noalias(net.W1) -= eta * dW1;
        xt::noalias(net.b1) -= eta * db1;
        xt::noalias(net.W2) -= eta * dW2;
        xt::noalias(net.b2) -= eta * db2;
    }
    return loss_sum / static_cast<double>(batches);
}
// [/listing]
