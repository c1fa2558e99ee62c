// Given code of chapter 9, part 2 (compiled into both sides; it calls no exercise): the tape of
// tensor nodes and the forward half of every operation, with its shape checks.
#include <algorithm>
#include <cmath>
#include <sstream>
#include <string>

#include <xtensor-blas/xlinalg.hpp>
#include <xtensor/xmath.hpp>
#include <xtensor/xview.hpp>

#include "autodiff.hpp"
#include "workbook/given.hpp"
#include "workbook/rng.hpp"

namespace ch9 {

std::string op_name(Op op) {
    switch (op) {
        case Op::input: return "input";
        case Op::matmul: return "matmul";
        case Op::add_bias: return "add_bias";
        case Op::add: return "add";
        case Op::sub: return "sub";
        case Op::sigmoid: return "sigmoid";
        case Op::tanh: return "tanh";
        case Op::relu: return "relu";
        case Op::square: return "square";
        case Op::scale: return "scale";
        case Op::sum: return "sum";
        case Op::softmax_cross_entropy: return "softmax_cross_entropy";
        case Op::sigmoid_cross_entropy: return "sigmoid_cross_entropy";
    }
    return "op " + std::to_string(static_cast<int>(op));
}

const TensorNode& Tape::node(Var v) const {
    if (v.id >= nodes.size())
        throw wb::graph_error("Var " + std::to_string(v.id) + " is not on this tape (it has " + std::to_string(nodes.size()) +
                              " nodes): a Var of another tape?");
    return nodes[v.id];
}
TensorNode& Tape::node(Var v) { return const_cast<TensorNode&>(static_cast<const Tape&>(*this).node(v)); }

Var Tape::input(const std::string& name, const Matrix& value) {
    TensorNode n;
    n.op = Op::input;
    n.name = name;
    n.value = value;
    nodes.push_back(std::move(n));
    return {nodes.size() - 1};
}

std::size_t Tape::bytes_kept() const {
    std::size_t b = 0;
    for (const auto& n : nodes)
        if (n.op != Op::input) b += (n.value.size() + n.saved.size()) * sizeof(double);
    return b;
}
std::size_t Tape::bytes_inputs() const {
    std::size_t b = 0;
    for (const auto& n : nodes)
        if (n.op == Op::input) b += n.value.size() * sizeof(double);
    return b;
}

namespace {
std::string label(const Tape& t, Var v) {
    const auto& n = t.node(v);
    return n.name.empty() ? "n" + std::to_string(v.id) : n.name;
}

Var record(Tape& t, Op op, std::vector<std::size_t> parents, Matrix value, const std::string& name) {
    TensorNode n;
    n.op = op;
    n.name = name;
    n.parents = std::move(parents);
    n.value = std::move(value);
    t.nodes.push_back(std::move(n));
    return {t.nodes.size() - 1};
}

void same_shape(const Tape& t, const std::string& op, Var A, Var B) {
    const Matrix& a = t.value(A);
    const Matrix& b = t.value(B);
    if (a.shape() != b.shape())
        throw wb::shape_error(op + ": " + label(t, A) + " is " + wb::shape_str(a.shape()) + " and " + label(t, B) + " is " +
                              wb::shape_str(b.shape()) + ": an element-wise " + op + " needs the same shape");
}

template <class F>
Matrix map(const Matrix& z, F f) {
    Matrix out = xt::empty<double>(z.shape());
    std::transform(z.cbegin(), z.cend(), out.begin(), f);
    return out;
}
}  // namespace

Var matmul(Tape& t, Var A, Var B, const std::string& name) {
    const Matrix& a = t.value(A);
    const Matrix& b = t.value(B);
    if (a.shape()[1] != b.shape()[0])
        throw wb::shape_error("matmul: " + label(t, A) + " is " + wb::shape_str(a.shape()) + " and " + label(t, B) + " is " +
                              wb::shape_str(b.shape()) + ": A B needs as many columns in A (" + std::to_string(a.shape()[1]) +
                              ") as rows in B (" + std::to_string(b.shape()[0]) + ")");
    Matrix v = xt::linalg::dot(a, b);
    return record(t, Op::matmul, {A.id, B.id}, std::move(v), name);
}

Var add_bias(Tape& t, Var X, Var b, const std::string& name) {
    const Matrix& x = t.value(X);
    const Matrix& bb = t.value(b);
    if (bb.shape()[0] != 1 || bb.shape()[1] != x.shape()[1])
        throw wb::shape_error("add_bias: the bias " + label(t, b) + " should be 1x" + std::to_string(x.shape()[1]) +
                              " (a row, one entry per column of " + label(t, X) + ", which is " + wb::shape_str(x.shape()) +
                              "), got " + wb::shape_str(bb.shape()));
    Matrix v = x + bb;  // broadcast: the row b added to every row of X, i.e. X + 1_B b
    return record(t, Op::add_bias, {X.id, b.id}, std::move(v), name);
}

Var add(Tape& t, Var A, Var B, const std::string& name) {
    same_shape(t, "add", A, B);
    Matrix v = t.value(A) + t.value(B);
    return record(t, Op::add, {A.id, B.id}, std::move(v), name);
}
Var sub(Tape& t, Var A, Var B, const std::string& name) {
    same_shape(t, "sub", A, B);
    Matrix v = t.value(A) - t.value(B);
    return record(t, Op::sub, {A.id, B.id}, std::move(v), name);
}
Var sigmoid(Tape& t, Var Z, const std::string& name) {
    return record(t, Op::sigmoid, {Z.id}, map(t.value(Z), [](double z) { return wb::given::sigmoid(z); }), name);
}
Var tanh(Tape& t, Var Z, const std::string& name) {
    return record(t, Op::tanh, {Z.id}, map(t.value(Z), [](double z) { return std::tanh(z); }), name);
}
Var relu(Tape& t, Var Z, const std::string& name) {
    return record(t, Op::relu, {Z.id}, map(t.value(Z), [](double z) { return z > 0.0 ? z : 0.0; }), name);
}
Var square(Tape& t, Var Z, const std::string& name) {
    return record(t, Op::square, {Z.id}, map(t.value(Z), [](double z) { return z * z; }), name);
}
Var scale(Tape& t, Var Z, double k, const std::string& name) {
    Var v = record(t, Op::scale, {Z.id}, map(t.value(Z), [k](double z) { return k * z; }), name);
    t.nodes.back().k = k;
    return v;
}
Var sum(Tape& t, Var Z, const std::string& name) {
    const Matrix& z = t.value(Z);
    double s = 0.0;
    for (double v : z) s += v;
    return record(t, Op::sum, {Z.id}, Matrix{{s}}, name);
}

Var softmax_cross_entropy(Tape& t, Var Z, const Matrix& Y, const std::string& name) {
    const Matrix& z = t.value(Z);
    wb::require_shape("Y", Y, {z.shape()[0], z.shape()[1]}, "samples x classes, one one-hot row per row of " + label(t, Z));
    const std::size_t B = z.shape()[0], K = z.shape()[1];
    Matrix P = xt::empty<double>(z.shape());
    double loss = 0.0;
    for (std::size_t n = 0; n < B; ++n) {
        double m = z(n, 0);
        for (std::size_t k = 1; k < K; ++k) m = std::max(m, z(n, k));
        double s = 0.0;
        for (std::size_t k = 0; k < K; ++k) s += (P(n, k) = std::exp(z(n, k) - m));
        for (std::size_t k = 0; k < K; ++k) {
            P(n, k) /= s;
            if (Y(n, k) != 0.0) loss -= Y(n, k) * std::log(P(n, k) + kLogEps);
        }
    }
    Var v = record(t, Op::softmax_cross_entropy, {Z.id}, Matrix{{loss / static_cast<double>(B)}}, name);
    t.nodes.back().target = Y;
    t.nodes.back().saved = std::move(P);
    return v;
}

Var sigmoid_cross_entropy(Tape& t, Var Z, const Matrix& T, const std::string& name) {
    const Matrix& z = t.value(Z);
    wb::require_shape("t", T, {z.shape()[0], z.shape()[1]}, "samples x outputs, the shape of " + label(t, Z));
    double loss = 0.0;
    for (std::size_t i = 0; i < z.size(); ++i) {
        const double v = z.data()[i];
        loss += std::max(v, 0.0) + std::log1p(std::exp(-std::abs(v))) - T.data()[i] * v;  // softplus(z) - t z
    }
    Var v = record(t, Op::sigmoid_cross_entropy, {Z.id}, Matrix{{loss}}, name);
    t.nodes.back().target = T;
    return v;
}

std::string describe(const Tape& t) {
    std::ostringstream os;
    for (std::size_t i = 0; i < t.nodes.size(); ++i) {
        const auto& n = t.nodes[i];
        os << "  n" << i << " = " << op_name(n.op);
        if (n.op != Op::input) {
            os << "(";
            for (std::size_t k = 0; k < n.parents.size(); ++k) os << (k ? ", " : "") << label(t, {n.parents[k]});
            if (n.op == Op::scale) os << ", " << n.k;
            os << ")";
        }
        os << "  " << (n.name.empty() ? std::string("") : n.name + " ") << wb::shape_str(n.value.shape()) << "\n";
    }
    return os.str();
}

Network init_network(std::size_t D, std::size_t H, std::size_t K, std::uint64_t seed) {
    wb::Rng rng(seed);
    Network net;
    net.W1 = rng.normal_matrix(D, H, 1.0 / std::sqrt(static_cast<double>(D)));
    net.b1 = xt::zeros<double>({std::size_t{1}, H});
    net.W2 = rng.normal_matrix(H, K, 1.0 / std::sqrt(static_cast<double>(H)));
    net.b2 = xt::zeros<double>({std::size_t{1}, K});
    return net;
}

std::vector<std::pair<std::size_t, std::size_t>> batch_ranges(std::size_t N, std::size_t B) {
    if (B == 0) throw std::invalid_argument("batch size B = 0: a batch needs at least one sample");
    std::vector<std::pair<std::size_t, std::size_t>> out;
    for (std::size_t begin = 0; begin < N; begin += B) out.emplace_back(begin, std::min(begin + B, N));
    return out;
}

Matrix take_rows(const Matrix& A, const std::vector<std::size_t>& order, std::size_t begin, std::size_t end) {
    if (begin > end || end > order.size())
        throw std::out_of_range("take_rows: rows [" + std::to_string(begin) + ", " + std::to_string(end) + ") of an order of " +
                                std::to_string(order.size()));
    const std::size_t cols = A.shape()[1];
    Matrix out = xt::empty<double>({end - begin, cols});
    for (std::size_t i = begin; i < end; ++i) {
        if (order[i] >= A.shape()[0]) throw std::out_of_range("take_rows: row " + std::to_string(order[i]) + " does not exist");
        std::copy_n(A.data() + order[i] * cols, cols, out.data() + (i - begin) * cols);
    }
    return out;
}

}  // namespace ch9
