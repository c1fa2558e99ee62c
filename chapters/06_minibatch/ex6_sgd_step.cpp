#include <xtensor/xnoalias.hpp>

#include "minibatch.hpp"

// =============================================================================================
// Exercise 6.6  sgd_step
// Seed:      004 "W(l)(t+1) = W(l)(t) - eta dE/dW(l)"
// Equation:  W1 <- W1 - eta dW1;  b1 <- b1 - eta db1;  W2 <- W2 - eta dW2;  b2 <- b2 - eta db2
// Shapes:    net: W1 D x H, b1 1 x H, W2 H x K, b2 1 x K (updated in place); g: the same shapes;
//            eta: the learning rate (> 0)  ->  returns nothing
// Task:      One gradient-descent update of all four parameters, in place: a step against the
//            gradient (minus), the biases too. Start with check_gradients(g, net) (given:
//            wb::shape_error naming both shapes), so that a transposed gradient is an error
//            rather than a broadcast.
// =============================================================================================
void ch6::sgd_step(Network& net, const Gradients& g, double eta) {
    (void)net, (void)g, (void)eta;
    throw wb::not_implemented("6.6", "sgd_step");
}
