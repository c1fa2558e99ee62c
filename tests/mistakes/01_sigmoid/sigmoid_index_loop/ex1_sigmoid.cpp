// Correct but different: a plain loop over the elements; 1/(1 + e^-z) or e^z/(1 + e^z) by sign.
#include <cmath>
#include "sigmoid.hpp"
xt::xarray<double> ch1::sigmoid(const xt::xarray<double>& z) {
    xt::xarray<double> out = z;
    for (std::size_t i = 0; i < out.size(); ++i) {
        const double v = z.data()[i];
        out.data()[i] = v >= 0 ? 1.0 / (1.0 + std::exp(-v)) : std::exp(v) / (1.0 + std::exp(v));
    }
    return out;
}
