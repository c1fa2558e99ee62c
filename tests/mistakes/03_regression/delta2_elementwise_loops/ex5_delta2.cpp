// Mistakes bank, correct but different: delta2 element by element: d3[n] W2[h] sigma(Z2)(1 - sigma(Z2)), with a2 for sigma(Z2)
#include <cmath>
#include <xtensor/xbuilder.hpp>
#include <xtensor/xmath.hpp>
#include <xtensor-blas/xlinalg.hpp>

#include "regression.hpp"
#include "workbook/given.hpp"

ch3::Matrix ch3::delta2(const Forward& fw, const Matrix& d3, const Matrix& W2) {
    const std::size_t N = fw.Z2.shape()[0], H = fw.Z2.shape()[1];
    Matrix d = xt::empty<double>({N, H});
    for (std::size_t n = 0; n < N; ++n)
        for (std::size_t h = 0; h < H; ++h) {
            const double a = fw.a2(n, h);             // sigma(Z2), already computed
            d(n, h) = d3(n, 0) * W2(h, 0) * a * (1.0 - a);
        }
    return d;
}
