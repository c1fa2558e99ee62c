// Reference solution of exercise 2.1 (statement: chapters/02_perceptron/ex1_output.cpp).
#include <xtensor-blas/xlinalg.hpp>

#include "perceptron.hpp"
#include "workbook/given.hpp"

// [listing:2.1]
ch2::Vector ch2::output(const Matrix& X, const Vector& w) {
    check_weights(X, w);
    const Vector net = xt::linalg::dot(X, w);  // (N,): w . x of every sample
    return wb::given::sigmoid(net);
}
// [/listing]
