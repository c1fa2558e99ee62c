// Mistakes bank, a wrong implementation: P - Y without the 1/B of the mean loss
#include <algorithm>
#include <cmath>
#include <stdexcept>
#include <string>
#include <xtensor/xmath.hpp>
#include <xtensor/xnoalias.hpp>
#include <xtensor/xview.hpp>
#include <xtensor-blas/xblas.hpp>
#include <xtensor-blas/xlinalg.hpp>

#include "minibatch.hpp"
#include "workbook/given.hpp"
#include "workbook/rng.hpp"

ch6::Matrix ch6::output_delta(const Matrix& P, const Matrix& Y) {
    wb::require_shape("Y", Y, {P.shape()[0], P.shape()[1]}, "samples x classes, the shape of P");
    Matrix delta = P - Y;
    return delta;
}
