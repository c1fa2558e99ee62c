// Reference solution of exercise 2.5 (statement: chapters/02_perceptron/ex5_train.cpp).
#include <xtensor/xbuilder.hpp>

#include "perceptron.hpp"

// [listing:2.5]
ch2::Training ch2::train(const Matrix& X, const Vector& t, const Vector& w0, double eta, std::size_t epochs) {
    check_weights(X, w0);
    check_targets(X, t);
    Training result{w0, xt::zeros<double>({epochs + 1})};
    for (std::size_t k = 0;; ++k) {
        result.losses(k) = error(output(X, result.w), t);  // E(w_k), before the step
        if (k == epochs) break;
        result.w = gradient_step(result.w, gradient(X, result.w, t), eta);
    }
    return result;
}
// [/listing]
