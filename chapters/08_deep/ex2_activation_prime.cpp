#include <xtensor/xmath.hpp>

#include "deep.hpp"
#include "workbook/given.hpp"

// =============================================================================================
// Exercise 8.2  activation_prime
// Seed:      001 Algorithm 6.4 "g <- g (x) f'(a(k))" (element-wise multiplication if f is
//            element-wise); sigma'(net) = sigma(net)(1 - sigma(net)) ("EX: Gradient Computation")
// Equation:  identity f' = 1;  sigmoid f' = sigma(a)(1 - sigma(a));  tanh f' = 1 - tanh^2(a);
//            relu f'(a) = 1 if a > 0, 0 if a <= 0  (relu'(0) = 0: a convention, see the README)
// Shapes:    A: N x n (samples x units): the PRE-activations a(k), not h(k)  ->  returns N x n
// Task:      The slope of f at every entry of A. wb::given::sigmoid_prime and tanh_prime are
//            given ("workbook/given.hpp"). softmax has no element-wise derivative (a Jacobian per row): throw
//            wb::argument_error saying so; an unknown f: ch8::check_activation(f).
// =============================================================================================
ch8::Matrix ch8::activation_prime(const Matrix& A, Activation f) {
    (void)A, (void)f;
    throw wb::not_implemented("8.2", "activation_prime");
}
