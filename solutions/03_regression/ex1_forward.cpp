// Reference solution of exercise 3.1 (statement: chapters/03_regression/ex1_forward.cpp).
#include <xtensor-blas/xlinalg.hpp>

#include "regression.hpp"
#include "workbook/given.hpp"

// [listing:3.1]
ch3::Forward ch3::forward(const Matrix& X, const Matrix& W1, const Matrix& W2) {
    check_network(X, W1, W2);
    Forward fw;
    fw.Z2 = xt::linalg::dot(X, W1);           // N x D times D x H = N x H
    fw.a2 = wb::given::sigmoid(fw.Z2);        // N x H
    fw.Z3 = xt::linalg::dot(fw.a2, W2);       // N x H times H x 1 = N x 1
    fw.f = wb::given::sigmoid(fw.Z3);         // N x 1, a sigmoid output unit as in the seed
    return fw;
}
// [/listing]
