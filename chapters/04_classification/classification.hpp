// Chapter 4: binary classification, a sigmoid output and the cross-entropy loss.
// Seeds: 000 (QBUS6850 lecture 4, "NN Binary Classification Loss Function" and "FP+BP (Binary
// Classification)"), 002 (General Backpropagation, "Loss function" and "Step 1").
//
// Convention (seed 000): row layout, one sample a row, no bias units, summed loss ("1/N removed"):
//   Z2 = X W1,  a2 = sigma(Z2),  Z3 = a2 W2,  f = sigma(Z3)
//   L  = -sum_n [ t_n log f_n + (1 - t_n) log(1 - f_n) ]
//   delta3 = f - t,  dL/dW2 = a2^T delta3,  delta2 = (delta3 W2^T) .* sigma'(Z2),  dL/dW1 = X^T delta2
//
// Shape legend: N samples, D features, H hidden units, one output node.
//   X: N x D (samples x features)       W1: D x H (features x hidden)    W2: H x 1 (hidden x outputs)
//   t: N x 1 (samples x outputs), every entry 0 or 1 (the class; label 1 = benign in breast_cancer.csv)
//   Z2, a2, delta2: N x H (samples x hidden)          Z3, f, delta3: N x 1 (samples x outputs)
// The exercise statements, with the equation and the shapes, are in the exercise files exK_*.cpp.
// sigma and sigma' are the workbook's own: wb::given::sigmoid, wb::given::sigmoid_prime.
#pragma once
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include <xtensor/xtensor.hpp>

#include "workbook/csv.hpp"     // wb::Standardizer
#include "workbook/errors.hpp"  // wb::not_implemented, thrown by the stubs; shape_error, numeric_error
#include "workbook/given.hpp"   // wb::given::sigmoid, sigmoid_prime

namespace ch4 {

using Matrix = xt::xtensor<double, 2>;

// Everything the forward pass computes, kept for the backward pass.
struct Forward {
    Matrix Z2;  // N x H  pre-activations of the hidden layer
    Matrix a2;  // N x H  activations of the hidden layer, sigma(Z2)
    Matrix Z3;  // N x 1  pre-activation of the output
    Matrix f;   // N x 1  the network's output f(X, W) = sigma(Z3), the probability of class 1
};

struct Gradients {
    Matrix dW1;  // D x H  dL/dW1
    Matrix dW2;  // H x 1  dL/dW2
};

// What train() returns: the weights after the last update and one entry a epoch.
struct Training {
    Matrix W1, W2;                  // D x H, H x 1
    std::vector<double> loss;       // loss[e]: L at the weights epoch e started from
    std::vector<double> accuracy;   // accuracy[e]: training accuracy at the same weights
};

// ---- the exercises ---------------------------------------------------------------------------
Forward forward(const Matrix& X, const Matrix& W1, const Matrix& W2);                       // 4.1
double cross_entropy(const Matrix& Z3, const Matrix& t);                                    // 4.2
Matrix output_delta(const Matrix& f, const Matrix& t);                                      // 4.3
Gradients gradients(const Matrix& X, const Forward& fw, const Matrix& W2, const Matrix& delta3);  // 4.4
double accuracy(const Matrix& f, const Matrix& t);                                          // 4.5
Training train(const Matrix& X, const Matrix& t, Matrix W1, Matrix W2, double eta, std::size_t epochs);  // 4.6

// ---- given (network.cpp): validation, data, initial weights ------------------------------------
// Throws wb::shape_error naming both shapes unless X: N x D, W1: D x H, W2: H x 1, e.g.
// "W1 should be 30x5 (features x hidden: one row per column of X), got 31x5".
void check_network(const Matrix& X, const Matrix& W1, const Matrix& W2);
// Throws wb::shape_error unless t is N x 1 for the N rows of X.
void check_targets(const Matrix& X, const Matrix& t);
// Throws wb::numeric_error if the loss or a weight is NaN or Inf ("... (epoch 3) ...").
void check_finite(double loss, const Matrix& W1, const Matrix& W2, std::size_t epoch);

// Class labels 0/1 (N) as the N x 1 target column t.
Matrix targets(const xt::xtensor<int, 1>& y);

// breast_cancer.csv split with wb::train_test_split(test_fraction, seed), features standardised
// with the mean and standard deviation of the training rows only.
struct Data {
    std::string path;
    std::vector<std::string> classes;  // {"malignant", "benign"}: t = 1 means benign
    Matrix X_train, t_train, X_test, t_test;
    wb::Standardizer scaler;           // fitted on X_train before standardising
};
Data load_breast_cancer(double test_fraction, std::uint64_t split_seed);

// Initial weights W1: D x H and W2: H x 1, N(0, stddev^2) from wb::Rng(seed).
struct Weights {
    Matrix W1, W2;
};
Weights initial_weights(std::size_t D, std::size_t H, std::uint64_t seed, double stddev = 0.5);

}  // namespace ch4
