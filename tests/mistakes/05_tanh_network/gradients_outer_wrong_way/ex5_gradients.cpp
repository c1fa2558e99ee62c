// Mistakes bank, a wrong implementation: delta(l) x(l-1)^T: the outer product the wrong way round (a missing transpose)
#include <cmath>
#include <xtensor/xmanipulation.hpp>
#include <xtensor/xview.hpp>
#include <xtensor-blas/xlinalg.hpp>

#include "tanh_network.hpp"
#include "workbook/given.hpp"

ch5::Weights ch5::gradients(const Forward& fw, const Sensitivities& delta) {
    const std::size_t L = delta.size() - 1;
    Weights dW(L + 1);
    for (std::size_t l = 1; l <= L; ++l) dW[l] = xt::linalg::outer(delta[l], fw.x[l - 1]);
    return dW;
}
