// Reference solution of exercise 3.4 (statement: chapters/03_regression/ex4_dW2.cpp).
#include <xtensor-blas/xlinalg.hpp>

#include "regression.hpp"

// [listing:3.4]
ch3::Matrix ch3::dW2(const Forward& fw, const Matrix& d3) {
    const Matrix a2T = xt::transpose(fw.a2);   // H x N, evaluated (xt::transpose is a view)
    return xt::linalg::dot(a2T, d3);           // H x N times N x 1 = H x 1: the sum over samples
}
// [/listing]
