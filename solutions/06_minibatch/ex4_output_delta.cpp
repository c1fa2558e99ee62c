// Reference solution of exercise 6.4 (statement: chapters/06_minibatch/ex4_output_delta.cpp).
#include "minibatch.hpp"

// [listing:6.4]
ch6::Matrix ch6::output_delta(const Matrix& P, const Matrix& Y) {
    wb::require_shape("Y", Y, {P.shape()[0], P.shape()[1]}, "samples x classes, the shape of P");
    const double B = static_cast<double>(P.shape()[0]);
    Matrix delta = (P - Y) / B;  // yhat - y per sample (seed 002), and the 1/B of the mean loss
    return delta;
}
// [/listing]
