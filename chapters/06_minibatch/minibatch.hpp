// Chapter 6: mini-batch stochastic gradient descent, on handwritten digits.
// Seeds: 004 (AML-book notes: E = 1/N sum e_n, "Remarks: Mini-Batch Gradient Descent", epochs and
// iterations), 002 (General Backpropagation: softmax output, cross-entropy, delta at the output),
// 000 (QBUS6850 lecture 4, "Forward Propagation Algorithm with Bias": Z = X W + 1_N b, row layout).
//
// Shape legend (row layout, one sample a row, as seed 000):
//   N  samples in the training set          B  samples in a batch (1 <= B; B >= N is one batch)
//   D  inputs (64 pixels of an 8x8 image)   H  hidden units      K  classes (10 digits)
//   X: B x D (samples x inputs)   Y: B x K one-hot targets (samples x classes)
//   W1: D x H   b1: 1 x H   W2: H x K   b2: 1 x K   (biases are rows: 1_B b adds b to every row)
// The exercise statements, with the equations and the shapes, are in the exercise files exK_*.cpp.
#pragma once
#include <cstddef>
#include <cstdint>
#include <vector>
#include <xtensor/xtensor.hpp>

#include "workbook/errors.hpp"  // wb::not_implemented (the stubs), wb::shape_error, wb::numeric_error

namespace ch6 {

using Matrix = xt::xtensor<double, 2>;

// One iteration's batch: the positions [begin, end) of the epoch's (shuffled) order.
struct Batch {
    std::size_t begin = 0, end = 0;
    std::size_t size() const { return end - begin; }
};

// A 2-layer network D-H-K: a sigmoid hidden layer, a softmax output layer.
struct Network {
    Matrix W1;  // D x H  (inputs x hidden)
    Matrix b1;  // 1 x H  (a row)
    Matrix W2;  // H x K  (hidden x classes)
    Matrix b2;  // 1 x K  (a row)
};

// What the forward pass keeps for the backward pass.
struct Forward {
    Matrix H;  // B x H  hidden activations sigma(X W1 + 1_B b1)   (samples x hidden)
    Matrix P;  // B x K  softmax probabilities, each row sums to 1  (samples x classes)
};

// The gradient of the batch loss L = (1/B) sum_n e_n, one matrix per parameter, same shapes.
struct Gradients {
    Matrix dW1;  // D x H
    Matrix db1;  // 1 x H
    Matrix dW2;  // H x K
    Matrix db2;  // 1 x K
};

// cross_entropy takes log(p + kLogEps): never log(0) (a p that underflowed to 0 costs
// -log(1e-300) = 690.8, not infinity), and a NaN stays NaN so that training can notice it.
inline constexpr double kLogEps = 1e-300;

// ---- the exercises ---------------------------------------------------------------------------
std::vector<Batch> batch_ranges(std::size_t N, std::size_t B);                        // 6.1
Forward forward(const Matrix& X, const Network& net);                                  // 6.2
double cross_entropy(const Matrix& P, const Matrix& Y);                                // 6.3
Matrix output_delta(const Matrix& P, const Matrix& Y);                                 // 6.4
Gradients gradients(const Matrix& X, const Forward& f, const Matrix& delta, const Network& net);  // 6.5
void sgd_step(Network& net, const Gradients& g, double eta);                           // 6.6
std::vector<double> train_epoch(Network& net, const Matrix& X, const Matrix& Y, std::size_t B, double eta,
                                std::uint64_t seed, std::size_t epoch);                // 6.7

// ---- given (network.cpp): shared by both sides, calls no exercise ----------------------------
// Random initial weights from wb::Rng(seed): W1 ~ N(0, 1/D), W2 ~ N(0, 1/H), biases 0.
Network init_network(std::size_t D, std::size_t H, std::size_t K, std::uint64_t seed);
// Throws wb::shape_error naming both shapes unless X (B x D) and the network fit together:
// W1 D x H, b1 1 x H, W2 H x K, b2 1 x K.
void check_network(const Network& net, const Matrix& X);
// Throws wb::shape_error unless every gradient has the shape of its parameter.
void check_gradients(const Gradients& g, const Network& net);
// Rows order[b.begin], ..., order[b.end - 1] of A, in that order: one batch of samples.
Matrix take_rows(const Matrix& A, const std::vector<std::size_t>& order, Batch b);
// The fraction of rows whose largest probability is at the true label.
double accuracy(const Matrix& P, const xt::xtensor<int, 1>& labels);

}  // namespace ch6
