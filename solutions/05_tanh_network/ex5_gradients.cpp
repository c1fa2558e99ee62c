// Reference solution of exercise 5.5 (statement: chapters/05_tanh_network/ex5_gradients.cpp).
#include <xtensor-blas/xlinalg.hpp>

#include "tanh_network.hpp"

// [listing:5.5]
ch5::Weights ch5::gradients(const Forward& fw, const Sensitivities& delta) {
    const std::size_t L = delta.size() - 1;
    Weights dW(L + 1);  // dW[0] stays empty
    for (std::size_t l = 1; l <= L; ++l) dW[l] = xt::linalg::outer(fw.x[l - 1], delta[l]);  // (1 + d(l-1)) x d(l)
    return dW;
}
// [/listing]
