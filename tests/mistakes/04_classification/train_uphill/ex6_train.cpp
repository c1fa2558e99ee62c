// Mistakes bank, a wrong implementation: W += eta dW: every step up the gradient
#include <algorithm>
#include <cmath>
#include <xtensor/xmanipulation.hpp>
#include <xtensor-blas/xlinalg.hpp>

#include "classification.hpp"
#include "workbook/given.hpp"

ch4::Training ch4::train(const Matrix& X, const Matrix& t, Matrix W1, Matrix W2, double eta, std::size_t epochs) {
    check_network(X, W1, W2);
    check_targets(X, t);
    Training out;
    for (std::size_t e = 0; e < epochs; ++e) {
        const Forward fw = forward(X, W1, W2);
        out.loss.push_back(cross_entropy(fw.Z3, t));
        out.accuracy.push_back(accuracy(fw.f, t));
        const Gradients g = gradients(X, fw, W2, output_delta(fw.f, t));
        W1 += eta * g.dW1;
        W2 += eta * g.dW2;
    }
    out.W1 = W1;
    out.W2 = W2;
    return out;
}
