#include <algorithm>
#include <cmath>
#include <string>
#include <xtensor-blas/xblas.hpp>
#include <xtensor/xnoalias.hpp>

#include "minibatch.hpp"
#include "workbook/rng.hpp"
#include "workbook/given.hpp"

// =============================================================================================
// Exercise 6.7  train_epoch
// Seed:      004 "Remarks: Mini-Batch Gradient Descent": batch (B = N), stochastic (B = 1) and
//            mini-batch gradient descent; an epoch is one pass over the whole training set, one
//            batch's forward and backward pass one iteration
// Equation:  order = wb::Rng(seed).permutation(N); for each batch b of batch_ranges(N, B):
//            Xb, Yb = rows order[b.begin..b.end) of X, Y;  L_b = cross_entropy(forward(Xb).P, Yb);
//            W <- W - eta dL_b/dW  (6.2 - 6.6)
// Shapes:    net: D-H-K (updated in place); X: N x D (samples x inputs); Y: N x K one-hot;
//            B: batch size; eta: learning rate; seed: this epoch's shuffle; epoch: its number (for
//            messages)  ->  returns ceil(N/B) losses, L_b of each iteration before its update
// Task:      Train one epoch: shuffle with wb::Rng(seed).permutation(N) (same seed, same order on
//            every machine), cut the order with batch_ranges (exercise 6.1), and for every batch
//            take its rows (take_rows, given), run forward, the loss, output_delta, gradients and
//            sgd_step. Every sample is used exactly once an epoch. Check each batch loss with
//            wb::require_finite("the batch loss", L, "epoch E, iteration I of n") so that a
//            diverging run stops with a wb::numeric_error that says where.
// =============================================================================================
std::vector<double> ch6::train_epoch(Network& net, const Matrix& X, const Matrix& Y, std::size_t B, double eta,
                                     std::uint64_t seed, std::size_t epoch) {
    (void)net, (void)X, (void)Y, (void)B, (void)eta, (void)seed, (void)epoch;
    throw wb::not_implemented("6.7", "train_epoch");
}
