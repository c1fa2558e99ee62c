// Reference solution of exercise 3.6 (statement: chapters/03_regression/ex6_dW1.cpp).
#include <xtensor-blas/xlinalg.hpp>

#include "regression.hpp"

// [listing:3.6]
ch3::Matrix ch3::dW1(const Matrix& X, const Matrix& d2) {
    const Matrix XT = xt::transpose(X);    // D x N
    return xt::linalg::dot(XT, d2);        // D x N times N x H = D x H
}
// [/listing]
