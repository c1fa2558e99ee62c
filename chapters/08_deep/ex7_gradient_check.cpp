#include <cmath>
#include <string>

#include "deep.hpp"

// =============================================================================================
// Exercise 8.7  gradient_check
// Seed:      001 "Back-propagation ... is the method for computing the gradient" (the check: any
//            other way of computing it must agree); the definition of the derivative
// Equation:  numeric_i = (J(theta + h e_i) - J(theta - h e_i)) / (2h)   for every parameter i
//            (every entry of every W(k) and b(k)), J from exercises 8.3 and 8.4;
//            relative_error = ||a - n||_2 / (||a||_2 + ||n||_2) over all parameters (0 if both 0)
// Shapes:    net; X: N x n_0; Y: N x n_l; lambda >= 0; analytic: Gradients like net's
//            parameters; h > 0  ->  returns GradientCheck{numeric: Gradients like net's, relative_error}
// Task:      The whole-network gradient check: nudge one parameter at a time up and down by h,
//            the others as they are, and compare with the analytic gradients. With h = 1e-6 a
//            correct backward pass gives a relative error near 1e-9 (1e-7 or below is a pass; a
//            wrong one is 1e-2 or more). ch8::flatten(g) lists a Gradients' numbers in one order.
//            h <= 0 or not finite: wb::argument_error; check_data, check_lambda as before.
// =============================================================================================
ch8::GradientCheck ch8::gradient_check(const Network& net, const Matrix& X, const Matrix& Y, double lambda,
                                       const Gradients& analytic, double h) {
    (void)net, (void)X, (void)Y, (void)lambda, (void)analytic, (void)h;
    throw wb::not_implemented("8.7", "gradient_check");
}
