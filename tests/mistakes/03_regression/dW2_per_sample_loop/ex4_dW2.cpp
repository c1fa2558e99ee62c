// Mistakes bank, correct but different: dW2 summed sample by sample: sum_n a2[n,:]^T delta3[n]
#include <cmath>
#include <xtensor/xbuilder.hpp>
#include <xtensor/xmath.hpp>
#include <xtensor-blas/xlinalg.hpp>

#include "regression.hpp"
#include "workbook/given.hpp"

ch3::Matrix ch3::dW2(const Forward& fw, const Matrix& d3) {
    const std::size_t N = fw.a2.shape()[0], H = fw.a2.shape()[1];
    Matrix g = xt::zeros<double>({H, std::size_t{1}});
    for (std::size_t n = 0; n < N; ++n)
        for (std::size_t h = 0; h < H; ++h) g(h, 0) += fw.a2(n, h) * d3(n, 0);
    return g;
}
