// Reference solution of exercise 3.7 (statement: chapters/03_regression/ex7_train.cpp).
#include <xtensor/xbuilder.hpp>

#include "regression.hpp"

// [listing:3.7]
ch3::Training ch3::train(const Matrix& X, const Matrix& t, const Matrix& W1, const Matrix& W2, double eta,
                         std::size_t iterations) {
    check_network(X, W1, W2);     // (loss() checks t at the first iteration)
    Training r{W1, W2, xt::zeros<double>({iterations + 1})};
    for (std::size_t k = 0;; ++k) {
        const Forward fw = forward(X, r.W1, r.W2);
        r.losses(k) = loss(fw.f, t);                      // L after k steps
        if (k == iterations) break;
        const Matrix d3 = delta3(fw, t);
        const Matrix g2 = dW2(fw, d3);
        const Matrix g1 = dW1(X, delta2(fw, d3, r.W2));   // with the W2 of this step, before it changes
        r.W1 = r.W1 - eta * g1;                           // update all parameters at once
        r.W2 = r.W2 - eta * g2;
    }
    return r;
}
// [/listing]
