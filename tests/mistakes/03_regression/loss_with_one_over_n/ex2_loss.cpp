// Mistakes bank, a wrong implementation: 1/(2N) sum (f - t)^2: chapter 2's 1/N where seed 000 has none
#include <cmath>
#include <xtensor/xbuilder.hpp>
#include <xtensor/xmath.hpp>
#include <xtensor-blas/xlinalg.hpp>

#include "regression.hpp"
#include "workbook/given.hpp"

double ch3::loss(const Matrix& f, const Matrix& t) {
    check_targets(f, t);
    const Matrix r = f - t;
    return 0.5 * xt::sum(r * r)() / static_cast<double>(r.size());
}
