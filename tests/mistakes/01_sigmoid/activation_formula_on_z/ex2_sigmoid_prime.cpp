// Mistake bank: the formula a (1 - a) applied to z instead of a = sigma(z).
#include "sigmoid.hpp"
xt::xarray<double> ch1::sigmoid_prime(const xt::xarray<double>& z) { return z * (1.0 - z); }
