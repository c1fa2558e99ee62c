// Mistakes bank, a wrong implementation: dW1 = delta2^T X: the product the wrong way round, H x D where D x H is due
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
    const Matrix delta2 = back * wb::given::sigmoid_prime(fw.Z2);
    g.dW1 = xt::linalg::dot(xt::transpose(delta2), X);
    return g;
}
