// Given code of chapter 6 (compiled into both sides; it calls no exercise): initial weights,
// shape validation, gathering a batch, accuracy.
#include <algorithm>
#include <cmath>
#include <string>

#include "minibatch.hpp"
#include "workbook/rng.hpp"

namespace ch6 {

Network init_network(std::size_t D, std::size_t H, std::size_t K, std::uint64_t seed) {
    wb::Rng rng(seed);
    Network net;
    net.W1 = rng.normal_matrix(D, H, 1.0 / std::sqrt(static_cast<double>(D)));
    net.b1 = xt::zeros<double>({std::size_t{1}, H});
    net.W2 = rng.normal_matrix(H, K, 1.0 / std::sqrt(static_cast<double>(H)));
    net.b2 = xt::zeros<double>({std::size_t{1}, K});
    return net;
}

void check_network(const Network& net, const Matrix& X) {
    const std::size_t D = X.shape()[1];
    if (net.W1.shape()[0] != D)
        throw wb::shape_error("W1 is " + wb::shape_str(net.W1.shape()) + " but X is " + wb::shape_str(X.shape()) +
                              " (samples x inputs): X W1 needs W1 to be " + std::to_string(D) +
                              " x hidden (inputs x hidden), one row per input");
    const std::size_t H = net.W1.shape()[1];
    wb::require_shape("b1", net.b1, {1, H}, "1 x hidden, a row: W1 is " + wb::shape_str(net.W1.shape()));
    if (net.W2.shape()[0] != H)
        throw wb::shape_error("W2 is " + wb::shape_str(net.W2.shape()) + " but W1 is " + wb::shape_str(net.W1.shape()) +
                              " (inputs x hidden): H W2 needs W2 to be " + std::to_string(H) +
                              " x classes (hidden x classes), one row per hidden unit");
    const std::size_t K = net.W2.shape()[1];
    wb::require_shape("b2", net.b2, {1, K}, "1 x classes, a row: W2 is " + wb::shape_str(net.W2.shape()));
}

void check_gradients(const Gradients& g, const Network& net) {
    auto same = [](const std::string& name, const Matrix& grad, const std::string& param_name, const Matrix& param) {
        const std::vector<std::size_t> shape(param.shape().begin(), param.shape().end());
        wb::require_shape(name, grad, shape, "the shape of " + param_name + ", which it updates");
    };
    same("dW1", g.dW1, "W1", net.W1);
    same("db1", g.db1, "b1", net.b1);
    same("dW2", g.dW2, "W2", net.W2);
    same("db2", g.db2, "b2", net.b2);
}

Matrix take_rows(const Matrix& A, const std::vector<std::size_t>& order, Batch b) {
    if (b.begin > b.end || b.end > order.size())
        throw std::out_of_range("take_rows: batch [" + std::to_string(b.begin) + ", " + std::to_string(b.end) +
                                ") does not fit an order of " + std::to_string(order.size()) + " samples");
    const std::size_t cols = A.shape()[1];
    Matrix out = xt::empty<double>({b.size(), cols});
    for (std::size_t i = b.begin; i < b.end; ++i) {
        const std::size_t r = order[i];
        if (r >= A.shape()[0])
            throw std::out_of_range("take_rows: row " + std::to_string(r) + " of a matrix with " +
                                    std::to_string(A.shape()[0]) + " rows");
        std::copy_n(A.data() + r * cols, cols, out.data() + (i - b.begin) * cols);
    }
    return out;
}

double accuracy(const Matrix& P, const xt::xtensor<int, 1>& labels) {
    wb::require_shape("labels", labels, {P.shape()[0]}, "one label a row of P");
    if (P.shape()[0] == 0) return 0.0;
    const std::size_t K = P.shape()[1];
    std::size_t right = 0;
    for (std::size_t n = 0; n < P.shape()[0]; ++n) {
        const double* row = P.data() + n * K;
        const auto best = static_cast<int>(std::max_element(row, row + K) - row);
        right += best == labels(n);
    }
    return static_cast<double>(right) / static_cast<double>(P.shape()[0]);
}

}  // namespace ch6
