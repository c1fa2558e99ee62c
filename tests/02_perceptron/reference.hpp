// Chapter 2's test-side references and data, shared by the public suite (test_perceptron.cpp) and the
// hidden cases (grading/hidden/02_perceptron/, grading only). Everything is in an anonymous namespace:
// each test file gets its own copy, and the student's code cannot link to them.
#pragma once
#include <cmath>
#include <string>
#include <vector>

#include <xtensor/xbuilder.hpp>
#include <xtensor/xmath.hpp>
#include <xtensor/xview.hpp>

#include "perceptron.hpp"
#include "workbook/format.hpp"
#include "workbook/rng.hpp"
#include "workbook/testing.hpp"

using ch2::Matrix;
using ch2::Vector;
using wb::test::abs_tol;
using wb::test::check_close;
using wb::test::Mistake;
using wb::test::rel_tol;

namespace {
// ---- the test's own references ------------------------------------------------------------------
inline double sig(double z) { return z >= 0 ? 1.0 / (1.0 + std::exp(-z)) : std::exp(z) / (1.0 + std::exp(z)); }
inline double sig_prime(double z) { return sig(z) * (1.0 - sig(z)); }

inline Vector map_fn(const Vector& v, double (*f)(double)) {
    Vector out = v;
    for (auto& x : out) x = f(x);
    return out;
}
inline Vector ref_net(const Matrix& X, const Vector& w) {  // X w, sample by sample
    Vector net = xt::zeros<double>({X.shape()[0]});
    for (std::size_t d = 0; d < X.shape()[0]; ++d)
        for (std::size_t i = 0; i < X.shape()[1]; ++i) net(d) += w(i) * X(d, i);
    return net;
}
inline Vector ref_output(const Matrix& X, const Vector& w) { return map_fn(ref_net(X, w), sig); }
inline double ref_error(const Vector& out, const Vector& t) {
    double s = 0;
    for (std::size_t d = 0; d < out.size(); ++d) s += (t(d) - out(d)) * (t(d) - out(d));
    return s / (2.0 * static_cast<double>(out.size()));
}
inline double ref_E(const Matrix& X, const Vector& w, const Vector& t) { return ref_error(ref_output(X, w), t); }

// What the gradient becomes with a known mistake in it (Right: seed 001's formula).
enum class Grad { Right, SigmaForSigmaPrime, SigmaPrimeOfOut, NoSigmaPrime };
inline Vector ref_gradient(const Matrix& X, const Vector& w, const Vector& t, Grad variant = Grad::Right) {
    const double N = static_cast<double>(X.shape()[0]);
    Vector g = xt::zeros<double>({X.shape()[1]});
    const Vector net = ref_net(X, w);
    for (std::size_t d = 0; d < X.shape()[0]; ++d) {  // seed 001: a sum over the samples d
        const double out = sig(net(d));
        double slope = sig_prime(net(d));
        if (variant == Grad::SigmaForSigmaPrime) slope = sig(net(d));
        if (variant == Grad::SigmaPrimeOfOut) slope = sig_prime(out);
        if (variant == Grad::NoSigmaPrime) slope = 1.0;
        for (std::size_t i = 0; i < X.shape()[1]; ++i) g(i) -= (t(d) - out) * slope * X(d, i) / N;
    }
    return g;
}

inline ch2::Training ref_train(const Matrix& X, const Vector& t, const Vector& w0, double eta, std::size_t epochs,
                        bool ascent = false) {
    ch2::Training r{w0, xt::zeros<double>({epochs + 1})};
    for (std::size_t k = 0;; ++k) {
        r.losses(k) = ref_E(X, r.w, t);
        if (k == epochs) break;
        const Vector g = ref_gradient(X, r.w, t);
        r.w = ascent ? Vector(r.w + eta * g) : Vector(r.w - eta * g);
    }
    return r;
}

enum class Rule { Right, Batch, WrongSign, StrictThreshold, SigmoidOutput, SkipLast };
inline Vector ref_perceptron_epoch(const Matrix& X, const Vector& w, const Vector& y, double eta, Rule variant = Rule::Right) {
    Vector v = w;
    Vector batch = xt::zeros<double>({X.shape()[1]});
    const std::size_t n = X.shape()[0] - (variant == Rule::SkipLast ? 1 : 0);
    for (std::size_t d = 0; d < n; ++d) {
        double net = 0;
        for (std::size_t i = 0; i < X.shape()[1]; ++i) net += (variant == Rule::Batch ? w(i) : v(i)) * X(d, i);
        double yhat = net >= 0 ? 1.0 : 0.0;
        if (variant == Rule::StrictThreshold) yhat = net > 0 ? 1.0 : 0.0;
        if (variant == Rule::SigmoidOutput) yhat = sig(net);
        const double e = variant == Rule::WrongSign ? yhat - y(d) : y(d) - yhat;
        for (std::size_t i = 0; i < X.shape()[1]; ++i) {
            if (variant == Rule::Batch) batch(i) += eta * e * X(d, i);
            else v(i) += eta * e * X(d, i);
        }
    }
    return variant == Rule::Batch ? Vector(w + batch) : v;
}
inline std::size_t ref_mistakes(const Matrix& X, const Vector& w, const Vector& y) {
    const Vector net = ref_net(X, w);
    std::size_t m = 0;
    for (std::size_t d = 0; d < y.size(); ++d) m += ((net(d) >= 0 ? 1.0 : 0.0) != y(d));
    return m;
}

// ---- data ---------------------------------------------------------------------------------------
// The chapter's separable set (data.cpp's separable_data(), typed again here): x0 = 1, x1, x2.
inline Matrix sep_X() {
    return Matrix{{1, 2.0, 2.5}, {1, 2.5, 1.5}, {1, 3.0, 3.0}, {1, 1.5, 3.0},
                  {1, 0.5, 1.0}, {1, 1.0, 0.0}, {1, 0.0, 0.5}, {1, 1.5, 0.5}};
}
inline Vector sep_t() { return Vector{1, 1, 1, 1, 0, 0, 0, 0}; }
inline Vector w_ref() { return Vector{-1.0, 0.5, 0.25}; }  // separates sep_X already: net > 0 exactly for class 1
// Logical AND with x0 = 1 (seed 003's "linearly separable data").
inline Matrix and_X() { return Matrix{{1, 0, 0}, {1, 0, 1}, {1, 1, 0}, {1, 1, 1}}; }
inline Vector and_y() { return Vector{0, 0, 0, 1}; }

// Inputs no text prints: N samples (3 to 12) of D inputs (2 to 5, x0 = 1), weights and 0/1 targets,
// all from wb::Rng(seed); every test that uses one prints its seed.
struct RandomProblem {
    Matrix X;
    Vector w, t;
    std::string tag;  // "random 7x3 problem (wb::Rng seed 2001)"
};
inline RandomProblem random_problem(std::uint64_t seed) {
    wb::Rng r(seed);
    const std::size_t N = 3 + r.below(10), D = 2 + r.below(4);
    RandomProblem p{r.uniform_matrix(N, D, -2.0, 2.0), xt::zeros<double>({D}), xt::zeros<double>({N}), ""};
    for (std::size_t n = 0; n < N; ++n) p.X(n, 0) = 1.0;
    for (auto& v : p.w) v = r.normal(0.0, 0.8);
    for (auto& v : p.t) v = static_cast<double>(r.below(2));
    p.tag = "random " + std::to_string(N) + "x" + std::to_string(D) + " problem (wb::Rng seed " + std::to_string(seed) + ")";
    return p;
}
constexpr std::uint64_t kRandomSeeds[] = {2001, 2002, 2003};

constexpr const char* kLiteral = "numpy float64 reference; another order of summation changes the last few bits";
constexpr const char* kFdWhy = "central differences with h = 1e-6: truncation ~h^2 = 1e-12, rounding ~eps/h = 2e-10";

// f() must throw wb::shape_error whose message names every shape in `shapes`.
template <class F>
inline void expect_shape_error(const std::string& what, F&& f, const std::vector<std::string>& shapes) {
    const std::string ex = wb::test::current_exercise();
    try {
        f();
    } catch (const wb::not_implemented&) {
        throw;  // the stub: reported as "not implemented"
    } catch (const wb::shape_error& e) {
        const std::string msg = e.what();
        for (const auto& s : shapes)
            BOOST_TEST(msg.find(s) != std::string::npos,
                       ex << ": " << what << ": the wb::shape_error says \"" << msg << "\", which should name the shape " << s);
        return;
    } catch (const std::exception& e) {
        BOOST_TEST(false, ex << ": " << what << " threw \"" << e.what()
                             << "\" instead of a wb::shape_error naming both shapes: call the given check_weights() first");
        return;
    }
    BOOST_TEST(false, ex << ": " << what << " returned normally; weights of the wrong shape must throw wb::shape_error "
                            "naming both shapes: call the given check_weights() first");
}
}  // namespace
