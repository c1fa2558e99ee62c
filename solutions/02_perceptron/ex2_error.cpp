// Reference solution of exercise 2.2 (statement: chapters/02_perceptron/ex2_error.cpp).
#include <xtensor/xmath.hpp>

#include "perceptron.hpp"

// [listing:2.2]
double ch2::error(const Vector& out, const Vector& t) {
    const double N = static_cast<double>(out.size());
    const Vector r = t - out;               // (N,) residuals, seed 001's (t - out)
    return xt::sum(r * r)() / (2.0 * N);    // 1/(2N) sum r^2
}
// [/listing]
