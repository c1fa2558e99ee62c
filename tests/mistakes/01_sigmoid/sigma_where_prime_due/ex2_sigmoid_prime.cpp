// Mistake bank: sigma(z) where sigma'(z) is due.
#include "sigmoid.hpp"
xt::xarray<double> ch1::sigmoid_prime(const xt::xarray<double>& z) { return sigmoid(z); }
