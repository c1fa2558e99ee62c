// Reference solution of exercise 6.6 (statement: chapters/06_minibatch/ex6_sgd_step.cpp).
#include <xtensor/xnoalias.hpp>

#include "minibatch.hpp"

// [listing:6.6]
void ch6::sgd_step(Network& net, const Gradients& g, double eta) {
    check_gradients(g, net);  // given: wb::shape_error naming both shapes
    // W <- W - eta dE/dW (seed 004), in place. noalias: the right-hand side never reads the target
    // at another element, so xtensor need not copy it into a temporary first.
    xt::noalias(net.W1) -= eta * g.dW1;
    xt::noalias(net.b1) -= eta * g.db1;
    xt::noalias(net.W2) -= eta * g.dW2;
    xt::noalias(net.b2) -= eta * g.db2;
}
// [/listing]
