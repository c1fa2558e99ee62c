// Mistakes bank, correct but different: -t log sigma(z) - (1 - t) log sigma(-z), each log sigma computed stably as -softplus
#include <algorithm>
#include <cmath>
#include <xtensor/xmanipulation.hpp>
#include <xtensor-blas/xlinalg.hpp>

#include "classification.hpp"
#include "workbook/given.hpp"

double ch4::cross_entropy(const Matrix& Z3, const Matrix& t) {
    wb::require_shape("t", t, {Z3.shape()[0], Z3.shape()[1]}, "samples x outputs, like Z3");
    auto log_sigmoid = [](double z) { return z >= 0 ? -std::log1p(std::exp(-z)) : z - std::log1p(std::exp(z)); };
    double L = 0.0;
    for (std::size_t n = 0; n < Z3.size(); ++n) {
        const double z = Z3.data()[n], tn = t.data()[n];
        L -= tn * log_sigmoid(z) + (1.0 - tn) * log_sigmoid(-z);
    }
    return L;
}
