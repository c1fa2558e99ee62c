// Mistakes bank, correct but different: dW1 as a sum over samples of outer products x_n delta2_n
#include <cmath>
#include <xtensor/xbuilder.hpp>
#include <xtensor/xmath.hpp>
#include <xtensor-blas/xlinalg.hpp>

#include "regression.hpp"
#include "workbook/given.hpp"

ch3::Matrix ch3::dW1(const Matrix& X, const Matrix& d2) {
    const std::size_t N = X.shape()[0], D = X.shape()[1], H = d2.shape()[1];
    Matrix g = xt::zeros<double>({D, H});
    for (std::size_t n = 0; n < N; ++n) {
        const xt::xtensor<double, 1> x = xt::row(X, n), d = xt::row(d2, n);
        g += xt::linalg::outer(x, d);
    }
    return g;
}
