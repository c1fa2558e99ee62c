// Reference solution of exercise 4.1 (statement: chapters/04_classification/ex1_forward.cpp).
#include <xtensor-blas/xlinalg.hpp>

#include "classification.hpp"
#include "workbook/given.hpp"

// [listing:4.1]
ch4::Forward ch4::forward(const Matrix& X, const Matrix& W1, const Matrix& W2) {
    check_network(X, W1, W2);        // wrong shapes: a wb::shape_error naming both
    Forward fw;
    fw.Z2 = xt::linalg::dot(X, W1);  // N x D times D x H -> N x H
    fw.a2 = wb::given::sigmoid(fw.Z2);
    fw.Z3 = xt::linalg::dot(fw.a2, W2);  // N x H times H x 1 -> N x 1
    fw.f = wb::given::sigmoid(fw.Z3);
    return fw;
}
// [/listing]
