// Chapter 3: backpropagation in a 3-layer regression network without biases, in the row layout
// of seed 000 (QBUS6850 lecture 4, "Backpropagation- Step 1", "Step 2", "FP+BP (Regression)").
//
// Shape legend (rows are samples, as in seed 000):
//   X   N x D   samples x inputs          (the expense table: N = 4, D = 2)
//   t   N x 1   samples x outputs         (the expense column)
//   W1  D x H   inputs x hidden           (2 x 3 in the seed)
//   W2  H x 1   hidden x outputs          (3 x 1 in the seed)
//   Z2, a2, delta2   N x H   samples x hidden
//   Z3, f, delta3    N x 1   samples x outputs
// The exercise statements, with the equation and the shapes, are in the exercise files exK_*.cpp.
#pragma once
#include <cstddef>
#include <xtensor/xtensor.hpp>

#include "workbook/errors.hpp"  // wb::not_implemented, thrown by the stubs; wb::shape_error

namespace ch3 {

using Matrix = xt::xtensor<double, 2>;
using Vector = xt::xtensor<double, 1>;

// The forward pass, every layer kept: backpropagation needs the Z (for sigma') and the a.
struct Forward {
    Matrix Z2;  // N x H  X W1
    Matrix a2;  // N x H  sigma(Z2)
    Matrix Z3;  // N x 1  a2 W2
    Matrix f;   // N x 1  sigma(Z3), the network's output f(X, W)
};

// What train() returns: the weights after the last step and the loss before every step and after the last.
struct Training {
    Matrix W1;      // D x H
    Matrix W2;      // H x 1
    Vector losses;  // (iterations + 1,)  losses(k) = L after k steps
};

// Both gradients of L.
struct Gradients {
    Matrix dW1;  // D x H
    Matrix dW2;  // H x 1
};

Forward forward(const Matrix& X, const Matrix& W1, const Matrix& W2);            // 3.1
double loss(const Matrix& f, const Matrix& t);                                    // 3.2  N x 1, N x 1 -> scalar
Matrix delta3(const Forward& fw, const Matrix& t);                                // 3.3  -> N x 1
Matrix dW2(const Forward& fw, const Matrix& d3);                                  // 3.4  -> H x 1
Matrix delta2(const Forward& fw, const Matrix& d3, const Matrix& W2);              // 3.5  -> N x H
Matrix dW1(const Matrix& X, const Matrix& d2);                                    // 3.6  -> D x H
Training train(const Matrix& X, const Matrix& t, const Matrix& W1, const Matrix& W2, double eta,
               std::size_t iterations);                                           // 3.7
double brute_force_seconds(std::size_t parameters, double grid_points, double seconds_per_trial);  // 3.8

// ---- given (network.cpp): checks, data, weights, and the per-sample form of the gradient ------
// Throws wb::shape_error unless W1 is D x H and W2 is H x 1 for the D columns of X, naming both
// shapes: "W1 should be 2x3 (inputs x hidden), got 3x2".
void check_network(const Matrix& X, const Matrix& W1, const Matrix& W2);
// Throws wb::shape_error unless t has the shape of f (N x 1): "t should be 4x1 (...), got 1x4".
void check_targets(const Matrix& f, const Matrix& t);

// Seed 000's 4-sample table, datasets/expense.csv: X 4 x 2 (x1, x2), t 4 x 1 (expense).
struct Expense {
    Matrix X;
    Matrix t;
};
Expense load_expense();

// The chapter's own weights. The seed prints dl_dw1 but not the weights behind it (they could
// not be recovered, see the README), so this chapter fixes these, chosen by hand: small, of both
// signs, no two hidden units alike.
//   W1 = [[0.5, -0.3,  0.8],     W2 = [[ 0.6],
//         [0.2,  0.7, -0.4]]            [-0.5],
//                                       [ 0.9]]
Matrix initial_W1();  // 2 x 3
Matrix initial_W2();  // 3 x 1

// Seed 000's per-sample form: dL/dW2 = sum_n (f_n - t_n) sigma'(z3_n) a2_n^T and
// dL/dW1 = sum_n x_n^T ((delta3_n W2^T) .* sigma'(z2_n)), one sample at a time with plain loops.
// The matrix forms of exercises 3.4 and 3.6 must give the same numbers.
Gradients per_sample_gradients(const Matrix& X, const Matrix& t, const Matrix& W1, const Matrix& W2);

}  // namespace ch3
