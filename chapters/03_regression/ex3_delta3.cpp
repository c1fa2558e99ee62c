#include "regression.hpp"
#include "workbook/given.hpp"

// =============================================================================================
// Exercise 3.3  delta3
// Seed:      000 "Backpropagation- Step 1: summary": delta3 = (f(X, W) - t) .* sigma'(Z3)
// Equation:  delta3 = (f - t) .* sigma'(Z3)          (.* : element by element)
// Shapes:    fw: the forward pass (fw.f and fw.Z3 are N x 1); t: N x 1 (samples x outputs)
//            ->  returns N x 1 (samples x outputs)
// Task:      Call the given check_targets(fw.f, t) first. Then return the output layer's error
//            term, dL/dZ3: the derivative of 1/2 (f - t)^2 through f = sigma(Z3). sigma' is taken
//            at the pre-activation Z3 (wb::given::sigmoid_prime(fw.Z3)); fw.f * (1 - fw.f) is the
//            same number, sigma'(fw.f) and fw.f are not.
//            (wb::given::sigmoid_prime is declared in "workbook/given.hpp", included at the top.)
// =============================================================================================
ch3::Matrix ch3::delta3(const Forward& fw, const Matrix& t) {
    (void)fw, (void)t;
    throw wb::not_implemented("3.3", "delta3");
}
