// Mistakes bank, correct but different: the gradient accumulated sample by sample with scalar loops
#include <xtensor/xbuilder.hpp>
#include <xtensor/xmath.hpp>
#include <xtensor/xview.hpp>
#include <xtensor-blas/xlinalg.hpp>

#include "perceptron.hpp"
#include "workbook/given.hpp"

ch2::Vector ch2::gradient(const Matrix& X, const Vector& w, const Vector& t) {
    check_weights(X, w);
    check_targets(X, t);
    const std::size_t N = X.shape()[0], D = X.shape()[1];
    Vector g = xt::zeros<double>({D});
    for (std::size_t n = 0; n < N; ++n) {
        double net = 0.0;
        for (std::size_t j = 0; j < D; ++j) net += X(n, j) * w(j);
        const double out = wb::given::sigmoid(net);
        const double r = (t(n) - out) * out * (1.0 - out);
        for (std::size_t j = 0; j < D; ++j) g(j) -= r * X(n, j);
    }
    return g / static_cast<double>(N);
}
