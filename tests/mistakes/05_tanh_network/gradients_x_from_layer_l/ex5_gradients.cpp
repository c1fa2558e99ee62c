// Mistakes bank, a wrong implementation: x(l) delta(l)^T: the activation from layer l where layer l - 1's is due
#include <cmath>
#include <xtensor/xmanipulation.hpp>
#include <xtensor/xview.hpp>
#include <xtensor-blas/xlinalg.hpp>

#include "tanh_network.hpp"
#include "workbook/given.hpp"

ch5::Weights ch5::gradients(const Forward& fw, const Sensitivities& delta) {
    const std::size_t L = delta.size() - 1;
    Weights dW(L + 1);
    for (std::size_t l = 1; l <= L; ++l) {
        const Vector& x = l < L ? fw.x[l] : fw.x[l - 1];   // the output layer has no x(L) with a bias unit
        dW[l] = xt::linalg::outer(x, delta[l]);
    }
    return dW;
}
