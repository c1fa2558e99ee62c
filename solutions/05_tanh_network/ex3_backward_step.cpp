// Reference solution of exercise 5.3 (statement: chapters/05_tanh_network/ex3_backward_step.cpp).
#include <xtensor-blas/xlinalg.hpp>
#include <xtensor/xview.hpp>

#include "tanh_network.hpp"
#include "workbook/given.hpp"

// [listing:5.3]
ch5::Vector ch5::backward_step(const Vector& s, const Matrix& W_next, const Vector& delta_next) {
    const Vector back = xt::linalg::dot(W_next, delta_next);             // (1 + d(l),), bias first
    const Vector without_bias = xt::view(back, xt::range(1, back.size()));  // components 1..d(l)
    Vector delta = wb::given::tanh_prime(s) * without_bias;
    return delta;
}
// [/listing]
