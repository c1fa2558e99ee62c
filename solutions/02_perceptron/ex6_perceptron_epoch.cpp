// Reference solution of exercise 2.6 (statement: chapters/02_perceptron/ex6_perceptron_epoch.cpp).
#include <xtensor/xmath.hpp>
#include <xtensor/xview.hpp>

#include "perceptron.hpp"

// [listing:2.6]
ch2::Vector ch2::perceptron_epoch(const Matrix& X, const Vector& w, const Vector& y, double eta) {
    check_weights(X, w);
    check_targets(X, y, "y");
    Vector v = w;
    for (std::size_t d = 0; d < X.shape()[0]; ++d) {
        const Vector x = xt::row(X, d);                              // (D,) sample d
        const double yhat = xt::sum(v * x)() >= 0.0 ? 1.0 : 0.0;     // step, with the current weights
        v = v + eta * (y(d) - yhat) * x;                             // no change when yhat == y
    }
    return v;
}
// [/listing]
