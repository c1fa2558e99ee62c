// Chapter 8: back-propagation through a network of any depth, with weight decay.
// Seeds: 001 (Pasa, Navarin, Sperduti, "Training NNs: back-propagation": Algorithm 6.3 "Forward
// propagation through a typical deep neural network and the computation of the cost function",
// Algorithm 6.4 "Backward computation", the c-output squared error E = 1/(2cN) sum_p sum_k
// (t_k - z_k)^2, the warning "the DL book uses column notation for the gradient, you will find
// transposes and a different order"); 000 (QBUS6850 lecture 4: the row layout Z = X W + 1_N b,
// and the learning objective "why and how to add regularization terms"); 002 (softmax and
// cross-entropy, delta = yhat - y).
//
// Convention (row layout of seed 000; seed 001's column formulas transposed, see the README):
//   l = depth (layers of weights), n_k = units of layer k, n_0 = inputs, n_l = c = outputs,
//   N = samples in the batch (rows).
//   H(0) = X                                   N x n_0   (samples x inputs)
//   A(k) = H(k-1) W(k) + 1_N b(k)              N x n_k   pre-activation of layer k, k = 1..l
//   H(k) = f_k(A(k))                           N x n_k   activation; Yhat = H(l)
//   J = L(Yhat, Y) + lambda Omega,   Omega = 1/2 sum_k ||W(k)||_F^2   (weights only, no biases)
//   G(k) = dJ/dA(k)  N x n_k ("delta": the gradient, + sign: the step is theta -= eta dJ/dtheta)
//   dJ/dW(k) = H(k-1)^T G(k) + lambda W(k)     n_{k-1} x n_k
//   dJ/db(k) = 1_N^T G(k)                      1 x n_k
//   dJ/dH(k-1) = G(k) W(k)^T,  G(k-1) = dJ/dH(k-1) (x) f'_{k-1}(A(k-1))
//
// Indexing follows the seed's layer numbers, as chapter 5 does: every per-layer list has l + 1
// entries and entry 0 is empty where the seed has no layer 0 (W, b, A, dW, db); H[0] = X.
//   net.W[k] = W(k), net.b[k] = b(k) for k = 1..l;  arch.sizes[k] = n_k for k = 0..l;
//   arch.activations[k - 1] = f_k, or arch.f(k).
// The exercise statements, with the equations and the shapes, are in the exercise files exK_*.cpp.
#pragma once
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include <xtensor/xtensor.hpp>

#include "workbook/errors.hpp"  // wb::not_implemented (the stubs), shape_error, numeric_error, argument_error

namespace ch8 {

using Matrix = xt::xtensor<double, 2>;

// The activation of a layer. Element-wise, except softmax (row-wise; the output layer of
// Loss::softmax_cross_entropy only).
//   identity f(a) = a                 f'(a) = 1
//   sigmoid  f(a) = 1 / (1 + e^-a)    f'(a) = f(a) (1 - f(a))
//   tanh     f(a) = tanh(a)           f'(a) = 1 - tanh^2(a)
//   relu     f(a) = max(0, a)         f'(a) = 1 for a > 0, 0 for a <= 0 (the convention at a = 0)
//   softmax  f(a)_j = e^{a_j} / sum_i e^{a_i} over each row; its derivative is a Jacobian per row,
//            not an element-wise factor: the output delta of softmax + cross-entropy skips it
enum class Activation { identity, sigmoid, tanh, relu, softmax };

// The loss L(Yhat, Y) (Yhat, Y: N x c) and which output activations it accepts.
//   squared_error          L = 1/(2cN) sum_n sum_k (yhat_nk - y_nk)^2   (seed 001)  any element-wise
//                          output (identity for regression; seed 001 derives it for a sigmoid)
//   binary_cross_entropy   L = -1/N sum_n sum_k [y log yhat + (1 - y) log(1 - yhat)]  sigmoid output
//   softmax_cross_entropy  L = -1/N sum_n sum_k y_nk log yhat_nk   (seed 002)  softmax output
enum class Loss { squared_error, binary_cross_entropy, softmax_cross_entropy };

// Logs take log(p + kLogEps): never log(0); a NaN stays NaN, so that training can notice it.
inline constexpr double kLogEps = 1e-300;

// The network's description: the sizes of its layers, their activations and the loss.
struct Architecture {
    std::vector<std::size_t> sizes;       // l + 1 entries: sizes[k] = n_k (n_0 inputs, n_l outputs)
    std::vector<Activation> activations;  // l entries: activations[k - 1] = f_k, layer k's activation
    Loss loss = Loss::squared_error;
    std::size_t depth() const { return sizes.empty() ? 0 : sizes.size() - 1; }  // l
    Activation f(std::size_t k) const { return activations.at(k - 1); }          // f_k, k = 1..l
};

// Parameters in seed 000's row layout. W[0] and b[0] are empty (no layer 0).
struct Network {
    Architecture arch;
    std::vector<Matrix> W;  // l + 1 entries: W[k] = W(k), n_{k-1} x n_k  (layer k-1's units x layer k's)
    std::vector<Matrix> b;  // l + 1 entries: b[k] = b(k), 1 x n_k        (a row: 1_N b adds it to every row)
};

// What the forward pass keeps for the backward pass (Algorithm 6.3 with a batch).
struct Forward {
    std::vector<Matrix> A;  // l + 1 entries: A[0] empty, A[k] = H[k-1] W(k) + 1_N b(k)   N x n_k
    std::vector<Matrix> H;  // l + 1 entries: H[0] = X, H[k] = f_k(A[k]); H[l] = Yhat       N x n_k
};

// J = L + lambda Omega, the three numbers.
struct Cost {
    double L = 0.0;      // the loss of the batch
    double Omega = 0.0;  // 1/2 sum_k ||W(k)||_F^2 (weights only)
    double J = 0.0;      // L + lambda Omega
};

// dJ/dtheta, shaped like the parameters: dW[k] like W[k], db[k] like b[k]; entry 0 empty.
struct Gradients {
    std::vector<Matrix> dW;
    std::vector<Matrix> db;
};

// The whole-network gradient check (exercise 8.7).
struct GradientCheck {
    Gradients numeric;      // central differences (J(theta + h e_i) - J(theta - h e_i)) / 2h
    double relative_error;  // ||a - n||_2 / (||a||_2 + ||n||_2) over every parameter (0 if both are 0)
};

// What train() returns.
struct Training {
    Network net;                 // the parameters after the last step
    std::vector<double> J;       // epochs + 1 entries: J[e] = J after e full-batch steps, e = 0..epochs
};

// ---- the exercises ---------------------------------------------------------------------------
Matrix activation(const Matrix& A, Activation f);                                        // 8.1
Matrix activation_prime(const Matrix& A, Activation f);                                  // 8.2
Forward forward(const Network& net, const Matrix& X);                                    // 8.3
Cost cost(const Network& net, const Matrix& Yhat, const Matrix& Y, double lambda);       // 8.4
Matrix output_delta(const Network& net, const Forward& fw, const Matrix& Y);             // 8.5
Gradients backward(const Network& net, const Forward& fw, const Matrix& G, double lambda);  // 8.6
GradientCheck gradient_check(const Network& net, const Matrix& X, const Matrix& Y, double lambda,
                             const Gradients& analytic, double h);                       // 8.7
Network init_network(const Architecture& arch, std::uint64_t seed);                      // 8.8
Training train(Network net, const Matrix& X, const Matrix& Y, double lambda, double eta,
               std::size_t epochs);                                                      // 8.9

// ---- given (network.cpp): shared by both sides, calls no exercise ----------------------------
// The names used in messages and in the program: "relu", "squared_error", ...
std::string name(Activation f);
std::string name(Loss loss);
// "relu" -> Activation::relu; anything else throws wb::argument_error listing the known names.
Activation parse_activation(const std::string& s);
// Throws wb::argument_error unless f is one of the enum's values ("activation 7 is not one of
// identity, sigmoid, tanh, relu, softmax").
void check_activation(Activation f);
// Throws unless the description is usable: at least one layer, every size > 0, one activation a
// layer, known activations, softmax only at the output and only with softmax_cross_entropy,
// binary_cross_entropy with a sigmoid output, softmax_cross_entropy with a softmax output
// (wb::argument_error), and W[k] n_{k-1} x n_k, b[k] 1 x n_k for k = 1..l with l + 1 entries in
// W and b (wb::shape_error naming the layer and both shapes: a list that does not chain).
void check_architecture(const Architecture& arch);
void check_network(const Network& net);
// Throws wb::shape_error unless X is N x n_0 (N >= 1); with Y, unless Y is N x n_l.
void check_input(const Network& net, const Matrix& X);
void check_data(const Network& net, const Matrix& X, const Matrix& Y);
// Throws wb::argument_error unless lambda >= 0 and finite ("lambda should be >= 0, got -0.1").
void check_lambda(double lambda);
// Throws wb::shape_error unless fw has l + 1 A's and H's of the network's shapes for N samples.
void check_forward(const Network& net, const Forward& fw);
// Zero gradients shaped like net's parameters (entry 0 empty).
Gradients zero_gradients(const Network& net);
// Every parameter in one flat list: W(1) row by row, b(1), W(2), b(2), ... (for norms and checks).
std::vector<double> flatten(const Gradients& g);
std::vector<double> flatten_parameters(const Network& net);
// The fraction of rows whose largest output is at the row's largest target (one-hot Y), or, for
// one output, whose (yhat >= 1/2) matches (y >= 1/2).
double accuracy(const Matrix& Yhat, const Matrix& Y);

}  // namespace ch8
