// Mistakes bank, a wrong implementation: both gradients with the wrong sign (t - f propagated as if it were f - t)
#include <algorithm>
#include <cmath>
#include <xtensor/xmanipulation.hpp>
#include <xtensor-blas/xlinalg.hpp>

#include "classification.hpp"
#include "workbook/given.hpp"

ch4::Gradients ch4::gradients(const Matrix& X, const Forward& fw, const Matrix& W2, const Matrix& delta3) {
    Gradients g;
    const Matrix d3 = -delta3;
    g.dW2 = xt::linalg::dot(xt::transpose(fw.a2), d3);
    const Matrix back = xt::linalg::dot(d3, xt::transpose(W2));
    g.dW1 = xt::linalg::dot(xt::transpose(X), Matrix(back * wb::given::sigmoid_prime(fw.Z2)));
    return g;
}
