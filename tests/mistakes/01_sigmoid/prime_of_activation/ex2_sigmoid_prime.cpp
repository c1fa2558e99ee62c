// Mistake bank: sigma'(a) with a = sigma(z), where sigma'(z) is due.
#include "sigmoid.hpp"
xt::xarray<double> ch1::sigmoid_prime(const xt::xarray<double>& z) {
    const xt::xarray<double> a = sigmoid(sigmoid(z));
    return a * (1.0 - a);
}
