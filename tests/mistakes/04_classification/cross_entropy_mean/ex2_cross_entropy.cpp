// Mistakes bank, a wrong implementation: the mean over the samples (1/N) where the seed's loss is a sum
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
        const double z = Z3.data()[n], tn = t.data()[n];
        L += std::max(z, 0.0) + std::log1p(std::exp(-std::abs(z))) - tn * z;
    }
    return L / static_cast<double>(Z3.size());
}
