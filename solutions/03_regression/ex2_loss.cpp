// Reference solution of exercise 3.2 (statement: chapters/03_regression/ex2_loss.cpp).
#include <xtensor/xmath.hpp>

#include "regression.hpp"

// [listing:3.2]
double ch3::loss(const Matrix& f, const Matrix& t) {
    check_targets(f, t);
    const Matrix r = f - t;              // N x 1, seed 000's (f - t)
    return 0.5 * xt::sum(r * r)();       // 1/2 r^T r, no 1/N
}
// [/listing]
