// Reference solution of exercise 6.3 (statement: chapters/06_minibatch/ex3_cross_entropy.cpp).
#include <xtensor/xmath.hpp>

#include "minibatch.hpp"

// [listing:6.3]
double ch6::cross_entropy(const Matrix& P, const Matrix& Y) {
    wb::require_shape("Y", Y, {P.shape()[0], P.shape()[1]}, "samples x classes, the shape of P");
    const double B = static_cast<double>(P.shape()[0]);
    // log(p + 1e-300): finite where p underflowed to 0; y = 0 terms are then 0 * finite = 0.
    return -xt::sum(Y * xt::log(P + kLogEps))() / B;  // the mean over the batch, not the sum
}
// [/listing]
