// Mistake bank: the naive sigmoid e^z / (1 + e^z), which is inf/inf = NaN for z > 709.
#include <cmath>
#include "sigmoid.hpp"
xt::xarray<double> ch1::sigmoid(const xt::xarray<double>& z) {
    const xt::xarray<double> e = xt::exp(z);
    return e / (1.0 + e);
}
