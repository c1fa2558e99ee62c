// Reference solution of exercise 9.10 (statement: chapters/09_autodiff/ex10_train_epoch.cpp).
#include <cstddef>
#include <cstdint>
#include <vector>

#include "autodiff.hpp"
#include "workbook/rng.hpp"

// [listing:9.10]
std::vector<double> ch9::train_epoch(Network& net, const Matrix& X, const Matrix& Y, std::size_t B, double eta,
                                     std::uint64_t seed) {
    const std::size_t N = X.shape()[0];
    wb::require_shape("Y", Y, {N, net.W2.shape()[1]}, "samples x classes: one one-hot row per row of X");
    const std::vector<std::size_t> order = wb::Rng(seed).permutation(N);
    std::vector<double> losses;
    for (const auto& [begin, end] : batch_ranges(N, B)) {
        Tape t;
        const Var x = t.input("X", take_rows(X, order, begin, end));
        const Var W1 = t.input("W1", net.W1), b1 = t.input("b1", net.b1);
        const Var W2 = t.input("W2", net.W2), b2 = t.input("b2", net.b2);
        const Var H = sigmoid(t, add_bias(t, matmul(t, x, W1, "XW1"), b1, "Z1"), "H");
        const Var Z2 = add_bias(t, matmul(t, H, W2, "HW2"), b2, "Z2");
        const Var L = softmax_cross_entropy(t, Z2, take_rows(Y, order, begin, end), "L");
        backward(t, L);
        net.W1 -= eta * t.grad(W1);
        net.b1 -= eta * t.grad(b1);
        net.W2 -= eta * t.grad(W2);
        net.b2 -= eta * t.grad(b2);
        losses.push_back(t.value(L)(0, 0));
    }
    return losses;
}
// [/listing]
