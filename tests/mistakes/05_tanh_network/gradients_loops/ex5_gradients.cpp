// Mistakes bank, correct but different: dW(l)[i, j] = x(l-1)_i delta(l)_j element by element
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
        const Vector& x = fw.x[l - 1];
        dW[l] = xt::zeros<double>({x.size(), delta[l].size()});
        for (std::size_t i = 0; i < x.size(); ++i)
            for (std::size_t j = 0; j < delta[l].size(); ++j) dW[l](i, j) = x(i) * delta[l](j);
    }
    return dW;
}
