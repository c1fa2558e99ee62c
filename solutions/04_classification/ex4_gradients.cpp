// Reference solution of exercise 4.4 (statement: chapters/04_classification/ex4_gradients.cpp).
#include <xtensor-blas/xlinalg.hpp>
#include <xtensor/xmanipulation.hpp>

#include "classification.hpp"
#include "workbook/given.hpp"

// [listing:4.4]
ch4::Gradients ch4::gradients(const Matrix& X, const Forward& fw, const Matrix& W2, const Matrix& delta3) {
    Gradients g;
    g.dW2 = xt::linalg::dot(xt::transpose(fw.a2), delta3);             // H x N times N x 1 -> H x 1
    const Matrix back = xt::linalg::dot(delta3, xt::transpose(W2));    // N x 1 times 1 x H -> N x H
    const Matrix delta2 = back * wb::given::sigmoid_prime(fw.Z2);      // element by element
    g.dW1 = xt::linalg::dot(xt::transpose(X), delta2);                 // D x N times N x H -> D x H
    return g;
}
// [/listing]
