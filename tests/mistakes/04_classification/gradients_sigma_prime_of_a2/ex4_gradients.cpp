// Mistakes bank, a wrong implementation: sigma'(a2) where sigma'(Z2) is due
#include <algorithm>
#include <cmath>
#include <xtensor/xmanipulation.hpp>
#include <xtensor-blas/xlinalg.hpp>

#include "classification.hpp"
#include "workbook/given.hpp"

ch4::Gradients ch4::gradients(const Matrix& X, const Forward& fw, const Matrix& W2, const Matrix& delta3) {
    Gradients g;
    g.dW2 = xt::linalg::dot(xt::transpose(fw.a2), delta3);
    const Matrix back = xt::linalg::dot(delta3, xt::transpose(W2));
    const Matrix delta2 = back * wb::given::sigmoid_prime(fw.a2);
    g.dW1 = xt::linalg::dot(xt::transpose(X), delta2);
    return g;
}
