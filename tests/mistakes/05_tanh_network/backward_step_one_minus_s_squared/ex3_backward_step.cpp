// Mistakes bank, a wrong implementation: 1 - s^2 where theta'(s) = 1 - tanh^2(s) is due
#include <cmath>
#include <xtensor/xmanipulation.hpp>
#include <xtensor/xview.hpp>
#include <xtensor-blas/xlinalg.hpp>

#include "tanh_network.hpp"
#include "workbook/given.hpp"

ch5::Vector ch5::backward_step(const Vector& s, const Matrix& W_next, const Vector& delta_next) {
    const Vector back = xt::linalg::dot(W_next, delta_next);
    const Vector without_bias = xt::view(back, xt::range(1, back.size()));
    Vector delta = (1.0 - s * s) * without_bias;
    return delta;
}
