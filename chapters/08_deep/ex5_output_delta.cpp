#include "deep.hpp"

// =============================================================================================
// Exercise 8.5  output_delta
// Seed:      001 Algorithm 6.4 "g <- grad_yhat J = grad_yhat L", then "g <- g (x) f'(a(l))";
//            the derivative of E = 1/(2cN) sum (t - z)^2 ("Gradient Descent for Feed-forward
//            Networks"); 002 "delta at the output = yhat - y" for softmax and cross-entropy
// Equation:  G(l) = dL/dA(l):
//            squared_error:          G = (Yhat - Y) / (cN) (x) f_l'(A(l))
//            binary_cross_entropy:   G = (Yhat - Y) / N      (sigmoid output: f' cancels)
//            softmax_cross_entropy:  G = (Yhat - Y) / N      (softmax output: its Jacobian cancels)
// Shapes:    net; fw from exercise 8.3 (fw.H[l] = Yhat, fw.A[l]: N x c); Y: N x c (samples x
//            outputs)  ->  returns N x c
// Task:      The gradient of the loss with respect to the output layer's pre-activation, with its
//            1/(cN) or 1/N, and the + sign (Yhat - Y): the step subtracts it. Exercise 8.2 gives
//            f_l'. Validate with ch8::check_network, ch8::check_forward and Y's shape.
// =============================================================================================
ch8::Matrix ch8::output_delta(const Network& net, const Forward& fw, const Matrix& Y) {
    (void)net, (void)fw, (void)Y;
    throw wb::not_implemented("8.5", "output_delta");
}
