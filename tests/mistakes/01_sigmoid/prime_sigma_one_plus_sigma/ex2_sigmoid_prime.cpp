#include <cmath>
#include <xtensor/xmath.hpp>

#include "sigmoid.hpp"

xt::xarray<double> ch1::sigmoid_prime(const xt::xarray<double>& z) {
    const xt::xarray<double> s = sigmoid(z);
    return s * (1.0 + s);
}
