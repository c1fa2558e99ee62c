// Mistakes bank, a wrong implementation: t - f where f - t is due
#include <algorithm>
#include <cmath>
#include <xtensor/xmanipulation.hpp>
#include <xtensor-blas/xlinalg.hpp>

#include "classification.hpp"
#include "workbook/given.hpp"

ch4::Matrix ch4::output_delta(const Matrix& f, const Matrix& t) {
    Matrix delta3 = t - f;
    return delta3;
}
