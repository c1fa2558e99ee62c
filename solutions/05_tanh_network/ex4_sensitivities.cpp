// Reference solution of exercise 5.4 (statement: chapters/05_tanh_network/ex4_sensitivities.cpp).
#include "tanh_network.hpp"

// [listing:5.4]
ch5::Sensitivities ch5::sensitivities(const Forward& fw, const Weights& W, double y) {
    const std::size_t L = W.size() - 1;
    Sensitivities delta(L + 1);  // delta[0] stays empty
    delta[L] = output_sensitivity(fw.s[L], fw.x[L], y);
    for (std::size_t l = L - 1; l >= 1; --l) delta[l] = backward_step(fw.s[l], W[l + 1], delta[l + 1]);
    return delta;
}
// [/listing]
