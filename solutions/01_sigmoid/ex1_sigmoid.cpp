// Reference solution of exercise 1.1 (statement: chapters/01_sigmoid/ex1_sigmoid.cpp).
#include <algorithm>
#include <cmath>

#include "sigmoid.hpp"

// [listing:1.1]
xt::xarray<double> ch1::sigmoid(const xt::xarray<double>& z) {
    xt::xarray<double> out = xt::empty<double>(z.shape());
    std::transform(z.cbegin(), z.cend(), out.begin(), [](double v) {
        if (v >= 0) return 1.0 / (1.0 + std::exp(-v));  // e^(-v) <= 1: no overflow
        const double e = std::exp(v);                     // e^v < 1: no overflow
        return e / (1.0 + e);
    });
    return out;
}
// [/listing]
