#include <xtensor/xmath.hpp>

#include "perceptron.hpp"

// =============================================================================================
// Exercise 2.2  error
// Seed:      001 "Back-propagation for (sigmoid) perceptron": "MSE error function
//            E = 1/2 1/N_Tr sum_{d in Tr} (t^(d) - out^(d))^2"
// Equation:  E = 1/(2N) sum_{d=1}^N (t_d - out_d)^2
// Shapes:    out: (N,) (one output per sample); t: (N,) (targets)  ->  returns a scalar
// Task:      Return the error of seed 001, with both of its factors: the 1/2 (it cancels the 2 of
//            the derivative of the square) and the 1/N (an average over the samples, so that E
//            does not grow with the size of the data set). Chapter 3 follows seed 000, which
//            keeps the 1/2 but drops the 1/N: this chapter keeps both.
// =============================================================================================
double ch2::error(const Vector& out, const Vector& t) {
    (void)out, (void)t;
    throw wb::not_implemented("2.2", "error");
}
