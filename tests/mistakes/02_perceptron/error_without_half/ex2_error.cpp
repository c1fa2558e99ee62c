// Mistakes bank, a wrong implementation: 1/N sum (t - out)^2: the 1/2 of E dropped
#include <xtensor/xbuilder.hpp>
#include <xtensor/xmath.hpp>
#include <xtensor/xview.hpp>
#include <xtensor-blas/xlinalg.hpp>

#include "perceptron.hpp"
#include "workbook/given.hpp"

double ch2::error(const Vector& out, const Vector& t) {
    const double N = static_cast<double>(out.size());
    const Vector r = t - out;
    return xt::sum(r * r)() / N;
}
