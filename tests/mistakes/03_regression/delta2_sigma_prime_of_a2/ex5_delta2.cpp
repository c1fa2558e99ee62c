// Mistakes bank, a wrong implementation: sigma'(a2) where sigma'(Z2) is due
#include <cmath>
#include <xtensor/xbuilder.hpp>
#include <xtensor/xmath.hpp>
#include <xtensor-blas/xlinalg.hpp>

#include "regression.hpp"
#include "workbook/given.hpp"

ch3::Matrix ch3::delta2(const Forward& fw, const Matrix& d3, const Matrix& W2) {
    const Matrix W2T = xt::transpose(W2);
    const Matrix back = xt::linalg::dot(d3, W2T);
    return back * wb::given::sigmoid_prime(fw.a2);
}
