// Chapter 9: back-propagation on a computational graph, a small reverse-mode autodiff.
// Seed 001 (Deep Learning, Padova, "Training NNs: back-propagation"): back-propagation is "just the
// chain rule", but "a particular implementation of the chain rule: uses dynamic programming (table
// filling), avoids recomputing repeated subexpressions, speed vs memory tradeoff"; "Computational
// Graph: each node is a variable (scalar, vector, tensor); edges encode operations"; the four graphs
// (a) multiplication, (b) logistic regression, (c) ReLU layer, (d) linear regression and weight decay;
// "Chain rule for tensors: grad_X z = sum_j dz/dY_j grad_X Y_j".
//
// Two engines, both given here; you write what makes them differentiate:
//   * a graph of SCALAR nodes (Graph): every node knows its value, its parents and the local
//     derivatives d node / d parent. Exercises 9.1-9.4.
//   * a TAPE of TENSOR nodes (Tape): matrices (xt::xtensor<double, 2>), the operations a network
//     needs, each node recorded as it is computed. Exercises 9.5-9.10.
//
// Shape legend (row layout, one sample a row, as chapters 3, 4 and 6):
//   X: B x D (samples x inputs)   W: D x K (inputs x outputs)   b: 1 x K (a bias row)
//   Z = X W + 1_B b: B x K        a loss: 1 x 1 (a scalar kept as a matrix)
// The exercise statements, with the equation and the shapes, are in the exercise files exK_*.cpp.
#pragma once
#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include <xtensor/xtensor.hpp>

#include "workbook/errors.hpp"  // wb::not_implemented (the stubs), wb::shape_error, wb::graph_error

namespace ch9 {

using Matrix = xt::xtensor<double, 2>;

// =============================================================================================
// Part 1: a graph of scalar nodes (given)
// =============================================================================================

// One variable of the graph. Its value was computed from the values of its parents; local[k] is
// the local derivative d value / d (value of parents[k]) at those values. A parent may appear
// twice (x * x has parents {x, x} and local derivatives {x, x}): each appearance is an edge.
struct Node {
    std::string name;
    double value = 0.0;
    std::vector<std::size_t> parents;  // node ids, into Graph::nodes
    std::vector<double> local;         // local[k] = d value / d parents[k]; local.size() == parents.size()
};

// The graph: nodes indexed by id. The ops below append a node after its parents, but a graph may
// also be built in any order (shuffled() relabels it; a test may wire edges by hand), so that
// "creation order" and "an order in which every node comes after its parents" are not the same.
struct Graph {
    std::vector<Node> nodes;
    std::size_t size() const { return nodes.size(); }
    // Checks that id names a node: wb::graph_error "node 7 does not exist (the graph has 5 nodes)".
    const Node& at(std::size_t id) const;
    std::size_t input(const std::string& name, double value);  // a leaf: no parents
    std::size_t op(const std::string& name, double value, std::vector<std::size_t> parents, std::vector<double> local);
};

// A scalar function and its derivative, for the chain z = f(f(f(w))) of seed 001.
struct ScalarFn {
    std::string name;
    std::function<double(double)> f, df;
};
ScalarFn sin_fn();      // f = sin, f' = cos
ScalarFn tanh_fn();     // f = tanh, f' = 1 - tanh^2
ScalarFn sigmoid_fn();  // f = sigma, f' = sigma (1 - sigma)

// Given ops: each appends one node, its value and its local derivatives.
std::size_t add(Graph& g, std::size_t a, std::size_t b);                   // a + b       local {1, 1}
std::size_t mul(Graph& g, std::size_t a, std::size_t b);                   // a * b       local {b, a}
std::size_t apply(Graph& g, std::size_t x, const ScalarFn& f);             // f(x)        local {f'(x)}
std::size_t apply(Graph& g, std::size_t x, const ScalarFn& f, const std::string& name);

// Seed 001's chain: x_1 = f(w), x_2 = f(x_1), ..., x_n = f(x_{n-1}); returns the id of x_n.
std::size_t chain(Graph& g, std::size_t w, std::size_t n, const ScalarFn& f);
// A ladder of n rungs: x_{k+1} = sin(x_k) * cos(x_k). Each rung has two paths (through sin and
// through cos), so the number of paths from x_0 to x_n doubles each rung: 2^n. Returns x_n.
std::size_t ladder(Graph& g, std::size_t x0, std::size_t n);
// The same graph with its nodes renumbered by a random permutation (wb::Rng(seed)): same values,
// same edges, but creation order (id order) is no longer an order in which parents come first.
// ids[old] = new id, written when ids is not null.
Graph shuffled(const Graph& g, std::uint64_t seed, std::vector<std::size_t>* ids = nullptr);

// ---- the exercises on scalar graphs ----------------------------------------------------------
std::vector<std::size_t> topological_order(const Graph& g, std::size_t output);           // 9.1
std::vector<double> backward(const Graph& g, std::size_t output);                         // 9.2

struct PathByPath {
    double derivative = 0.0;       // d output / d input, the sum over paths of the products along them
    std::uint64_t paths = 0;       // how many paths lead from input to output
    std::uint64_t evaluations = 0; // local derivatives multiplied: the sum of the paths' lengths
};
PathByPath path_by_path(const Graph& g, std::size_t output, std::size_t input);           // 9.3

struct ChainRun {
    double z = 0.0;              // x_n = f^n(w)
    double dz_dw = 0.0;          // f'(x_{n-1}) ... f'(x_1) f'(x_0)
    std::size_t values_kept = 0; // checkpoints stored for the backward pass: ceil(n / every)
};
ChainRun chain_checkpointed(double w, std::size_t n, const ScalarFn& f, std::size_t every);  // 9.4

// =============================================================================================
// Part 2: a tape of tensor nodes (given)
// =============================================================================================

enum class Op {
    input,                  // a leaf: data or a parameter
    matmul,                 // A B                        A: m x k, B: k x n  ->  m x n
    add_bias,               // X + 1_B b                  X: B x K, b: 1 x K  ->  B x K (b added to every row)
    add,                    // A + B                      same shapes
    sub,                    // A - B                      same shapes
    sigmoid,                // sigma(Z)                   element-wise
    tanh,                   // tanh(Z)                    element-wise
    relu,                   // max(0, Z)                  element-wise
    square,                 // Z .* Z                     element-wise
    scale,                  // k Z                        k a number (TensorNode::k)
    sum,                    // sum of all elements        ->  1 x 1
    softmax_cross_entropy,  // -(1/B) sum_n sum_k Y_nk log softmax(Z)_nk   (chapter 6)  ->  1 x 1
    sigmoid_cross_entropy,  // sum_n [softplus(z_n) - t_n z_n] = -sum [t log sigma + (1-t) log(1-sigma)] (chapter 4) -> 1 x 1
};
std::string op_name(Op op);  // "matmul", ...

// A handle to a node of a tape: its position.
struct Var {
    std::size_t id = 0;
};

struct TensorNode {
    Op op = Op::input;
    std::string name;
    Matrix value;                      // computed when the node is recorded
    Matrix grad;                       // d loss / d value after backward(); the shape of value
    std::vector<std::size_t> parents;  // the operands, in order (matmul: {A, B}; add_bias: {X, b})
    double k = 1.0;                    // scale's factor
    Matrix target;                     // the cross-entropies' Y (B x K one-hot) or t (B x 1)
    Matrix saved;                      // softmax_cross_entropy: the probabilities P = softmax(Z), B x K
};

// The tape records nodes in the order they are computed, so every node comes after its operands.
struct Tape {
    std::vector<TensorNode> nodes;
    Var input(const std::string& name, const Matrix& value);
    const TensorNode& node(Var v) const;  // wb::graph_error if v is not on this tape
    TensorNode& node(Var v);
    const Matrix& value(Var v) const { return node(v).value; }
    const Matrix& grad(Var v) const { return node(v).grad; }
    // What the tape holds for the backward pass, in bytes: every node's value and saved matrix
    // (sizeof(double) each element); parameters and data (inputs) are counted apart.
    std::size_t bytes_kept() const;
    std::size_t bytes_inputs() const;
};

// Given ops: each checks its operands' shapes (wb::shape_error naming both), computes the value
// and records a node. The name is for printing ("Z1", "H", ...).
Var matmul(Tape& t, Var A, Var B, const std::string& name = "");
Var add_bias(Tape& t, Var X, Var b, const std::string& name = "");
Var add(Tape& t, Var A, Var B, const std::string& name = "");
Var sub(Tape& t, Var A, Var B, const std::string& name = "");
Var sigmoid(Tape& t, Var Z, const std::string& name = "");
Var tanh(Tape& t, Var Z, const std::string& name = "");
Var relu(Tape& t, Var Z, const std::string& name = "");
Var square(Tape& t, Var Z, const std::string& name = "");
Var scale(Tape& t, Var Z, double k, const std::string& name = "");
Var sum(Tape& t, Var Z, const std::string& name = "");
Var softmax_cross_entropy(Tape& t, Var Z, const Matrix& Y, const std::string& name = "");
Var sigmoid_cross_entropy(Tape& t, Var Z, const Matrix& T, const std::string& name = "");

// softmax_cross_entropy takes log(p + kLogEps), as chapter 6: never log(0).
inline constexpr double kLogEps = 1e-300;

// One line a node: "  n4 = matmul(n2 X, n3 W1)   Z1   32x64 @ 64x32 -> 32x32".
std::string describe(const Tape& t);

// ---- the exercises on tensors -----------------------------------------------------------------
struct LinearGrads {
    Matrix dX;  // B x D  = G W^T
    Matrix dW;  // D x K  = X^T G
    Matrix db;  // 1 x K  = 1_B^T G, the bias's gradient summed over the batch
};
LinearGrads linear_backward(const Matrix& X, const Matrix& W, const Matrix& G);            // 9.5
Matrix activation_backward(Op op, const Matrix& Z, const Matrix& A, const Matrix& G);     // 9.6
Matrix softmax_cross_entropy_backward(const Matrix& Z, const Matrix& Y);                  // 9.7
void backward(Tape& t, Var loss);                                                         // 9.8
Var weight_decay_cost(Tape& t, Var X, Var w, Var y, double lambda);                       // 9.9

// Chapter 6's network, trained through the tape: a sigmoid hidden layer, a softmax output.
struct Network {
    Matrix W1;  // D x H
    Matrix b1;  // 1 x H
    Matrix W2;  // H x K
    Matrix b2;  // 1 x K
};
std::vector<double> train_epoch(Network& net, const Matrix& X, const Matrix& Y, std::size_t B, double eta,
                                std::uint64_t seed);                                      // 9.10

// ---- given (tape.cpp) ---------------------------------------------------------------------------
// Chapter 6's initial weights, the same numbers as ch6::init_network: W1 ~ N(0, 1/D), W2 ~ N(0, 1/H)
// from wb::Rng(seed), in that order; biases 0.
Network init_network(std::size_t D, std::size_t H, std::size_t K, std::uint64_t seed);
// Chapter 6's batch ranges: [0, B), [B, 2B), ..., the last one short; B = 0 is an error.
std::vector<std::pair<std::size_t, std::size_t>> batch_ranges(std::size_t N, std::size_t B);
// Rows order[begin..end) of A, in that order.
Matrix take_rows(const Matrix& A, const std::vector<std::size_t>& order, std::size_t begin, std::size_t end);

}  // namespace ch9
