// Chapter 5: the tanh network of seed 004 (AML-book notes): column layout, bias units, tanh at
// every layer, sensitivities delta(l) and batch gradient descent.
// Seed: 004 (notes after Abu-Mostafa, Magdon-Ismail, Lin, "Learning from Data", e-chapter on neural
// networks: "Neural Networks: Backpropagation", the algorithm box, the worked example x = 2, y = 1).
//
// Convention (seed 004): one data point x at a time, as a column; layer l has d(l) units and a
// bias unit x_0 = 1 in front (not in the output layer); theta = tanh at every layer.
//   x(0) = [1, x]                              (1 + d(0),)
//   s(l) = W(l)^T x(l-1)                       (d(l),)            W(l): (1 + d(l-1)) x d(l)
//   x(l) = [1, theta(s(l))]  for l < L         (1 + d(l),)
//   x(L) = theta(s(L))       the output h(x)   (1,): one output node
//   e = (x(L) - y)^2                           no 1/2: delta(L) keeps the factor 2
//   delta(L) = 2 (x(L) - y) theta'(s(L)),   delta(l) = theta'(s(l)) (x) [W(l+1) delta(l+1)] without
//   component 0 (the bias),   de/dW(l) = x(l-1) delta(l)^T
//   E = 1/N sum_n e_n,   dE/dW(l) = 1/N sum_n de_n/dW(l)           (batch gradient descent)
//
// Indexing: every per-layer list is indexed by the seed's layer number l, so that code reads like
// the seed. W[l] = W(l) for l = 1..L and W[0] is empty (there is no W(0)); s[l] = s(l) for
// l = 1..L and s[0] is empty ("there is no input signal s(0)", seed 004); x[l] = x(l) for
// l = 0..L; delta[l] = delta(l) for l = 1..L, delta[0] empty; dW[l] like W[l].
//   ch5::Weights W = {{}, W1, W2, W3};     // L = 3 layers of weights, W.size() = L + 1
// The exercise statements, with the equation and the shapes, are in the exercise files exK_*.cpp.
// theta' is the workbook's own: wb::given::tanh_prime(s) = 1 - tanh^2(s).
#pragma once
#include <cstddef>
#include <cstdint>
#include <vector>

#include <xtensor/xtensor.hpp>

#include "workbook/errors.hpp"  // wb::not_implemented, thrown by the stubs; shape_error, numeric_error
#include "workbook/given.hpp"   // wb::given::tanh_prime

namespace ch5 {

using Vector = xt::xtensor<double, 1>;
using Matrix = xt::xtensor<double, 2>;
using Weights = std::vector<Matrix>;        // W[l] = W(l): (1 + d(l-1)) x d(l), l = 1..L; W[0] empty
using Sensitivities = std::vector<Vector>;  // delta[l] = delta(l): (d(l),), l = 1..L; delta[0] empty

// Everything forward propagation computes for one data point, kept for backpropagation
// (seed 004, algorithm box step 0: "compute and save s(l) for l = 1..L, x(l) for l = 0..L").
struct Forward {
    std::vector<Vector> s;  // L + 1 entries: s[0] empty, s[l] = s(l): (d(l),)
    std::vector<Vector> x;  // L + 1 entries: x[l] = x(l): (1 + d(l),) with x[l](0) = 1 for l < L;
                            //                x[L] = x(L) = theta(s(L)): (1,), no bias unit
};

// The error and its gradient on a whole data set (exercise 5.6).
struct Batch {
    double E = 0.0;  // E = 1/N sum_n (x(L)_n - y_n)^2
    Weights dW;      // dW[l] = dE/dW(l), shaped like W[l]; dW[0] empty
};

// What train() returns: the weights after the last update, and E at every epoch's start.
struct Training {
    Weights W;
    std::vector<double> E;  // E[t]: the error at the weights epoch t started from
};

// ---- the exercises ---------------------------------------------------------------------------
Forward forward(const Vector& x, const Weights& W);                                         // 5.1
Vector output_sensitivity(const Vector& sL, const Vector& xL, double y);                    // 5.2
Vector backward_step(const Vector& s, const Matrix& W_next, const Vector& delta_next);      // 5.3
Sensitivities sensitivities(const Forward& fw, const Weights& W, double y);                 // 5.4
Weights gradients(const Forward& fw, const Sensitivities& delta);                           // 5.5
Batch batch_gradient(const Matrix& X, const Vector& y, const Weights& W);                   // 5.6
Training train(const Matrix& X, const Vector& y, Weights W, double eta, std::size_t epochs);  // 5.7

// ---- given (network.cpp): validation, the seed's example, data, initial weights -----------------
// Throws wb::shape_error unless W[0] is empty, W[1] is (1 + inputs) x d(1), every W[l] has
// 1 + (the columns of W[l-1]) rows and W[L] has one column, e.g.
// "W(2) should be 3x1 ((1 + units of layer 1) x units of layer 2: bias row first), got 2x1".
void check_weights(const Weights& W, std::size_t inputs);
// Throws wb::shape_error unless y has one entry per row of X.
void check_data(const Matrix& X, const Vector& y);
// Throws wb::numeric_error if E or a weight is NaN or Inf ("... (epoch 3) ...").
void check_finite(double E, const Weights& W, std::size_t epoch);

// Seed 004's worked example: W(1) = [[0.1, 0.2], [0.3, 0.4]], W(2) = [0.2, 1, -3]^T,
// W(3) = [1, 2]^T, as {{}, W1, W2, W3}; the data point is x = 2, y = 1.
Weights seed_example_weights();

// A small 1-D regression data set: n points x_n evenly spaced in [-1, 1] (X: n x 1) and
// y_n = sin(pi x_n) / 2 + noise N(0, noise^2) from wb::Rng(seed).
struct Data {
    Matrix X;  // n x 1 (points x inputs)
    Vector y;  // (n,)
};
Data sine_data(std::size_t n, double noise, std::uint64_t seed);

// Weights for units = {d(0), d(1), ..., d(L)} (e.g. {1, 3, 1}): W[l] is (1 + d(l-1)) x d(l),
// N(0, stddev^2) from wb::Rng(seed), W[0] empty.
Weights initial_weights(const std::vector<std::size_t>& units, std::uint64_t seed, double stddev = 0.5);

}  // namespace ch5
