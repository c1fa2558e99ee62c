// Chapter 2: the gradient of a single sigmoid perceptron, gradient descent, and the perceptron
// learning rule for contrast.
// Seeds: 001 (Deep Learning, "Back-propagation for (sigmoid) perceptron", "EX: Gradient
// Computation for Sigmoidal Units"), 003 (COMP90049, "Recall Perceptron learning", "Recall:
// Optimization with Gradient Descent"), 004 (AML-book notes, batch gradient descent).
//
// Shape legend (rows are samples, as in seed 000 and in every chapter of this workbook):
//   X  N x D   samples x inputs; column 0 is the constant input x0 = 1, so that seed 001's sum
//              over i = 0..n includes the threshold as the weight w0
//   w  (D,)    one weight per input (w0 first)
//   t  (N,)    one target per sample, 0 or 1 (y in seed 003)
// The exercise statements, with the equation and the shapes, are in the exercise files exK_*.cpp.
#pragma once
#include <cstddef>
#include <string>
#include <xtensor/xtensor.hpp>

#include "workbook/errors.hpp"  // wb::not_implemented, thrown by the stubs; wb::shape_error

namespace ch2 {

using Matrix = xt::xtensor<double, 2>;
using Vector = xt::xtensor<double, 1>;

// What train() returns: the final weights and the error before every step and after the last.
struct Training {
    Vector w;       // (D,)          the weights after `epochs` steps
    Vector losses;  // (epochs + 1,) losses(k) = E(w_k), the error after k steps
};

Vector output(const Matrix& X, const Vector& w);                        // 2.1  N x D, (D,) -> (N,)
double error(const Vector& out, const Vector& t);                       // 2.2  (N,), (N,) -> scalar
Vector gradient(const Matrix& X, const Vector& w, const Vector& t);     // 2.3  -> (D,)
Vector gradient_step(const Vector& w, const Vector& grad, double eta);  // 2.4  (D,), (D,) -> (D,)
Training train(const Matrix& X, const Vector& t, const Vector& w0, double eta, std::size_t epochs);  // 2.5
Vector perceptron_epoch(const Matrix& X, const Vector& w, const Vector& y, double eta);         // 2.6

// ---- given (data.cpp): checks and data that the exercises and the program share ---------------
// Throws wb::shape_error unless w has one weight per column of X:
//   "w should be (3,) (one weight per column of X, the threshold w0 included), got (2,)".
void check_weights(const Matrix& X, const Vector& w);
// Throws wb::shape_error unless t (named `name`) has one entry per row of X.
void check_targets(const Matrix& X, const Vector& t, const std::string& name = "t");

// X with a first column of ones prepended: N x d points -> N x (d + 1) inputs (x0 = 1).
Matrix with_bias(const Matrix& points);

// The chapter's linearly separable toy set: 8 points in the plane, 4 of class 1 (x1 + x2 >= 4)
// and 4 of class 0 (x1 + x2 <= 2); X is 8 x 3 with x0 = 1, t is (8,).
struct Data {
    Matrix X;
    Vector t;
};
Data separable_data();

}  // namespace ch2
