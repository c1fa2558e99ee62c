// Mistake bank: the central difference divided by h instead of 2h.
#include "sigmoid.hpp"
xt::xarray<double> ch1::central_difference(const Fn& f, const xt::xarray<double>& z, double h) {
    const xt::xarray<double> up = f(z + h);
    const xt::xarray<double> down = f(z - h);
    return (up - down) / h;
}
