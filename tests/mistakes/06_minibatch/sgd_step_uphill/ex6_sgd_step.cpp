// Mistakes bank, a wrong implementation: W + eta dW: a step up the gradient
#include <algorithm>
#include <cmath>
#include <stdexcept>
#include <string>
#include <xtensor/xmath.hpp>
#include <xtensor/xnoalias.hpp>
#include <xtensor/xview.hpp>
#include <xtensor-blas/xblas.hpp>
#include <xtensor-blas/xlinalg.hpp>

#include "minibatch.hpp"
#include "workbook/given.hpp"
#include "workbook/rng.hpp"

void ch6::sgd_step(Network& net, const Gradients& g, double eta) {
    check_gradients(g, net);
    net.W1 += eta * g.dW1;
    net.b1 += eta * g.db1;
    net.W2 += eta * g.dW2;
    net.b2 += eta * g.db2;
}
