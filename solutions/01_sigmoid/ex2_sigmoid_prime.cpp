// Reference solution of exercise 1.2 (statement: chapters/01_sigmoid/ex2_sigmoid_prime.cpp).
#include "sigmoid.hpp"

// [listing:1.2]
xt::xarray<double> ch1::sigmoid_prime(const xt::xarray<double>& z) {
    const xt::xarray<double> s = sigmoid(z);  // a value, not a lazy expression: sigma once per element
    return s * (1.0 - s);
}
// [/listing]
