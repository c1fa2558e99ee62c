#include "classification.hpp"

// =============================================================================================
// Exercise 4.6  train
// Seed:      000 "NN Binary Classification Loss Function": W := W - alpha dL(W)/dW (gradient
//            descent, alpha the learning rate); "FP+BP (Binary Classification)"
// Equation:  for e = 0, 1, ..., epochs - 1:
//              forward;  loss[e] = L(W1, W2);  accuracy[e];  delta3 = f - t;  gradients;
//              W1 := W1 - eta dL/dW1;  W2 := W2 - eta dL/dW2
// Shapes:    X: N x D (samples x features); t: N x 1 (samples x outputs); W1: D x H (features
//            x hidden) and W2: H x 1 (hidden x outputs), the initial weights (copies: update
//            them); eta > 0; epochs >= 0  ->  returns Training{W1: D x H, W2: H x 1, loss and
//            accuracy: epochs entries each}
// Task:      Full-batch gradient descent on the summed loss: every epoch uses all N samples
//            once. Call check_network(X, W1, W2) and check_targets(X, t) first (given). In epoch
//            e run the forward pass, record loss[e] (cross-entropy) and accuracy[e] at the
//            weights the epoch starts from, then update both weights with their gradients at
//            those same weights. After each update call check_finite(loss[e], W1, W2, e)
//            (given): a learning rate far too large must stop with a wb::numeric_error, not
//            return NaN weights. You may use your exercises 4.1 to 4.5.
// =============================================================================================
ch4::Training ch4::train(const Matrix& X, const Matrix& t, Matrix W1, Matrix W2, double eta, std::size_t epochs) {
    (void)X, (void)t, (void)W1, (void)W2, (void)eta, (void)epochs;
    throw wb::not_implemented("4.6", "train");
}
