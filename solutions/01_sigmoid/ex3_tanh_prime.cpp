// Reference solution of exercise 1.3 (statement: chapters/01_sigmoid/ex3_tanh_prime.cpp).
#include "sigmoid.hpp"

// [listing:1.3]
xt::xarray<double> ch1::tanh_prime(const xt::xarray<double>& s) {
    const xt::xarray<double> x = xt::tanh(s);  // the node's output x = tanh(s)
    return 1.0 - x * x;
}
// [/listing]
