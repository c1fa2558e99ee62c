#include "sigmoid.hpp"

// =============================================================================================
// Exercise 1.2  sigmoid_prime
// Seed:      000 "Sigmoid function derivative": sigma'(z) = e^(-z) / (1 + e^(-z))^2
//            001 "for sigma() the following relation holds"
// Equation:  sigma'(z) = sigma(z) (1 - sigma(z))
// Shapes:    z: any shape  ->  returns the same shape, element by element
// Task:      Return sigma'(z) for every element of z, through the identity above (you may call
//            your sigmoid() of exercise 1.1). z is the pre-activation, not the activation
//            a = sigma(z): the formula a (1 - a) is right only for a. Must be finite (0) at z = +-1000.
// =============================================================================================
xt::xarray<double> ch1::sigmoid_prime(const xt::xarray<double>& z) {
    (void)z;
    throw wb::not_implemented("1.2", "sigmoid_prime");
}
