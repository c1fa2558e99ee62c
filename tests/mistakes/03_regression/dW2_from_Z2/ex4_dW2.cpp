// Mistakes bank, a wrong implementation: Z2^T delta3: the pre-activation where the activation a2 is due
#include <cmath>
#include <xtensor/xbuilder.hpp>
#include <xtensor/xmath.hpp>
#include <xtensor-blas/xlinalg.hpp>

#include "regression.hpp"
#include "workbook/given.hpp"

ch3::Matrix ch3::dW2(const Forward& fw, const Matrix& d3) {
    const Matrix Z2T = xt::transpose(fw.Z2);
    return xt::linalg::dot(Z2T, d3);
}
