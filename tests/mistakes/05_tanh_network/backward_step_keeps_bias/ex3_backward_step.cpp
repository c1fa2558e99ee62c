// Mistakes bank, a wrong implementation: components 0..d(l)-1 of W delta kept: the bias component kept and the last unit dropped
#include <cmath>
#include <xtensor/xmanipulation.hpp>
#include <xtensor/xview.hpp>
#include <xtensor-blas/xlinalg.hpp>

#include "tanh_network.hpp"
#include "workbook/given.hpp"

ch5::Vector ch5::backward_step(const Vector& s, const Matrix& W_next, const Vector& delta_next) {
    const Vector back = xt::linalg::dot(W_next, delta_next);
    const Vector first = xt::view(back, xt::range(0, back.size() - 1));
    Vector delta = wb::given::tanh_prime(s) * first;
    return delta;
}
