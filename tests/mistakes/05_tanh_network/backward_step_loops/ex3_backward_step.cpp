// Mistakes bank, correct but different: delta(l)_j = theta'(s_j) sum_k W(l+1)[j+1, k] delta(l+1)_k with explicit loops (1/cosh^2 for theta')
#include <cmath>
#include <xtensor/xmanipulation.hpp>
#include <xtensor/xview.hpp>
#include <xtensor-blas/xlinalg.hpp>

#include "tanh_network.hpp"
#include "workbook/given.hpp"

ch5::Vector ch5::backward_step(const Vector& s, const Matrix& W_next, const Vector& delta_next) {
    Vector delta = xt::zeros<double>({s.size()});
    for (std::size_t j = 0; j < s.size(); ++j) {
        double sum = 0.0;
        for (std::size_t k = 0; k < delta_next.size(); ++k) sum += W_next(j + 1, k) * delta_next(k);
        const double c = std::cosh(s(j));
        delta(j) = sum / (c * c);
    }
    return delta;
}
