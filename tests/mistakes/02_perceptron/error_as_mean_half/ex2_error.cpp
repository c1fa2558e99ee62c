// Mistakes bank, correct but different: E as half the mean of the squared residuals, in a loop
#include <xtensor/xbuilder.hpp>
#include <xtensor/xmath.hpp>
#include <xtensor/xview.hpp>
#include <xtensor-blas/xlinalg.hpp>

#include "perceptron.hpp"
#include "workbook/given.hpp"

double ch2::error(const Vector& out, const Vector& t) {
    double sum = 0.0;
    for (std::size_t n = 0; n < out.size(); ++n) sum += (out(n) - t(n)) * (out(n) - t(n));
    return 0.5 * (sum / static_cast<double>(out.size()));
}
