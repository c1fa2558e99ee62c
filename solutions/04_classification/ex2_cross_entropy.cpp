// Reference solution of exercise 4.2 (statement: chapters/04_classification/ex2_cross_entropy.cpp).
#include <algorithm>
#include <cmath>

#include "classification.hpp"

// [listing:4.2]
double ch4::cross_entropy(const Matrix& Z3, const Matrix& t) {
    wb::require_shape("t", t, {Z3.shape()[0], Z3.shape()[1]}, "samples x outputs, like Z3");
    double L = 0.0;
    for (std::size_t n = 0; n < Z3.size(); ++n) {
        const double z = Z3.data()[n], tn = t.data()[n];
        // -t log sigma(z) - (1 - t) log(1 - sigma(z)) = t softplus(-z) + (1 - t) softplus(z)
        //                                             = softplus(z) - t z
        const double softplus = std::max(z, 0.0) + std::log1p(std::exp(-std::abs(z)));
        L += softplus - tn * z;
    }
    return L;
}
// [/listing]
