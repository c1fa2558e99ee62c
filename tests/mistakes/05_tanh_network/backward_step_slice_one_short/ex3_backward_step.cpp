#include <xtensor-blas/xlinalg.hpp>
#include <xtensor/xview.hpp>

#include "tanh_network.hpp"
#include "workbook/given.hpp"

ch5::Vector ch5::backward_step(const Vector& s, const Matrix& W_next, const Vector& delta_next) {
    const Vector back = xt::linalg::dot(W_next, delta_next);
    const Vector sliced = xt::view(back, xt::range(1, s.size()));
    const Vector slope = xt::view(wb::given::tanh_prime(s), xt::range(0, s.size() - 1));
    return Vector(slope * sliced);
}
