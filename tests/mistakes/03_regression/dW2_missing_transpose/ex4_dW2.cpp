// Mistakes bank, a wrong implementation: delta3^T a2 where a2^T delta3 is due: the result transposed (1 x H)
#include <cmath>
#include <xtensor/xbuilder.hpp>
#include <xtensor/xmath.hpp>
#include <xtensor-blas/xlinalg.hpp>

#include "regression.hpp"
#include "workbook/given.hpp"

ch3::Matrix ch3::dW2(const Forward& fw, const Matrix& d3) {
    const Matrix d3T = xt::transpose(d3);
    return xt::linalg::dot(d3T, fw.a2);
}
