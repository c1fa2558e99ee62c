#include <xtensor/xbuilder.hpp>

#include "regression.hpp"

// =============================================================================================
// Exercise 3.7  train
// Seed:      000 "NN Regression Loss Function": W := W - alpha dL(W)/dW; "Backpropagation" Phase 2:
//            "A ratio (learning rate) of the weight's gradient is subtracted from the weight"
// Equation:  for k = 0 .. iterations-1:  W1 <- W1 - eta dL/dW1,  W2 <- W2 - eta dL/dW2
//            (both gradients at the same W1, W2);  losses(k) = L after k steps
// Shapes:    X: N x D; t: N x 1; W1: D x H; W2: H x 1; eta > 0; iterations >= 0
//            ->  returns Training{W1: D x H, W2: H x 1, losses: (iterations + 1,)}
// Task:      Gradient descent on all samples with your exercises 3.1-3.6. Call the given
//            check_network(X, W1, W2) first (your loss() checks t). Each iteration: forward pass,
//            record the loss, then backpropagate and update BOTH weight matrices from gradients
//            computed before either changes (compute dW1 and dW2 first, then subtract). After
//            the last step record the loss once more: losses(0) = L(initial weights),
//            losses(iterations) = L(returned weights). With iterations = 0 nothing changes.
// =============================================================================================
ch3::Training ch3::train(const Matrix& X, const Matrix& t, const Matrix& W1, const Matrix& W2, double eta,
                         std::size_t iterations) {
    (void)X, (void)t, (void)W1, (void)W2, (void)eta, (void)iterations;
    throw wb::not_implemented("3.7", "train");
}
