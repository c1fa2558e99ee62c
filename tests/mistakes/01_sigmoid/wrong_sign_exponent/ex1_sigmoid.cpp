// Mistake bank: the exponent's sign lost: 1 / (1 + e^z) = sigma(-z), computed stably.
#include <algorithm>
#include <cmath>
#include "sigmoid.hpp"
xt::xarray<double> ch1::sigmoid(const xt::xarray<double>& z) {
    xt::xarray<double> out = xt::empty<double>(z.shape());
    std::transform(z.cbegin(), z.cend(), out.begin(), [](double v) {
        if (v <= 0) return 1.0 / (1.0 + std::exp(v));
        const double e = std::exp(-v);
        return e / (1.0 + e);
    });
    return out;
}
