// Mistakes bank, a wrong implementation: W2 updated before delta2 is computed: dW1 from the new W2 (the updates not simultaneous)
#include <cmath>
#include <xtensor/xbuilder.hpp>
#include <xtensor/xmath.hpp>
#include <xtensor-blas/xlinalg.hpp>

#include "regression.hpp"
#include "workbook/given.hpp"

ch3::Training ch3::train(const Matrix& X, const Matrix& t, const Matrix& W1, const Matrix& W2, double eta,
                         std::size_t iterations) {
    check_network(X, W1, W2);
    Training r{W1, W2, xt::zeros<double>({iterations + 1})};
    for (std::size_t k = 0;; ++k) {
        const Forward fw = forward(X, r.W1, r.W2);
        r.losses(k) = loss(fw.f, t);
        if (k == iterations) break;
        const Matrix d3 = delta3(fw, t);
        r.W2 = r.W2 - eta * dW2(fw, d3);
        r.W1 = r.W1 - eta * dW1(X, delta2(fw, d3, r.W2));
    }
    return r;
}
