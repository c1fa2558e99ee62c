// Reference solution of exercise 2.4 (statement: chapters/02_perceptron/ex4_gradient_step.cpp).
#include "perceptron.hpp"

// [listing:2.4]
ch2::Vector ch2::gradient_step(const Vector& w, const Vector& grad, double eta) {
    return w - eta * grad;  // downhill: against the gradient
}
// [/listing]
