// Given code of chapter 7 (compiled into both sides; it calls no exercise): the readable starting
// point (rung 0), initial weights, validation, gathering a batch, the workspace.
#include <algorithm>
#include <cmath>
#include <stdexcept>
#include <string>

#include <xtensor-blas/xlinalg.hpp>
#include <xtensor/xmath.hpp>
#include <xtensor/xview.hpp>

#include "fast.hpp"
#include "workbook/rng.hpp"

namespace ch7 {

// [listing:7.0]
// Rung 0: chapter 6's training step written the way it reads on the slide. Every intermediate is
// a lazy `auto` expression: nothing is computed until something reads it, and then it is computed
// again every time it is read.
double epoch_readable(Network& net, const Matrix& X, const Matrix& Y, std::size_t B, double eta, std::uint64_t seed) {
    check_inputs(net, X, Y, B);
    const std::size_t N = X.shape()[0];
    const std::vector<std::size_t> order = wb::Rng(seed).permutation(N);
    double loss_sum = 0.0;
    std::size_t batches = 0;
    for (std::size_t begin = 0; begin < N; begin += B, ++batches) {
        const std::size_t end = std::min(begin + B, N);
        const Matrix Xb = take_rows(X, order, begin, end), Yb = take_rows(Y, order, begin, end);
        const double n = static_cast<double>(end - begin);
        const Matrix ones = xt::ones<double>({std::size_t{1}, end - begin});  // 1^T: sums rows

        auto Z1 = xt::linalg::dot(Xb, net.W1) + net.b1;           // lazy: holds the product, reads b1 later
        auto A1 = 1.0 / (1.0 + xt::exp(-Z1));                     // lazy sigmoid: exp at every read
        auto Z2 = xt::linalg::dot(A1, net.W2) + net.b2;
        auto E = xt::exp(Z2 - xt::view(xt::amax(Z2, {1}), xt::all(), xt::newaxis()));  // stable softmax
        auto P = E / xt::view(xt::sum(E, {1}), xt::all(), xt::newaxis());  // a row's sum, per element
        loss_sum += -xt::sum(Yb * xt::log(P + kLogEps))() / n;
        auto delta2 = (P - Yb) / n;
        auto delta1 = xt::linalg::dot(delta2, xt::transpose(net.W2)) * A1 * (1.0 - A1);
        // The gradients are containers (linalg::dot returns an xarray): they must be, because the
        // updates below change W2 and the b's that the lazy expressions above still read.
        const auto dW2 = xt::linalg::dot(xt::transpose(A1), delta2);
        const auto db2 = xt::linalg::dot(ones, delta2);
        const auto dW1 = xt::linalg::dot(xt::transpose(Xb), delta1);
        const auto db1 = xt::linalg::dot(ones, delta1);
        net.W1 -= eta * dW1;
        net.b1 -= eta * db1;
        net.W2 -= eta * dW2;
        net.b2 -= eta * db2;
    }
    return loss_sum / static_cast<double>(batches);
}
// [/listing]

Network init_network(std::size_t D, std::size_t H, std::size_t K, std::uint64_t seed) {
    wb::Rng rng(seed);
    Network net;
    net.W1 = rng.normal_matrix(D, H, 1.0 / std::sqrt(static_cast<double>(D)));
    net.b1 = xt::zeros<double>({std::size_t{1}, H});
    net.W2 = rng.normal_matrix(H, K, 1.0 / std::sqrt(static_cast<double>(H)));
    net.b2 = xt::zeros<double>({std::size_t{1}, K});
    return net;
}

void check_inputs(const Network& net, const Matrix& X, const Matrix& Y, std::size_t B) {
    if (B == 0) throw std::invalid_argument("the batch size B must be at least 1");
    const std::size_t N = X.shape()[0], D = X.shape()[1];
    if (net.W1.shape()[0] != D)
        throw wb::shape_error("W1 is " + wb::shape_str(net.W1.shape()) + " but X is " + wb::shape_str(X.shape()) +
                              " (samples x inputs): W1 must be " + std::to_string(D) + " x hidden");
    const std::size_t H = net.W1.shape()[1];
    wb::require_shape("b1", net.b1, {1, H}, "1 x hidden, a row: W1 is " + wb::shape_str(net.W1.shape()));
    if (net.W2.shape()[0] != H)
        throw wb::shape_error("W2 is " + wb::shape_str(net.W2.shape()) + " but W1 is " + wb::shape_str(net.W1.shape()) +
                              ": W2 must be " + std::to_string(H) + " x classes");
    const std::size_t K = net.W2.shape()[1];
    wb::require_shape("b2", net.b2, {1, K}, "1 x classes, a row: W2 is " + wb::shape_str(net.W2.shape()));
    wb::require_shape("Y", Y, {N, K}, "samples x classes: one one-hot row per row of X");
}

void gather(const Matrix& A, const std::vector<std::size_t>& order, std::size_t begin, std::size_t end, Matrix& out) {
    const std::size_t cols = A.shape()[1];
    for (std::size_t i = begin; i < end; ++i)
        std::copy_n(A.data() + order[i] * cols, cols, out.data() + (i - begin) * cols);
}

Matrix take_rows(const Matrix& A, const std::vector<std::size_t>& order, std::size_t begin, std::size_t end) {
    Matrix out = xt::empty<double>({end - begin, A.shape()[1]});
    gather(A, order, begin, end, out);
    return out;
}

double max_abs_diff(const Network& a, const Network& b) {
    return std::max({xt::amax(xt::abs(a.W1 - b.W1))(), xt::amax(xt::abs(a.b1 - b.b1))(),
                     xt::amax(xt::abs(a.W2 - b.W2))(), xt::amax(xt::abs(a.b2 - b.b2))()});
}

void Workspace::fit(std::size_t rows, std::size_t D, std::size_t H, std::size_t K) {
    if (Xb.shape()[0] == rows && Xb.shape()[1] == D && A1.shape()[1] == H && P.shape()[1] == K) return;
    Xb = xt::empty<double>({rows, D}), Yb = xt::empty<double>({rows, K});
    A1 = xt::empty<double>({rows, H}), D1 = xt::empty<double>({rows, H}), P = xt::empty<double>({rows, K});
    ones = xt::ones<double>({rows, std::size_t{1}});
    W2T = xt::empty<double>({K, H});
    ++fits;
}

}  // namespace ch7
