// Mistake bank: sigma(z) = 1 / (1 + e^-z) exactly as seed 000 writes it. In IEEE doubles it is never
// NaN: for z < -709.78, e^-z overflows to inf and 1/(1 + inf) = 0. But sigma(z) ~ e^z is still a
// positive (subnormal) double down to z = -745.13, so there the 0 is wrong (and log sigma = -inf).
#include <cmath>
#include "sigmoid.hpp"
xt::xarray<double> ch1::sigmoid(const xt::xarray<double>& z) {
    return 1.0 / (1.0 + xt::exp(-z));
}
