// Mistake bank: sigma(z) = (1 + tanh(z/2)) / 2, an exact identity, but for z < 0 tanh(z/2) is near
// -1 and 1 + tanh(z/2) cancels: relative precision is lost, and sigma is 0 below z = -37.
#include <algorithm>
#include <cmath>
#include "sigmoid.hpp"
xt::xarray<double> ch1::sigmoid(const xt::xarray<double>& z) {
    xt::xarray<double> out = xt::empty<double>(z.shape());
    std::transform(z.cbegin(), z.cend(), out.begin(), [](double v) { return 0.5 * (1.0 + std::tanh(0.5 * v)); });
    return out;
}
