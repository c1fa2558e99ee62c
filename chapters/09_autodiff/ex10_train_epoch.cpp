#include <cstddef>
#include <cstdint>
#include <vector>

#include "autodiff.hpp"
#include "workbook/rng.hpp"

// =============================================================================================
// Exercise 9.10  train_epoch
// Seed:      001 "Forward propagation: the input is propagated through the network and produces
//            ... the cost J; Back propagation: information from the cost flows backward ...
//            Another algorithm performs learning using gradient (e.g. stochastic gradient descent)"
// Equation:  per batch: Z1 = X W1 + 1_B b1, H = sigma(Z1), Z2 = H W2 + 1_B b2,
//            L = softmax cross-entropy(Z2, Y) (mean over the batch);  theta <- theta - eta dL/dtheta
// Shapes:    net: W1 D x H, b1 1 x H, W2 H x K, b2 1 x K; X: N x D; Y: N x K one-hot; B >= 1
//            ->  returns one loss per batch (ceil(N / B) of them), net updated in place
// Task:      Chapter 6's epoch, with the tape doing the backward pass: shuffle with
//            wb::Rng(seed).permutation(N), cut batch_ranges(N, B), and for each batch (rows
//            take_rows(X, order, begin, end)) record the network on a fresh Tape (the five
//            parameters and the batch as inputs), call backward (9.8) and step every parameter
//            by -eta times its grad. The result must equal chapter 6's train_epoch.
// =============================================================================================
std::vector<double> ch9::train_epoch(Network& net, const Matrix& X, const Matrix& Y, std::size_t B, double eta,
                                     std::uint64_t seed) {
    (void)net;
    (void)X;
    (void)Y;
    (void)B;
    (void)eta;
    (void)seed;
    throw wb::not_implemented("9.10", "train_epoch");
}
