// Chapter 6's test-side references and data, shared by the public suite (test_minibatch.cpp) and the
// hidden cases (grading/hidden/06_minibatch/, grading only). Everything is in an anonymous namespace:
// each test file gets its own copy, and the student's code cannot link to them.
#pragma once
#include <algorithm>
#include <cmath>
#include <functional>
#include <limits>
#include <numeric>
#include <string>
#include <vector>

#include <xtensor/xbuilder.hpp>
#include <xtensor/xmath.hpp>
#include <xtensor/xview.hpp>

#include "minibatch.hpp"
#include "workbook/csv.hpp"
#include "workbook/given.hpp"
#include "workbook/rng.hpp"
#include "workbook/testing.hpp"

using ch6::Matrix;
using wb::test::abs_tol;
using wb::test::check_close;
using wb::test::check_shape;
using wb::test::Mistake;
using wb::test::rel_tol;

namespace {
// ---- data and networks -------------------------------------------------------------------------
inline Matrix one_hot_rows(const std::vector<int>& labels, std::size_t K) {
    Matrix Y = xt::zeros<double>({labels.size(), K});
    for (std::size_t n = 0; n < labels.size(); ++n) Y(n, static_cast<std::size_t>(labels[n])) = 1.0;
    return Y;
}
// N samples of D standard-normal inputs, and labels (3n + 1) mod K, all classes present.
inline Matrix sample_X(std::size_t N, std::size_t D, std::uint64_t seed) { return wb::Rng(seed).normal_matrix(N, D); }
inline std::vector<int> sample_labels(std::size_t N, std::size_t K) {
    std::vector<int> y(N);
    for (std::size_t n = 0; n < N; ++n) y[n] = static_cast<int>((3 * n + 1) % K);
    return y;
}
// A network with non-zero biases, so that every bias path is exercised.
inline ch6::Network tiny_net(std::size_t D, std::size_t H, std::size_t K, std::uint64_t seed) {
    wb::Rng rng(seed);
    ch6::Network net;
    net.W1 = rng.normal_matrix(D, H, 0.8);
    net.b1 = rng.normal_matrix(1, H, 0.3);
    net.W2 = rng.normal_matrix(H, K, 0.8);
    net.b2 = rng.normal_matrix(1, K, 0.3);
    return net;
}

// ---- the test's readable references: loops, one sample at a time --------------------------------
inline ch6::Forward ref_forward(const Matrix& X, const ch6::Network& net) {
    const std::size_t B = X.shape()[0], D = X.shape()[1], H = net.W1.shape()[1], K = net.W2.shape()[1];
    ch6::Forward f{xt::zeros<double>({B, H}), xt::zeros<double>({B, K})};
    for (std::size_t n = 0; n < B; ++n) {
        for (std::size_t j = 0; j < H; ++j) {
            double z = net.b1(0, j);
            for (std::size_t i = 0; i < D; ++i) z += X(n, i) * net.W1(i, j);
            f.H(n, j) = wb::given::sigmoid(z);
        }
        std::vector<double> z2(K);
        for (std::size_t k = 0; k < K; ++k) {
            z2[k] = net.b2(0, k);
            for (std::size_t j = 0; j < H; ++j) z2[k] += f.H(n, j) * net.W2(j, k);
        }
        const double m = *std::max_element(z2.begin(), z2.end());
        double s = 0.0;
        for (std::size_t k = 0; k < K; ++k) s += std::exp(z2[k] - m);
        for (std::size_t k = 0; k < K; ++k) f.P(n, k) = std::exp(z2[k] - m) / s;
    }
    return f;
}
inline double ref_loss(const Matrix& P, const Matrix& Y) {
    double total = 0.0;
    for (std::size_t n = 0; n < P.shape()[0]; ++n)
        for (std::size_t k = 0; k < P.shape()[1]; ++k)
            if (Y(n, k) != 0.0) total -= Y(n, k) * std::log(P(n, k) + ch6::kLogEps);
    return total / static_cast<double>(P.shape()[0]);
}
inline Matrix ref_delta(const Matrix& P, const Matrix& Y) { return (P - Y) / static_cast<double>(P.shape()[0]); }
// Seed 004's per-sample outer products x delta^T, summed over the batch (delta carries the 1/B).
inline ch6::Gradients ref_gradients(const Matrix& X, const ch6::Forward& f, const Matrix& delta, const ch6::Network& net) {
    const std::size_t B = X.shape()[0], D = X.shape()[1], H = net.W1.shape()[1], K = net.W2.shape()[1];
    ch6::Gradients g{xt::zeros<double>({D, H}), xt::zeros<double>({std::size_t{1}, H}), xt::zeros<double>({H, K}),
                     xt::zeros<double>({std::size_t{1}, K})};
    for (std::size_t n = 0; n < B; ++n) {
        std::vector<double> d1(H);
        for (std::size_t j = 0; j < H; ++j) {
            double back = 0.0;
            for (std::size_t k = 0; k < K; ++k) back += net.W2(j, k) * delta(n, k);
            d1[j] = back * f.H(n, j) * (1.0 - f.H(n, j));
        }
        for (std::size_t j = 0; j < H; ++j)
            for (std::size_t k = 0; k < K; ++k) g.dW2(j, k) += f.H(n, j) * delta(n, k);
        for (std::size_t k = 0; k < K; ++k) g.db2(0, k) += delta(n, k);
        for (std::size_t i = 0; i < D; ++i)
            for (std::size_t j = 0; j < H; ++j) g.dW1(i, j) += X(n, i) * d1[j];
        for (std::size_t j = 0; j < H; ++j) g.db1(0, j) += d1[j];
    }
    return g;
}
inline ch6::Gradients ref_batch_gradients(const Matrix& X, const Matrix& Y, const ch6::Network& net) {
    const ch6::Forward f = ref_forward(X, net);
    return ref_gradients(X, f, ref_delta(f.P, Y), net);
}
inline void ref_step(ch6::Network& net, const ch6::Gradients& g, double eta) {
    net.W1 = net.W1 - eta * g.dW1;
    net.b1 = net.b1 - eta * g.db1;
    net.W2 = net.W2 - eta * g.dW2;
    net.b2 = net.b2 - eta * g.db2;
}
inline Matrix rows(const Matrix& A, const std::vector<std::size_t>& idx) {
    Matrix out = xt::zeros<double>({idx.size(), A.shape()[1]});
    for (std::size_t r = 0; r < idx.size(); ++r)
        for (std::size_t c = 0; c < A.shape()[1]; ++c) out(r, c) = A(idx[r], c);
    return out;
}
// One epoch the plain way: shuffle, cut, and for each batch forward, loss, gradient, step.
// mean = false: the known mistake of a fused step without the 1/B of the mean loss (delta = P - Y).
// order_seed: the shuffle's seed when it is not `seed` (the known mistake of shuffling only once).
inline std::vector<double> ref_train_epoch(ch6::Network& net, const Matrix& X, const Matrix& Y, std::size_t B, double eta,
                                    std::uint64_t seed, bool mean = true, std::uint64_t order_seed = 0) {
    const std::size_t N = X.shape()[0];
    const std::vector<std::size_t> order = wb::Rng(order_seed ? order_seed : seed).permutation(N);
    std::vector<double> losses;
    for (std::size_t begin = 0; begin < N; begin += B) {
        const std::vector<std::size_t> idx(order.begin() + static_cast<long>(begin),
                                           order.begin() + static_cast<long>(std::min(begin + B, N)));
        const Matrix Xb = rows(X, idx), Yb = rows(Y, idx);
        const ch6::Forward f = ref_forward(Xb, net);
        losses.push_back(ref_loss(f.P, Yb));
        ref_step(net, ref_gradients(Xb, f, ref_delta(f.P, Yb), net), mean ? eta : eta * static_cast<double>(idx.size()));
    }
    return losses;
}
// The loss of sample n alone.
inline double sample_loss(const Matrix& X, const Matrix& Y, const ch6::Network& net, std::size_t n) {
    const Matrix x = rows(X, {n}), y = rows(Y, {n});
    return ref_loss(ref_forward(x, net).P, y);
}

inline xt::xarray<double> vec(const std::vector<double>& v) {
    xt::xarray<double> a = xt::zeros<double>({v.size()});
    std::copy(v.begin(), v.end(), a.begin());
    return a;
}
// batches -> a (batches x 2) array of [begin, end) pairs.
inline xt::xarray<double> as_pairs(const std::vector<ch6::Batch>& b) {
    xt::xarray<double> a = xt::zeros<double>({b.size(), std::size_t{2}});
    for (std::size_t i = 0; i < b.size(); ++i) a(i, 0) = static_cast<double>(b[i].begin), a(i, 1) = static_cast<double>(b[i].end);
    return a;
}

inline void check_net(const std::string& what, const ch6::Network& actual, const ch6::Network& expected, const wb::test::Tolerance& tol) {
    check_close(what + ": W1", actual.W1, expected.W1, tol, "inputs x hidden");
    check_close(what + ": b1", actual.b1, expected.b1, tol, "1 x hidden");
    check_close(what + ": W2", actual.W2, expected.W2, tol, "hidden x classes");
    check_close(what + ": b2", actual.b2, expected.b2, tol, "1 x classes");
}

// Runs f, which must throw wb::shape_error whose message names every string of `must_name`.
// Any other exception (the stub's "not implemented") leaves the test case through Boost.
inline void expect_shape_error(const std::string& what, const std::function<void()>& f, const std::vector<std::string>& must_name) {
    try {
        f();
    } catch (const wb::shape_error& e) {
        const std::string msg = e.what();
        for (const auto& s : must_name)
            BOOST_TEST(msg.find(s) != std::string::npos, wb::test::current_exercise() << ": " << what << ": the wb::shape_error should name "
                                                                                    << s << "; it says: " << msg);
        return;
    }
    BOOST_TEST(false, wb::test::current_exercise() << ": " << what << ": expected a wb::shape_error, nothing was thrown");
}

// wb::Rng(42).permutation(10): the order of the first epoch with seed 42. Computed once by the
// C++ code (support/src/rng.cpp: xoshiro256** seeded by splitmix64, Fisher-Yates from the back)
// and pasted here, so that a change of the generator, or a shuffle that does not use it, shows.
const std::vector<std::size_t> kGolden42 = {7, 3, 8, 9, 5, 6, 4, 1, 0, 2};
}  // namespace
