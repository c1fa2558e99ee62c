// Chapter 5's test-side references and data, shared by the public suite (test_tanh_network.cpp) and the
// hidden cases (grading/hidden/05_tanh_network/, grading only). Everything is in an anonymous namespace:
// each test file gets its own copy, and the student's code cannot link to them.
#pragma once
#include <cmath>
#include <functional>
#include <limits>
#include <string>
#include <vector>

#include <xtensor/xadapt.hpp>
#include <xtensor/xmath.hpp>
#include <xtensor/xview.hpp>

#include "tanh_network.hpp"
#include "workbook/rng.hpp"
#include "workbook/testing.hpp"

using ch5::Matrix;
using ch5::Vector;
using ch5::Weights;
using wb::test::abs_tol;
using wb::test::check_close;
using wb::test::check_shape;
using wb::test::Mistake;
using wb::test::rel_tol;

namespace {
// ---- seed 004 worked example, exact recomputation (docs/numbers.md) -----------------
const Vector kS1 = {0.7, 1.0};
const Vector kX1 = {1.0, 0.6043677771, 0.761594156};
const Vector kS2 = {-1.4804146908};
const Vector kX2 = {1.0, -0.9015456534};
const Vector kS3 = {-0.8030913067};
const Vector kX3 = {-0.6657614355};
const Vector kDelta3 = {-1.8548643739};
const Vector kDelta2 = {-0.6945184808};
const Vector kDelta1 = {-0.4408383758, 0.8750398252};
const Matrix kdW1 = {{-0.4408383758, 0.8750398252}, {-0.8816767515, 1.7500796504}};
const Matrix kdW2 = {{-0.6945184808}, {-0.4197445904}, {-0.5289412162}};
const Matrix kdW3 = {{-1.8548643739}, {1.6722449139}};
const auto kExact = abs_tol(1e-9, "seed 004 example, exact (docs/numbers.md, 10 decimals)");

// ---- seed 004 worked example, as the document prints it ----------------------------------------
// Two decimals, rounded as it goes: half a unit of the last digit (0.005) plus what rounding the
// inputs of a step adds. The largest gap, 0.0058, is x(3): the document prints -0.66 = tanh(-0.80)
// from s(3) rounded to -0.8, where the exact tanh(-0.80309) is -0.66576.
const auto kPrinted = abs_tol(0.006, "seed 004 prints two decimals (0.005) and rounds as it goes (x(3) = -0.66 is 0.0058 off)");
// delta(3) is printed with three decimals, -1.855 (the exact value is -1.85486).
const auto kPrinted3 = abs_tol(0.001, "seed 004 prints delta(3) = -1.855, three decimals (0.0005) after rounding as it goes");

inline Weights seed_W() { return {Matrix{}, {{0.1, 0.2}, {0.3, 0.4}}, {{0.2}, {1.0}, {-3.0}}, {{1.0}, {2.0}}}; }

// ---- references ---------------------------------------------------------------------------------
inline double tprime(double s) { return 1.0 - std::tanh(s) * std::tanh(s); }

inline ch5::Forward ref_forward(const Vector& x, const Weights& W) {
    const std::size_t L = W.size() - 1;
    ch5::Forward fw;
    fw.s.assign(L + 1, Vector{});
    fw.x.assign(L + 1, Vector{});
    fw.x[0] = xt::ones<double>({x.size() + 1});
    for (std::size_t i = 0; i < x.size(); ++i) fw.x[0](i + 1) = x(i);
    for (std::size_t l = 1; l <= L; ++l) {
        const std::size_t rows = W[l].shape()[0], cols = W[l].shape()[1];
        fw.s[l] = xt::zeros<double>({cols});
        for (std::size_t j = 0; j < cols; ++j)
            for (std::size_t i = 0; i < rows; ++i) fw.s[l](j) += W[l](i, j) * fw.x[l - 1](i);
        const std::size_t off = l < L ? 1 : 0;
        fw.x[l] = xt::ones<double>({cols + off});
        for (std::size_t j = 0; j < cols; ++j) fw.x[l](j + off) = std::tanh(fw.s[l](j));
    }
    return fw;
}
inline double ref_error(const Vector& x, double y, const Weights& W) {
    const double d = ref_forward(x, W).x.back()(0) - y;
    return d * d;
}
// theta'(s) (x) [W delta]_(1..d), with switches for the typical mistakes.
enum class Slip { none, keep_last_drop_first_not, no_prime, prime_of_s_squared, tanh_not_prime };
inline Vector ref_step(const Vector& s, const Matrix& Wn, const Vector& dn, Slip slip = Slip::none) {
    const std::size_t d = s.size();
    Vector out = xt::zeros<double>({d});
    for (std::size_t i = 0; i < d; ++i) {
        const std::size_t row = slip == Slip::keep_last_drop_first_not ? i : i + 1;  // the bias row is 0
        double sum = 0;
        for (std::size_t j = 0; j < dn.size(); ++j) sum += Wn(row, j) * dn(j);
        double slope = tprime(s(i));
        if (slip == Slip::no_prime) slope = 1.0;
        if (slip == Slip::prime_of_s_squared) slope = 1.0 - s(i) * s(i);
        if (slip == Slip::tanh_not_prime) slope = std::tanh(s(i));
        out(i) = slope * sum;
    }
    return out;
}
// Which known wrong answers a list below holds: all of them (the public suite); only the other formulas;
// or only those computed from the expected value itself (a slice of it, half of it, its negative),
// which a hidden case withholds with WB_MISTAKES (grading/hidden/05_tanh_network/). Either part alone
// computes nothing of the other.
enum class Mistakes { all, other_formulas, from_expected };
// Known wrong answers of one backward step (5.3).
inline std::vector<Mistake> step_mistakes(const Vector& s, const Matrix& Wn, const Vector& dn, Mistakes which = Mistakes::all) {
    std::vector<Mistake> m;
    if (which != Mistakes::from_expected)
        m = {{"a misaligned bias slice: components 0..d(l)-1 of W(l+1) delta(l+1) kept (the bias component 0 kept, the last "
              "unit dropped; the bias is row 0 of W(l+1))",
              ref_step(s, Wn, dn, Slip::keep_last_drop_first_not)},
             {"theta'(s(l)) left out", ref_step(s, Wn, dn, Slip::no_prime)},
             {"1 - s^2 instead of 1 - tanh^2(s)", ref_step(s, Wn, dn, Slip::prime_of_s_squared)},
             {"tanh(s) instead of theta'(s)", ref_step(s, Wn, dn, Slip::tanh_not_prime)}};
    if (which != Mistakes::other_formulas && s.size() >= 2) {  // the slice 1..d(l)-1: the bias dropped, and the last unit too
        const Vector full = ref_step(s, Wn, dn);
        m.push_back({"a misaligned bias slice: components 1..d(l)-1 of W(l+1) delta(l+1), one unit short (range(1, d) where "
                     "range(1, d + 1) is due)",
                     Vector(xt::view(full, xt::range(0, s.size() - 1)))});
    }
    return m;
}
// Known wrong answers of the output sensitivity (5.2) at s(L) = s, x(L) = x.
// (Half of the expected value and its negative are from_expected.)
inline std::vector<Mistake> sensitivity_mistakes(double s, double x, double y, Mistakes which = Mistakes::all) {
    const bool others = which != Mistakes::from_expected, from_expected = which != Mistakes::other_formulas;
    std::vector<Mistake> m;
    if (from_expected) m.push_back({"(x(L) - y) theta'(s(L)) (the 2 of e = (x - y)^2 dropped)", Vector{(x - y) * (1 - x * x)}});
    if (others) {
        m.push_back({"2 (x(L) - y) (theta'(s(L)) left out)", Vector{2 * (x - y)}});
        m.push_back({"2 (x(L) - y)(1 - s(L)^2) (1 - x^2 applied to s instead of x = tanh(s))", Vector{2 * (x - y) * (1 - s * s)}});
    }
    if (from_expected) m.push_back({"2 (y - x(L)) theta'(s(L)) (the wrong sign)", Vector{2 * (y - x) * (1 - x * x)}});
    if (others) m.push_back({"2 (x(L) - y)(1 - x(L)) (the square of 1 - x^2 dropped)", Vector{2 * (x - y) * (1 - x)}});
    return m;
}
inline ch5::Sensitivities ref_sensitivities(const ch5::Forward& fw, const Weights& W, double y) {
    const std::size_t L = W.size() - 1;
    ch5::Sensitivities delta(L + 1);
    delta[L] = Vector{2.0 * (fw.x[L](0) - y) * tprime(fw.s[L](0))};
    for (std::size_t l = L - 1; l >= 1; --l) delta[l] = ref_step(fw.s[l], W[l + 1], delta[l + 1]);
    return delta;
}
inline Matrix outer(const Vector& a, const Vector& b) {
    Matrix m = xt::zeros<double>({a.size(), b.size()});
    for (std::size_t i = 0; i < a.size(); ++i)
        for (std::size_t j = 0; j < b.size(); ++j) m(i, j) = a(i) * b(j);
    return m;
}
struct RefBatch {
    double E = 0;
    Weights dW;
};
inline RefBatch ref_batch(const Matrix& X, const Vector& y, const Weights& W) {
    const std::size_t N = X.shape()[0], L = W.size() - 1;
    RefBatch b;
    b.dW.assign(L + 1, Matrix{});
    for (std::size_t l = 1; l <= L; ++l) b.dW[l] = xt::zeros<double>(W[l].shape());
    for (std::size_t n = 0; n < N; ++n) {
        const Vector x = xt::view(X, n, xt::all());
        const ch5::Forward fw = ref_forward(x, W);
        const ch5::Sensitivities d = ref_sensitivities(fw, W, y(n));
        b.E += (fw.x[L](0) - y(n)) * (fw.x[L](0) - y(n)) / static_cast<double>(N);
        for (std::size_t l = 1; l <= L; ++l) b.dW[l] += outer(fw.x[l - 1], d[l]) / static_cast<double>(N);
    }
    return b;
}
// The test's own gradient-descent loop (5.7): E at the weights each epoch starts from, then one step
// W(l) -= eta dW(l) for every layer.
inline ch5::Training ref_train(const Matrix& X, const Vector& y, const Weights& W0, double eta, std::size_t epochs) {
    ch5::Training r{W0, {}};
    for (std::size_t t = 0; t < epochs; ++t) {
        const RefBatch b = ref_batch(X, y, r.W);
        r.E.push_back(b.E);
        for (std::size_t l = 1; l < r.W.size(); ++l) r.W[l] -= eta * b.dW[l];
    }
    return r;
}

// A random network: units {d(0), ..., d(L)}, weights N(0, 1) from wb::Rng(seed), W[0] empty.
inline Weights random_W(const std::vector<std::size_t>& units, std::uint64_t seed) {
    wb::Rng rng(seed);
    Weights W(1);
    for (std::size_t l = 1; l < units.size(); ++l) W.push_back(rng.normal_matrix(units[l - 1] + 1, units[l]));
    return W;
}
inline Vector random_vector(std::size_t n, std::uint64_t seed, double stddev = 1.0) {
    const Matrix m = wb::Rng(seed).normal_matrix(1, n, stddev);
    return xt::view(m, 0, xt::all());
}

// A list indexed by layer must have `size` entries and an empty entry 0; stops the case if not.
template <class T>
inline void require_layers(const std::string& what, const std::vector<T>& v, std::size_t size, const std::string& zero) {
    BOOST_TEST_REQUIRE(v.size() == size, wb::test::current_exercise()
                                             << ": " << what << " should have " << size << " entries, one per layer index 0.."
                                             << size - 1 << " (" << zero << "), has " << v.size()
                                             << (v.size() + 1 == size ? ": the empty entry 0 left out?" : ""));
    BOOST_TEST(v[0].size() == 0u, wb::test::current_exercise() << ": " << what << "[0] should be empty (" << zero << "), has "
                                                              << v[0].size() << " elements");
}

using wb::test::expect_error;
using wb::test::check_gradient;

// The chapter program's regression run (chapters/05_tanh_network/main.cpp).
constexpr std::uint64_t kDataSeed = 2024, kWeightSeed = 2;
constexpr std::size_t kPoints = 30, kHidden = 3, kEpochs = 3000;
constexpr double kNoise = 0.05, kEta = 0.2;
}  // namespace
