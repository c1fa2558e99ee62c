// Chapter 4's test-side references and data, shared by the public suite (test_classification.cpp) and the
// hidden cases (grading/hidden/04_classification/, grading only). Everything is in an anonymous namespace:
// each test file gets its own copy, and the student's code cannot link to them.
#pragma once
#include <cmath>
#include <functional>
#include <limits>
#include <string>
#include <vector>

#include <xtensor-blas/xlinalg.hpp>
#include <xtensor/xadapt.hpp>
#include <xtensor/xmanipulation.hpp>
#include <xtensor/xmath.hpp>

#include "classification.hpp"
#include "workbook/rng.hpp"
#include "workbook/testing.hpp"

using ch4::Matrix;
using wb::test::abs_tol;
using wb::test::check_close;
using wb::test::check_shape;
using wb::test::Mistake;
using wb::test::rel_tol;

namespace {
// ---- references -------------------------------------------------------------------------------
inline double sig(double z) { return z >= 0 ? 1.0 / (1.0 + std::exp(-z)) : std::exp(z) / (1.0 + std::exp(z)); }
inline Matrix map(const Matrix& a, double (*fn)(double)) {
    Matrix out = a;
    for (auto& v : out) v = fn(v);
    return out;
}
inline double sig_prime(double z) { return sig(z) * (1.0 - sig(z)); }
inline Matrix dot(const Matrix& a, const Matrix& b) { return xt::linalg::dot(a, b); }
inline Matrix tr(const Matrix& a) { return xt::transpose(a); }

inline ch4::Forward ref_forward(const Matrix& X, const Matrix& W1, const Matrix& W2) {
    ch4::Forward fw;
    fw.Z2 = dot(X, W1);
    fw.a2 = map(fw.Z2, sig);
    fw.Z3 = dot(fw.a2, W2);
    fw.f = map(fw.Z3, sig);
    return fw;
}
// Summed cross-entropy from Z3: per sample softplus(z) - t z (exact, no log of f).
inline double ref_loss(const Matrix& Z3, const Matrix& t) {
    double L = 0;
    for (std::size_t i = 0; i < Z3.size(); ++i) {
        const double z = Z3.data()[i];
        L += std::max(z, 0.0) + std::log1p(std::exp(-std::abs(z))) - t.data()[i] * z;
    }
    return L;
}
// A cross-entropy computed the naive way from f clipped to [eps, 1 - eps]: a known wrong answer.
inline double clipped_loss(const Matrix& Z3, const Matrix& t, double eps) {
    double L = 0;
    for (std::size_t i = 0; i < Z3.size(); ++i) {
        const double f = std::min(std::max(sig(Z3.data()[i]), eps), 1.0 - eps), tn = t.data()[i];
        L -= tn * std::log(f) + (1 - tn) * std::log(1 - f);
    }
    return L;
}
// The gradients for a given delta3, with switches for the typical mistakes.
struct RefGrad {
    Matrix dW1, dW2;
};
enum class Slip { none, prime_of_a2, no_hidden_prime, output_prime_again };
inline RefGrad ref_gradients(const Matrix& X, const ch4::Forward& fw, const Matrix& W2, Matrix delta3, Slip slip = Slip::none) {
    if (slip == Slip::output_prime_again) delta3 = delta3 * map(fw.Z3, sig_prime);
    RefGrad g;
    g.dW2 = dot(tr(fw.a2), delta3);
    Matrix back = dot(delta3, tr(W2));
    if (slip == Slip::prime_of_a2) back = back * map(fw.a2, sig_prime);
    else if (slip != Slip::no_hidden_prime) back = back * map(fw.Z2, sig_prime);
    g.dW1 = dot(tr(X), back);
    return g;
}
inline double ref_accuracy(const Matrix& f, const Matrix& t) {
    double right = 0;
    for (std::size_t i = 0; i < f.size(); ++i) right += ((f.data()[i] >= 0.5 ? 1.0 : 0.0) == t.data()[i]);
    return right / static_cast<double>(f.size());
}
// The test's own gradient-descent loop (4.6): the loss and the accuracy at the weights each epoch
// starts from, then one step W -= eta dW with delta3 = f - t.
inline ch4::Training ref_train(const Matrix& X, const Matrix& t, const Matrix& W1, const Matrix& W2, double eta,
                               std::size_t epochs) {
    ch4::Training r{W1, W2, {}, {}};
    for (std::size_t e = 0; e < epochs; ++e) {
        const ch4::Forward fw = ref_forward(X, r.W1, r.W2);
        r.loss.push_back(ref_loss(fw.Z3, t));
        r.accuracy.push_back(ref_accuracy(fw.f, t));
        const RefGrad g = ref_gradients(X, fw, r.W2, fw.f - t);
        r.W1 -= eta * g.dW1;
        r.W2 -= eta * g.dW2;
    }
    return r;
}

// Seed 000's four inputs, binary targets and weights of our own (as in the chapter program).
const Matrix kX = {{1.0, 0.875}, {0.25, 1.0}, {0.5, 0.45}, {0.75, 0.25}};
const Matrix kT = {{1.0}, {0.0}, {0.0}, {1.0}};
const Matrix kW1 = {{0.5, -1.0, 0.25}, {-0.75, 0.5, 1.0}};
const Matrix kW2 = {{1.5}, {-2.0}, {0.5}};

// A random problem: X: N x D, W1: D x H, W2: H x 1 from N(0, 1), t from a fair coin.
struct Problem {
    Matrix X, t, W1, W2;
};
inline Problem random_problem(std::size_t N, std::size_t D, std::size_t H, std::uint64_t seed) {
    wb::Rng rng(seed);
    Problem p;
    p.X = rng.normal_matrix(N, D);
    p.W1 = rng.normal_matrix(D, H);
    p.W2 = rng.normal_matrix(H, 1);
    p.t = xt::zeros<double>({N, std::size_t{1}});
    for (auto& v : p.t) v = static_cast<double>(rng.below(2));
    return p;
}

using wb::test::expect_error;
using wb::test::check_gradient;

// The chapter program's settings for breast_cancer.csv (chapters/04_classification/main.cpp).
constexpr std::uint64_t kSplitSeed = 6850, kWeightSeed = 4;
constexpr std::size_t kHidden = 5, kEpochs = 200;
constexpr double kEta = 0.005;
}  // namespace
