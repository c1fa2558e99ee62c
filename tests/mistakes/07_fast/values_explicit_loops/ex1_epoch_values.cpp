// Exercise 7.1 with explicit loops: every intermediate a value (a matrix filled once), no BLAS.
#include <algorithm>
#include <cmath>

#include <xtensor/xbuilder.hpp>

#include "fast.hpp"
#include "workbook/rng.hpp"

double ch7::epoch_values(Network& net, const Matrix& X, const Matrix& Y, std::size_t B, double eta, std::uint64_t seed) {
    check_inputs(net, X, Y, B);
    const std::size_t N = X.shape()[0], D = X.shape()[1], H = net.W1.shape()[1], K = net.W2.shape()[1];
    const std::vector<std::size_t> order = wb::Rng(seed).permutation(N);
    double loss_sum = 0.0;
    std::size_t batches = 0;
    for (std::size_t begin = 0; begin < N; begin += B, ++batches) {
        const std::size_t end = std::min(begin + B, N), rows = end - begin;
        const Matrix Xb = take_rows(X, order, begin, end), Yb = take_rows(Y, order, begin, end);
        const double n = static_cast<double>(rows);

        Matrix A1({rows, H}), D2({rows, K}), D1({rows, H});
        double loss = 0.0;
        for (std::size_t r = 0; r < rows; ++r) {
            for (std::size_t j = 0; j < H; ++j) {
                double z = net.b1(0, j);
                for (std::size_t i = 0; i < D; ++i) z += Xb(r, i) * net.W1(i, j);
                A1(r, j) = 1.0 / (1.0 + std::exp(-z));
            }
            std::vector<double> z(K);
            for (std::size_t c = 0; c < K; ++c) {
                z[c] = net.b2(0, c);
                for (std::size_t j = 0; j < H; ++j) z[c] += A1(r, j) * net.W2(j, c);
            }
            const double m = *std::max_element(z.begin(), z.end());
            double sum = 0.0;
            for (std::size_t c = 0; c < K; ++c) sum += std::exp(z[c] - m);
            for (std::size_t c = 0; c < K; ++c) {
                const double p = std::exp(z[c] - m) / sum;
                loss -= Yb(r, c) * std::log(p + kLogEps);
                D2(r, c) = (p - Yb(r, c)) / n;
            }
            for (std::size_t j = 0; j < H; ++j) {
                double t = 0.0;
                for (std::size_t c = 0; c < K; ++c) t += D2(r, c) * net.W2(j, c);
                D1(r, j) = t * A1(r, j) * (1.0 - A1(r, j));
            }
        }
        loss_sum += loss / n;

        Matrix dW1 = xt::zeros<double>({D, H}), db1 = xt::zeros<double>({std::size_t{1}, H});
        Matrix dW2 = xt::zeros<double>({H, K}), db2 = xt::zeros<double>({std::size_t{1}, K});
        for (std::size_t r = 0; r < rows; ++r) {
            for (std::size_t j = 0; j < H; ++j) {
                for (std::size_t c = 0; c < K; ++c) dW2(j, c) += A1(r, j) * D2(r, c);
                for (std::size_t i = 0; i < D; ++i) dW1(i, j) += Xb(r, i) * D1(r, j);
                db1(0, j) += D1(r, j);
            }
            for (std::size_t c = 0; c < K; ++c) db2(0, c) += D2(r, c);
        }
        net.W1 -= eta * dW1;
        net.b1 -= eta * db1;
        net.W2 -= eta * dW2;
        net.b2 -= eta * db2;
    }
    return loss_sum / static_cast<double>(batches);
}
