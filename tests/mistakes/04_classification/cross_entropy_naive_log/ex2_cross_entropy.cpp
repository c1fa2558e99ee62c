// Mistakes bank, a wrong implementation: -t log sigma(z) - (1 - t) log(1 - sigma(z)) directly: log(0) = -inf for a saturated output
#include <algorithm>
#include <cmath>
#include <xtensor/xmanipulation.hpp>
#include <xtensor-blas/xlinalg.hpp>

#include "classification.hpp"
#include "workbook/given.hpp"

double ch4::cross_entropy(const Matrix& Z3, const Matrix& t) {
    wb::require_shape("t", t, {Z3.shape()[0], Z3.shape()[1]}, "samples x outputs, like Z3");
    double L = 0.0;
    for (std::size_t n = 0; n < Z3.size(); ++n) {
        const double f = 1.0 / (1.0 + std::exp(-Z3.data()[n])), tn = t.data()[n];
        L += -tn * std::log(f) - (1.0 - tn) * std::log(1.0 - f);
    }
    return L;
}
