// Reference solution of exercise 5.7 (statement: chapters/05_tanh_network/ex7_train.cpp).
#include "tanh_network.hpp"

// [listing:5.7]
ch5::Training ch5::train(const Matrix& X, const Vector& y, Weights W, double eta, std::size_t epochs) {
    check_weights(W, X.shape()[1]);
    check_data(X, y);
    Training out;
    for (std::size_t t = 0; t < epochs; ++t) {
        const Batch b = batch_gradient(X, y, W);  // E and dE/dW at W(t)
        out.E.push_back(b.E);
        for (std::size_t l = 1; l < W.size(); ++l) W[l] -= eta * b.dW[l];
        check_finite(b.E, W, t);
    }
    out.W = W;
    return out;
}
// [/listing]
