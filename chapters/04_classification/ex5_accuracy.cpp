#include "classification.hpp"

// =============================================================================================
// Exercise 4.5  accuracy
// Seed:      000 "NN Binary Classification Loss Function": "each t_n is 0 (if x_n is in class 0)
//            or 1 (if x_n is in class 1)"; the sigmoid output f(x_n, W) is read as P(class 1)
// Equation:  predicted class  c_n = 1 if f_n >= 0.5, else 0;    accuracy = #{n : c_n = t_n} / N
// Shapes:    f: N x 1 (samples x outputs), entries in [0, 1]; t: N x 1 (samples x outputs),
//            entries 0 or 1  ->  returns a scalar in [0, 1]
// Task:      Return the fraction of the N samples whose predicted class equals the target.
//            f >= 0.5 is the same as Z3 >= 0: the decision boundary of the output unit.
// =============================================================================================
double ch4::accuracy(const Matrix& f, const Matrix& t) {
    (void)f, (void)t;
    throw wb::not_implemented("4.5", "accuracy");
}
