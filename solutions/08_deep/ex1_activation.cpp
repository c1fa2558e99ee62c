// Reference solution of exercise 8.1 (statement: chapters/08_deep/ex1_activation.cpp).
#include <algorithm>
#include <cmath>

#include <xtensor/xmath.hpp>

#include "deep.hpp"
#include "workbook/given.hpp"

// [listing:8.1]
ch8::Matrix ch8::activation(const Matrix& A, Activation f) {
    check_activation(f);
    switch (f) {
        case Activation::identity: return A;
        case Activation::sigmoid: return wb::given::sigmoid(A);
        case Activation::tanh: return xt::tanh(A);
        case Activation::relu: return xt::maximum(A, 0.0);
        case Activation::softmax: break;
    }
    // softmax, row by row; the row's largest entry is subtracted first so that exp never overflows
    // (e^{a - m} / sum e^{a - m} = e^a / sum e^a).
    Matrix P = xt::empty<double>(A.shape());
    for (std::size_t n = 0; n < A.shape()[0]; ++n) {
        double m = A(n, 0);
        for (std::size_t j = 1; j < A.shape()[1]; ++j) m = std::max(m, A(n, j));
        double s = 0.0;
        for (std::size_t j = 0; j < A.shape()[1]; ++j) s += (P(n, j) = std::exp(A(n, j) - m));
        for (std::size_t j = 0; j < A.shape()[1]; ++j) P(n, j) /= s;
    }
    return P;
}
// [/listing]
