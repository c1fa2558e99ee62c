// Mistakes bank, a wrong implementation: w + eta grad: a step up the gradient
#include <xtensor/xbuilder.hpp>
#include <xtensor/xmath.hpp>
#include <xtensor/xview.hpp>
#include <xtensor-blas/xlinalg.hpp>

#include "perceptron.hpp"
#include "workbook/given.hpp"

ch2::Vector ch2::gradient_step(const Vector& w, const Vector& grad, double eta) { return w + eta * grad; }
