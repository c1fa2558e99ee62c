// Reference solution of exercise 7.4 (statement: chapters/07_fast/ex4_epoch_workspace.cpp).
#include <algorithm>
#include <cmath>

#include <xtensor-blas/xblas.hpp>
#include <xtensor/xmath.hpp>
#include <xtensor/xnoalias.hpp>

#include "fast.hpp"
#include "workbook/rng.hpp"

// [listing:7.4]
double ch7::epoch_workspace(Network& net, const Matrix& X, const Matrix& Y, std::size_t B, double eta,
                            std::uint64_t seed, Workspace& ws) {
    using xt::blas::gemm;
    check_inputs(net, X, Y, B);
    const std::size_t N = X.shape()[0], D = X.shape()[1], H = net.W1.shape()[1], K = net.W2.shape()[1];
    const std::vector<std::size_t> order = wb::Rng(seed).permutation(N);
    double loss_sum = 0.0;
    std::size_t batches = 0;
    Matrix db2 = xt::zeros<double>({std::size_t{1}, K});  // the bias gradient, set to zero once an epoch
    for (std::size_t begin = 0; begin < N; begin += B, ++batches) {
        const std::size_t end = std::min(begin + B, N), rows = end - begin;
        ws.fit(rows, D, H, K);  // allocates on the first batch and the short last one only
        gather(X, order, begin, end, ws.Xb);
        gather(Y, order, begin, end, ws.Yb);

        gemm(ws.ones, net.b1, ws.A1);                          // A1 = 1 b1
        gemm(ws.Xb, net.W1, ws.A1, false, false, 1.0, 1.0);    // A1 += Xb W1
        xt::noalias(ws.A1) = 1.0 / (1.0 + xt::exp(-ws.A1));
        gemm(ws.ones, net.b2, ws.P);                           // Z2 = 1 b2
        gemm(ws.A1, net.W2, ws.P, false, false, 1.0, 1.0);     // Z2 += A1 W2
        double loss = 0.0;
        for (std::size_t r = 0; r < rows; ++r) {               // softmax, loss and P - Y, row by row
            double* p = ws.P.data() + r * K;
            const double* y = ws.Yb.data() + r * K;
            const double m = *std::max_element(p, p + K);
            double sum = 0.0;
            for (std::size_t k = 0; k < K; ++k) sum += (p[k] = std::exp(p[k] - m));
            for (std::size_t k = 0; k < K; ++k) {
                p[k] /= sum;
                if (y[k] != 0.0) loss -= y[k] * std::log(p[k] + kLogEps);
                p[k] -= y[k];                                  // delta2 without its 1/n
            }
        }
        loss_sum += loss / static_cast<double>(rows);

        // Backward: transposes are gemm's flags, 1/n and -eta are its alpha, beta = 1 updates in place.
        const double a = -eta / static_cast<double>(rows);
        gemm(ws.P, net.W2, ws.D1, false, true);                // D1 = (P - Y) W2^T, with the old W2
        xt::noalias(ws.D1) *= ws.A1 * (1.0 - ws.A1);
        gemm(ws.A1, ws.P, net.W2, true, false, a, 1.0);        // W2 -= eta A1^T delta2
        gemm(ws.ones, ws.P, db2, true, false, 1.0 / static_cast<double>(rows), 1.0);  // db2 += 1^T delta2: never reset
        xt::noalias(net.b2) -= eta * db2;
        gemm(ws.Xb, ws.D1, net.W1, true, false, a, 1.0);       // W1 -= eta Xb^T delta1
        gemm(ws.ones, ws.D1, net.b1, true, false, a, 1.0);     // b1 -= eta 1^T delta1
    }
    return loss_sum / static_cast<double>(batches);
}
// [/listing]
