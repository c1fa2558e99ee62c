#include "perceptron.hpp"

// =============================================================================================
// Exercise 2.4  gradient_step
// Seed:      003 "Recall: Optimization with Gradient Descent": theta_i <- theta_i + Delta theta_i
//            with Delta theta_i = -eta dE/dtheta_i; 004 "w(t+1) = w(t) - eta dE/dw"
// Equation:  w_new = w - eta dE/dw
// Shapes:    w: (D,) (the weights); grad: (D,) (dE/dw at w, as exercise 2.3 returns it);
//            eta: the learning rate, > 0  ->  returns (D,) (the weights after one step)
// Task:      Return the weights after one step of gradient descent: a step of length eta times
//            the gradient, against the gradient (downhill). Do not change w itself.
// =============================================================================================
ch2::Vector ch2::gradient_step(const Vector& w, const Vector& grad, double eta) {
    (void)w, (void)grad, (void)eta;
    throw wb::not_implemented("2.4", "gradient_step");
}
