// Mistake bank: the classic precedence slip, / 2 * h for / (2 * h): C++ divides by 2, then
// multiplies by h, so the result is the derivative times h^2.
#include "sigmoid.hpp"
xt::xarray<double> ch1::central_difference(const Fn& f, const xt::xarray<double>& z, double h) {
    return (f(z + h) - f(z - h)) / 2 * h;
}
