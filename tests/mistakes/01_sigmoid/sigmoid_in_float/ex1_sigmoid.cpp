#include <cmath>

#include "sigmoid.hpp"

xt::xarray<double> ch1::sigmoid(const xt::xarray<double>& z) {
    xt::xarray<double> out = z;
    for (auto& v : out) {
        const float f = static_cast<float>(v);
        v = f >= 0 ? 1.0f / (1.0f + std::exp(-f)) : std::exp(f) / (1.0f + std::exp(f));
    }
    return out;
}
