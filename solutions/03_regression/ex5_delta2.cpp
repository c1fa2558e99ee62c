// Reference solution of exercise 3.5 (statement: chapters/03_regression/ex5_delta2.cpp).
#include <xtensor-blas/xlinalg.hpp>

#include "regression.hpp"
#include "workbook/given.hpp"

// [listing:3.5]
ch3::Matrix ch3::delta2(const Forward& fw, const Matrix& d3, const Matrix& W2) {
    const Matrix W2T = xt::transpose(W2);                   // 1 x H
    const Matrix back = xt::linalg::dot(d3, W2T);            // N x 1 times 1 x H = N x H
    return back * wb::given::sigmoid_prime(fw.Z2);           // .* sigma'(Z2), layer 2's slope
}
// [/listing]
