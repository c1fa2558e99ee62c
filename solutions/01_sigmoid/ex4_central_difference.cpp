// Reference solution of exercise 1.4 (statement: chapters/01_sigmoid/ex4_central_difference.cpp).
#include "sigmoid.hpp"

// [listing:1.4]
xt::xarray<double> ch1::central_difference(const Fn& f, const xt::xarray<double>& z, double h) {
    const xt::xarray<double> up = f(z + h);
    const xt::xarray<double> down = f(z - h);
    return (up - down) / (2.0 * h);
}
// [/listing]
