// Mistakes bank, a wrong implementation: (f - t) f (1 - f): sigma'(Z3) kept where the cross-entropy cancels it
#include <algorithm>
#include <cmath>
#include <xtensor/xmanipulation.hpp>
#include <xtensor-blas/xlinalg.hpp>

#include "classification.hpp"
#include "workbook/given.hpp"

ch4::Matrix ch4::output_delta(const Matrix& f, const Matrix& t) {
    Matrix delta3 = (f - t) * f * (1.0 - f);
    return delta3;
}
