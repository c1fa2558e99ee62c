// Correct but different: the two evaluations, then half the slope over h.
#include "sigmoid.hpp"
xt::xarray<double> ch1::central_difference(const Fn& f, const xt::xarray<double>& z, double h) {
    const xt::xarray<double> plus = f(z + h), minus = f(z - h);
    xt::xarray<double> out = plus;
    for (std::size_t i = 0; i < out.size(); ++i) out.data()[i] = 0.5 * (plus.data()[i] - minus.data()[i]) / h;
    return out;
}
