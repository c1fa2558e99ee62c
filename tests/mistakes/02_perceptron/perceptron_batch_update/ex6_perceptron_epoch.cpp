// Mistakes bank, a wrong implementation: every sample classified with the weights of the epoch's start (a batch update)
#include <xtensor/xbuilder.hpp>
#include <xtensor/xmath.hpp>
#include <xtensor/xview.hpp>
#include <xtensor-blas/xlinalg.hpp>

#include "perceptron.hpp"
#include "workbook/given.hpp"

ch2::Vector ch2::perceptron_epoch(const Matrix& X, const Vector& w, const Vector& y, double eta) {
    check_weights(X, w);
    check_targets(X, y, "y");
    Vector v = w;
    for (std::size_t d = 0; d < X.shape()[0]; ++d) {
        const Vector x = xt::row(X, d);
        const double yhat = xt::sum(w * x)() >= 0.0 ? 1.0 : 0.0;
        v = v + eta * (y(d) - yhat) * x;
    }
    return v;
}
