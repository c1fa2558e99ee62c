#include <cmath>
#include <string>

#include "deep.hpp"

// =============================================================================================
// Exercise 8.9  train
// Seed:      001 Algorithm 6.4 "The gradients on weights and biases can be immediately used as
//            part of a stochastic gradient update"; 000 "Gradient Descent" W <- W - eta dL/dW
// Equation:  for e = 0, 1, ..., epochs - 1:  theta <- theta - eta dJ/dtheta  (every W(k), b(k)),
//            J[e] = J(theta) before step e, J[epochs] after the last step
// Shapes:    net; X: N x n_0; Y: N x n_l; lambda >= 0; eta > 0; epochs  ->  returns
//            Training{net after the last step, J: epochs + 1 numbers}
// Task:      Full-batch gradient descent on J = L + lambda Omega with exercises 8.3 to 8.6. A NaN
//            or Inf in J (diverged, or a NaN in the data) is a wb::numeric_error saying after how
//            many steps (wb::require_finite). eta <= 0: wb::argument_error; validate with
//            check_data and check_lambda first.
// =============================================================================================
ch8::Training ch8::train(Network net, const Matrix& X, const Matrix& Y, double lambda, double eta, std::size_t epochs) {
    (void)net, (void)X, (void)Y, (void)lambda, (void)eta, (void)epochs;
    throw wb::not_implemented("8.9", "train");
}
