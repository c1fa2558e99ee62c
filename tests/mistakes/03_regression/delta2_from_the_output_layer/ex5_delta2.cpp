// Mistakes bank, a wrong implementation: delta from the wrong layer: the output layer's sigma'(Z3) where the hidden layer's sigma'(Z2) is due
#include <cmath>
#include <xtensor/xbuilder.hpp>
#include <xtensor/xmath.hpp>
#include <xtensor-blas/xlinalg.hpp>

#include "regression.hpp"
#include "workbook/given.hpp"

ch3::Matrix ch3::delta2(const Forward& fw, const Matrix& d3, const Matrix& W2) {
    const Matrix W2T = xt::transpose(W2);
    const Matrix back = xt::linalg::dot(d3, W2T);
    const Matrix slope = wb::given::sigmoid_prime(fw.Z3);   // N x 1, broadcast over the hidden units
    return back * slope;
}
