#include <algorithm>
#include <xtensor-blas/xlinalg.hpp>
#include <xtensor/xmath.hpp>
#include <xtensor/xview.hpp>

#include "fast.hpp"
#include "workbook/rng.hpp"

// =============================================================================================
// Exercise 7.1  epoch_values
// Seed:      004 "Remarks: Mini-Batch Gradient Descent" (the epoch); 002 softmax and cross-entropy;
//            000 row layout with bias rows (Z = X W + 1 b): chapter 6's step, rung 0 of this chapter
// Equation:  the epoch of fast.hpp: A1 = sigma(Xb W1 + 1 b1), P = softmax(A1 W2 + 1 b2),
//            delta2 = (P - Yb)/n, delta1 = (delta2 W2^T) (x) A1 (x) (1 - A1), W -= eta dW
// Shapes:    net: D-H-K (updated in place); X: N x D; Y: N x K one-hot; B: batch size; eta;
//            seed: the shuffle wb::Rng(seed).permutation(N)  ->  returns the mean batch loss
// Task:      Take epoch_readable (network.cpp, rung 0) and keep VALUES, not lazy expressions:
//            every `auto` intermediate becomes a `Matrix` (or xt::xtensor<double, 1> for the row
//            maxima and sums), so that each is computed once. The lazy softmax of rung 0
//            re-evaluates its row sum (K exps) for every element it is read at. Same numbers
//            as rung 0 to 1e-12.
// =============================================================================================
double ch7::epoch_values(Network& net, const Matrix& X, const Matrix& Y, std::size_t B, double eta, std::uint64_t seed) {
    (void)net, (void)X, (void)Y, (void)B, (void)eta, (void)seed;
    throw wb::not_implemented("7.1", "epoch_values");
}
