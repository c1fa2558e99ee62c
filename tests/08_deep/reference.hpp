// Chapter 8 test references: plain loops, one sample and one unit at a time, written from the
// seed's per-unit formulas and not from the exercise's matrix forms. Shared by the public suite
// (tests/08_deep) and the grading-only suite (grading/hidden/08_deep). Everything is inline in an
// anonymous-like namespace of its own (ch8ref), so that the student's code cannot link to it.
#pragma once
#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <sstream>
#include <string>
#include <vector>

#include <xtensor/xbuilder.hpp>
#include <xtensor/xtensor.hpp>

#include "deep.hpp"
#include "workbook/given.hpp"
#include "workbook/rng.hpp"

namespace ch8ref {

using ch8::Activation;
using ch8::Loss;
using ch8::Matrix;

inline const std::vector<Activation> kElementwise = {Activation::identity, Activation::sigmoid, Activation::tanh, Activation::relu};

inline double act(double a, Activation f) {
    switch (f) {
        case Activation::identity: return a;
        case Activation::sigmoid: return 1.0 / (1.0 + std::exp(-a));
        case Activation::tanh: return std::tanh(a);
        case Activation::relu: return a > 0.0 ? a : 0.0;
        default: return std::nan("");
    }
}
// relu0: the value taken for relu'(0) (the chapter's convention 0).
inline double act_prime(double a, Activation f, double relu0 = 0.0) {
    switch (f) {
        case Activation::identity: return 1.0;
        case Activation::sigmoid: { const double s = 1.0 / (1.0 + std::exp(-a)); return s * (1.0 - s); }
        case Activation::tanh: { const double t = std::tanh(a); return 1.0 - t * t; }
        case Activation::relu: return a > 0.0 ? 1.0 : (a < 0.0 ? 0.0 : relu0);
        default: return std::nan("");
    }
}

inline Matrix activation(const Matrix& A, Activation f) {
    Matrix H = xt::zeros<double>(A.shape());
    const std::size_t N = A.shape()[0], n = A.shape()[1];
    for (std::size_t r = 0; r < N; ++r) {
        if (f == Activation::softmax) {
            double m = A(r, 0);
            for (std::size_t j = 1; j < n; ++j) m = std::max(m, A(r, j));
            double s = 0.0;
            for (std::size_t j = 0; j < n; ++j) s += std::exp(A(r, j) - m);
            for (std::size_t j = 0; j < n; ++j) H(r, j) = std::exp(A(r, j) - m) / s;
        } else {
            for (std::size_t j = 0; j < n; ++j) H(r, j) = ch8ref::act(A(r, j), f);
        }
    }
    return H;
}
inline Matrix activation_prime(const Matrix& A, Activation f, double relu0 = 0.0) {
    Matrix D = xt::zeros<double>(A.shape());
    for (std::size_t i = 0; i < A.size(); ++i) D.flat(i) = ch8ref::act_prime(A.flat(i), f, relu0);
    return D;
}

// Algorithm 6.3, one sample (row) at a time: a_j = b_j + sum_i h_i W_ij.
inline ch8::Forward forward(const ch8::Network& net, const Matrix& X) {
    const std::size_t l = net.arch.depth(), N = X.shape()[0];
    ch8::Forward fw;
    fw.A.assign(l + 1, Matrix{});
    fw.H.assign(l + 1, Matrix{});
    fw.H[0] = X;
    for (std::size_t k = 1; k <= l; ++k) {
        const std::size_t in = net.arch.sizes[k - 1], out = net.arch.sizes[k];
        fw.A[k] = xt::zeros<double>({N, out});
        for (std::size_t n = 0; n < N; ++n)
            for (std::size_t j = 0; j < out; ++j) {
                double a = net.b[k](0, j);
                for (std::size_t i = 0; i < in; ++i) a += fw.H[k - 1](n, i) * net.W[k](i, j);
                fw.A[k](n, j) = a;
            }
        fw.H[k] = ch8ref::activation(fw.A[k], net.arch.f(k));
    }
    return fw;
}

inline double loss(Loss kind, const Matrix& Yhat, const Matrix& Y) {
    const std::size_t N = Y.shape()[0], c = Y.shape()[1];
    double s = 0.0;
    for (std::size_t n = 0; n < N; ++n)
        for (std::size_t k = 0; k < c; ++k) {
            const double p = Yhat(n, k), y = Y(n, k);
            if (kind == Loss::squared_error) s += (p - y) * (p - y);
            else if (kind == Loss::binary_cross_entropy) s -= y * std::log(p + ch8::kLogEps) + (1.0 - y) * std::log(1.0 - p + ch8::kLogEps);
            else s -= y * std::log(p + ch8::kLogEps);
        }
    return kind == Loss::squared_error ? s / (2.0 * static_cast<double>(c) * static_cast<double>(N)) : s / static_cast<double>(N);
}
// Omega = 1/2 sum of the squares of every weight; with_biases: the biases' squares too (a mistake).
inline double omega(const ch8::Network& net, bool with_biases = false) {
    double s = 0.0;
    for (std::size_t k = 1; k <= net.arch.depth(); ++k) {
        for (double w : net.W[k]) s += w * w;
        if (with_biases)
            for (double b : net.b[k]) s += b * b;
    }
    return 0.5 * s;
}
inline double J(const ch8::Network& net, const Matrix& X, const Matrix& Y, double lambda) {
    return ch8ref::loss(net.arch.loss, ch8ref::forward(net, X).H[net.arch.depth()], Y) + lambda * ch8ref::omega(net);
}

// dL/dA(l), element by element.
inline Matrix output_delta(const ch8::Network& net, const ch8::Forward& fw, const Matrix& Y) {
    const std::size_t l = net.arch.depth(), N = Y.shape()[0], c = Y.shape()[1];
    Matrix G = xt::zeros<double>({N, c});
    for (std::size_t n = 0; n < N; ++n)
        for (std::size_t k = 0; k < c; ++k) {
            const double d = fw.H[l](n, k) - Y(n, k);
            G(n, k) = net.arch.loss == Loss::squared_error
                          ? d / (static_cast<double>(c) * static_cast<double>(N)) * ch8ref::act_prime(fw.A[l](n, k), net.arch.f(l))
                          : d / static_cast<double>(N);
        }
    return G;
}

// The ways a backward pass goes wrong, for the mistakes lists of the reports.
enum class Variant {
    correct,
    decay_on_biases,       // db(k) += lambda b(k)
    no_decay,              // lambda W(k) missing
    decay_times_two,       // 2 lambda W(k)
    prime_of_activation,   // f'(H(k-1)) where f'(A(k-1)) is due
    first_layer_skipped,   // the loop stops at k = 2: dW(1), db(1) stay 0
    back_without_transpose,  // G W(k) where G W(k)^T is due (only square W(k) fit; others keep W(k)^T)
};

// Algorithm 6.4 one sample at a time: dW(k)_ij = sum_n h(k-1)_ni g_nj, then g(k-1)_ni =
// f'(a(k-1)_ni) sum_j W(k)_ij g_nj. relu0 as in act_prime.
inline ch8::Gradients backward(const ch8::Network& net, const ch8::Forward& fw, const Matrix& G, double lambda,
                               Variant v = Variant::correct, double relu0 = 0.0) {
    const std::size_t l = net.arch.depth(), N = G.shape()[0];
    ch8::Gradients g;
    g.dW.assign(l + 1, Matrix{});
    g.db.assign(l + 1, Matrix{});
    for (std::size_t k = 1; k <= l; ++k) {
        g.dW[k] = xt::zeros<double>({net.arch.sizes[k - 1], net.arch.sizes[k]});
        g.db[k] = xt::zeros<double>({std::size_t{1}, net.arch.sizes[k]});
    }
    Matrix d = G;
    const double decay = v == Variant::no_decay ? 0.0 : (v == Variant::decay_times_two ? 2.0 * lambda : lambda);
    for (std::size_t k = l; k >= 1; --k) {
        if (v == Variant::first_layer_skipped && k == 1) break;
        const std::size_t in = net.arch.sizes[k - 1], out = net.arch.sizes[k];
        for (std::size_t n = 0; n < N; ++n)
            for (std::size_t j = 0; j < out; ++j) {
                for (std::size_t i = 0; i < in; ++i) g.dW[k](i, j) += fw.H[k - 1](n, i) * d(n, j);
                g.db[k](0, j) += d(n, j);
            }
        for (std::size_t i = 0; i < in; ++i)
            for (std::size_t j = 0; j < out; ++j) g.dW[k](i, j) += decay * net.W[k](i, j);
        if (v == Variant::decay_on_biases)
            for (std::size_t j = 0; j < out; ++j) g.db[k](0, j) += lambda * net.b[k](0, j);
        if (k == 1) break;
        Matrix prev = xt::zeros<double>({N, in});
        for (std::size_t n = 0; n < N; ++n)
            for (std::size_t i = 0; i < in; ++i) {
                double s = 0.0;
                const bool flip = v == Variant::back_without_transpose && in == out;
                for (std::size_t j = 0; j < out; ++j) s += (flip ? net.W[k](j, i) : net.W[k](i, j)) * d(n, j);
                const double at = v == Variant::prime_of_activation ? fw.H[k - 1](n, i) : fw.A[k - 1](n, i);
                prev(n, i) = s * ch8ref::act_prime(at, net.arch.f(k - 1), relu0);
            }
        d = prev;
    }
    return g;
}
inline ch8::Gradients gradients(const ch8::Network& net, const Matrix& X, const Matrix& Y, double lambda, Variant v = Variant::correct) {
    const ch8::Forward fw = ch8ref::forward(net, X);
    return ch8ref::backward(net, fw, ch8ref::output_delta(net, fw, Y), lambda, v);
}

// Central differences of the reference J over every parameter.
inline ch8::Gradients numeric(const ch8::Network& net, const Matrix& X, const Matrix& Y, double lambda, double h = 1e-6) {
    ch8::Network p = net;
    ch8::Gradients g;
    g.dW.assign(net.W.size(), Matrix{});
    g.db.assign(net.b.size(), Matrix{});
    const auto central = [&](Matrix& theta, Matrix& out) {
        out = xt::zeros<double>(theta.shape());
        for (std::size_t i = 0; i < theta.size(); ++i) {
            const double s = theta.flat(i);
            theta.flat(i) = s + h;
            const double up = ch8ref::J(p, X, Y, lambda);
            theta.flat(i) = s - h;
            const double down = ch8ref::J(p, X, Y, lambda);
            theta.flat(i) = s;
            out.flat(i) = (up - down) / (2.0 * h);
        }
    };
    for (std::size_t k = 1; k <= net.arch.depth(); ++k) {
        central(p.W[k], g.dW[k]);
        central(p.b[k], g.db[k]);
    }
    return g;
}

// The same differences with a classic slip: each nudged parameter left at theta - h (not restored),
// so every later difference is taken around a moved network (W(1), b(1), W(2), ... in that order).
inline ch8::Gradients numeric_not_restored(const ch8::Network& net, const Matrix& X, const Matrix& Y, double lambda, double h = 1e-6) {
    ch8::Network p = net;
    ch8::Gradients g;
    g.dW.assign(net.W.size(), Matrix{});
    g.db.assign(net.b.size(), Matrix{});
    const auto central = [&](Matrix& theta, Matrix& out) {
        out = xt::zeros<double>(theta.shape());
        for (std::size_t i = 0; i < theta.size(); ++i) {
            const double s = theta.flat(i);
            theta.flat(i) = s + h;
            const double up = ch8ref::J(p, X, Y, lambda);
            theta.flat(i) = s - h;
            const double down = ch8ref::J(p, X, Y, lambda);
            out.flat(i) = (up - down) / (2.0 * h);
        }
    };
    for (std::size_t k = 1; k <= net.arch.depth(); ++k) {
        central(p.W[k], g.dW[k]);
        central(p.b[k], g.db[k]);
    }
    return g;
}

inline std::vector<double> flat(const ch8::Gradients& g) {
    std::vector<double> v;
    for (std::size_t k = 1; k < g.dW.size(); ++k) {
        v.insert(v.end(), g.dW[k].begin(), g.dW[k].end());
        v.insert(v.end(), g.db[k].begin(), g.db[k].end());
    }
    return v;
}
inline double relative_error(const ch8::Gradients& a, const ch8::Gradients& b) {
    const std::vector<double> x = ch8ref::flat(a), y = ch8ref::flat(b);
    double d = 0.0, nx = 0.0, ny = 0.0;
    for (std::size_t i = 0; i < x.size() && i < y.size(); ++i) {
        d += (x[i] - y[i]) * (x[i] - y[i]);
        nx += x[i] * x[i];
        ny += y[i] * y[i];
    }
    const double s = std::sqrt(nx) + std::sqrt(ny);
    return s == 0.0 ? 0.0 : std::sqrt(d) / s;
}

inline ch8::Gradients scaled(const ch8::Gradients& g, double s) {
    ch8::Gradients out = g;
    for (std::size_t k = 1; k < out.dW.size(); ++k) {
        out.dW[k] = out.dW[k] * s;
        out.db[k] = out.db[k] * s;
    }
    return out;
}

// ---- random cases -----------------------------------------------------------------------------
struct Case {
    ch8::Network net;
    Matrix X, Y;
    double lambda = 0.0;
    std::string describe;  // "sizes 3-5-2, tanh/softmax, softmax_cross_entropy, N = 4, lambda = 0.03"
};

inline std::string describe(const ch8::Network& net, std::size_t N, double lambda) {
    std::string s = "sizes ";
    for (std::size_t k = 0; k < net.arch.sizes.size(); ++k) s += (k ? "-" : "") + std::to_string(net.arch.sizes[k]);
    s += ", activations ";
    for (std::size_t k = 0; k < net.arch.activations.size(); ++k) s += (k ? "/" : "") + ch8::name(net.arch.activations[k]);
    std::ostringstream l;
    l << lambda;  // 0.292961, 0 or 1e-05: not std::to_string's fixed 6 decimals, which print 1e-7 as 0.000000
    s += ", " + ch8::name(net.arch.loss) + ", N = " + std::to_string(N) + ", lambda = " + l.str();
    return s;
}


// Random weights N(0, 0.7^2), biases N(0, 0.3^2): non-zero biases so that every bias path counts.
inline ch8::Network random_network(wb::Rng& rng, const ch8::Architecture& arch, double w_sd = 0.7, double b_sd = 0.3) {
    ch8::Network net{arch, std::vector<Matrix>(arch.depth() + 1), std::vector<Matrix>(arch.depth() + 1)};
    for (std::size_t k = 1; k <= arch.depth(); ++k) {
        net.W[k] = rng.normal_matrix(arch.sizes[k - 1], arch.sizes[k], w_sd);
        net.b[k] = rng.normal_matrix(1, arch.sizes[k], b_sd);
    }
    return net;
}

inline Matrix random_targets(wb::Rng& rng, Loss loss, std::size_t N, std::size_t c) {
    Matrix Y = xt::zeros<double>({N, c});
    for (std::size_t n = 0; n < N; ++n) {
        if (loss == Loss::softmax_cross_entropy) {
            Y(n, static_cast<std::size_t>(rng.below(c))) = 1.0;
            continue;
        }
        for (std::size_t k = 0; k < c; ++k)
            Y(n, k) = loss == Loss::squared_error ? rng.normal() : static_cast<double>(rng.below(2));
    }
    return Y;
}

// A random case for `loss`: depth 1..max_depth, widths 1..max_width (c >= 2 for softmax),
// N 1..max_N, hidden activations drawn from the four element-wise ones, the output as the loss
// needs (any element-wise one for squared error), lambda 0 or U[0.01, 0.5).
inline Case random_case(wb::Rng& rng, Loss loss, std::size_t max_depth = 4, std::size_t max_width = 6, std::size_t max_N = 7,
                        bool with_relu = true) {
    ch8::Architecture arch;
    arch.loss = loss;
    const std::size_t l = 1 + static_cast<std::size_t>(rng.below(max_depth));
    for (std::size_t k = 0; k <= l; ++k) arch.sizes.push_back(1 + static_cast<std::size_t>(rng.below(max_width)));
    if (loss == Loss::softmax_cross_entropy && arch.sizes[l] < 2) arch.sizes[l] = 2;
    const std::size_t choices = with_relu ? 4 : 3;
    for (std::size_t k = 1; k < l; ++k) arch.activations.push_back(kElementwise[rng.below(choices)]);
    if (loss == Loss::squared_error) arch.activations.push_back(kElementwise[rng.below(choices)]);
    else if (loss == Loss::binary_cross_entropy) arch.activations.push_back(Activation::sigmoid);
    else arch.activations.push_back(Activation::softmax);
    Case c;
    c.net = random_network(rng, arch);
    const std::size_t N = 1 + static_cast<std::size_t>(rng.below(max_N));
    c.X = rng.normal_matrix(N, arch.sizes[0]);
    c.Y = random_targets(rng, loss, N, arch.sizes[l]);
    c.lambda = rng.below(3) == 0 ? 0.0 : rng.uniform(0.01, 0.5);
    c.describe = describe(c.net, N, c.lambda);
    return c;
}

inline const std::vector<Loss> kLosses = {Loss::squared_error, Loss::binary_cross_entropy, Loss::softmax_cross_entropy};

// The smallest |a| over every pre-activation of relu layers: a finite-difference step must not
// cross relu's kink at 0.
inline double relu_margin(const ch8::Network& net, const ch8::Forward& fw) {
    double m = 1e300;
    for (std::size_t k = 1; k <= net.arch.depth(); ++k)
        if (net.arch.f(k) == Activation::relu)
            for (double a : fw.A[k]) m = std::min(m, std::abs(a));
    return m;
}

}  // namespace ch8ref
