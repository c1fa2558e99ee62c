// Reference solution of exercise 9.9 (statement: chapters/09_autodiff/ex9_weight_decay_cost.cpp).
#include "autodiff.hpp"

// [listing:9.9]
ch9::Var ch9::weight_decay_cost(Tape& t, Var X, Var w, Var y, double lambda) {
    const Var yhat = matmul(t, X, w, "yhat");                            // u1 = X w
    const Var r = sub(t, yhat, y, "r");                                  // yhat - y
    const Var fit = scale(t, sum(t, square(t, r)), 0.5, "fit");         // 1/2 sum r^2
    const Var penalty = scale(t, sum(t, square(t, w, "w^2")), lambda, "penalty");  // lambda sum w^2
    return add(t, fit, penalty, "J");                                    // w reaches J along two paths
}
// [/listing]
