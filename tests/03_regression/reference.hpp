// Chapter 3's test-side references and data, shared by the public suite (test_regression.cpp) and the
// hidden cases (grading/hidden/03_regression/, grading only). Everything is in an anonymous namespace:
// each test file gets its own copy, and the student's code cannot link to them.
#pragma once
#include <cmath>
#include <functional>
#include <string>
#include <vector>

#include <xtensor/xbuilder.hpp>
#include <xtensor/xmath.hpp>
#include <xtensor/xview.hpp>

#include "regression.hpp"
#include "workbook/rng.hpp"
#include "workbook/testing.hpp"

using ch3::Matrix;
using ch3::Vector;
using wb::test::abs_tol;
using wb::test::check_close;
using wb::test::Mistake;
using wb::test::rel_tol;

namespace {
// ---- the test's own references, plain loops -----------------------------------------------------
inline double sig(double z) { return z >= 0 ? 1.0 / (1.0 + std::exp(-z)) : std::exp(z) / (1.0 + std::exp(z)); }
inline double sig_prime(double z) { return sig(z) * (1.0 - sig(z)); }

inline Matrix map_fn(const Matrix& A, double (*f)(double)) {
    Matrix out = A;
    for (auto& v : out) v = f(v);
    return out;
}
inline Matrix matmul(const Matrix& A, const Matrix& B) {
    Matrix C = xt::zeros<double>({A.shape()[0], B.shape()[1]});
    for (std::size_t i = 0; i < A.shape()[0]; ++i)
        for (std::size_t k = 0; k < A.shape()[1]; ++k)
            for (std::size_t j = 0; j < B.shape()[1]; ++j) C(i, j) += A(i, k) * B(k, j);
    return C;
}
inline Matrix transpose(const Matrix& A) {
    Matrix T = xt::zeros<double>({A.shape()[1], A.shape()[0]});
    for (std::size_t i = 0; i < A.shape()[0]; ++i)
        for (std::size_t j = 0; j < A.shape()[1]; ++j) T(j, i) = A(i, j);
    return T;
}
inline Matrix times(const Matrix& A, const Matrix& B) {  // element by element, same shapes
    Matrix C = A;
    for (std::size_t i = 0; i < C.size(); ++i) C.data()[i] *= B.data()[i];
    return C;
}
inline Matrix minus(const Matrix& A, const Matrix& B) {
    Matrix C = A;
    for (std::size_t i = 0; i < C.size(); ++i) C.data()[i] -= B.data()[i];
    return C;
}
inline Matrix scaled(const Matrix& A, double s) {
    Matrix C = A;
    for (auto& v : C) v *= s;
    return C;
}

inline ch3::Forward ref_forward(const Matrix& X, const Matrix& W1, const Matrix& W2) {
    ch3::Forward fw;
    fw.Z2 = matmul(X, W1);
    fw.a2 = map_fn(fw.Z2, sig);
    fw.Z3 = matmul(fw.a2, W2);
    fw.f = map_fn(fw.Z3, sig);
    return fw;
}
inline double ref_loss(const Matrix& f, const Matrix& t) {
    double s = 0;
    for (std::size_t n = 0; n < f.shape()[0]; ++n) s += (f(n, 0) - t(n, 0)) * (f(n, 0) - t(n, 0));
    return 0.5 * s;
}
inline double ref_L(const Matrix& X, const Matrix& t, const Matrix& W1, const Matrix& W2) {
    return ref_loss(ref_forward(X, W1, W2).f, t);
}

// delta3 with a known mistake in it (Right: the seed's formula).
enum class D3 { Right, SigmaForSigmaPrime, SigmaPrimeOfF, NoSigmaPrime };
inline Matrix ref_delta3(const ch3::Forward& fw, const Matrix& t, D3 v = D3::Right) {
    Matrix slope = map_fn(fw.Z3, sig_prime);
    if (v == D3::SigmaForSigmaPrime) slope = fw.f;
    if (v == D3::SigmaPrimeOfF) slope = map_fn(fw.f, sig_prime);
    if (v == D3::NoSigmaPrime) slope = map_fn(fw.Z3, [](double) { return 1.0; });
    return times(minus(fw.f, t), slope);
}
inline Matrix ref_dW2(const Matrix& a2, const Matrix& d3) { return matmul(transpose(a2), d3); }

// delta2 with a known mistake in it.
enum class D2 { Right, SigmaForSigmaPrime, SigmaPrimeOfA2, NoSigmaPrime, SlopeOfLayer3 };
inline Matrix ref_delta2(const ch3::Forward& fw, const Matrix& d3, const Matrix& W2, D2 v = D2::Right) {
    const Matrix back = matmul(d3, transpose(W2));  // N x H
    Matrix slope = map_fn(fw.Z2, sig_prime);
    if (v == D2::SigmaForSigmaPrime) slope = fw.a2;
    if (v == D2::SigmaPrimeOfA2) slope = map_fn(fw.a2, sig_prime);
    if (v == D2::NoSigmaPrime) slope = map_fn(fw.Z2, [](double) { return 1.0; });
    if (v == D2::SlopeOfLayer3)  // sigma'(Z3) (N x 1) broadcast over the hidden units
        for (std::size_t n = 0; n < slope.shape()[0]; ++n)
            for (std::size_t j = 0; j < slope.shape()[1]; ++j) slope(n, j) = sig_prime(fw.Z3(n, 0));
    return times(back, slope);
}
inline Matrix ref_dW1(const Matrix& X, const Matrix& d2) { return matmul(transpose(X), d2); }

enum class Train { Right, Ascent, Sequential };
inline ch3::Training ref_train(const Matrix& X, const Matrix& t, const Matrix& W1, const Matrix& W2, double eta, std::size_t iters,
                        Train v = Train::Right) {
    ch3::Training r{W1, W2, xt::zeros<double>({iters + 1})};
    const double sign = v == Train::Ascent ? -1.0 : 1.0;
    for (std::size_t k = 0;; ++k) {
        const ch3::Forward fw = ref_forward(X, r.W1, r.W2);
        r.losses(k) = ref_loss(fw.f, t);
        if (k == iters) break;
        const Matrix d3 = ref_delta3(fw, t);
        const Matrix g2 = ref_dW2(fw.a2, d3);
        if (v == Train::Sequential) {  // W2 first, then dW1 from the NEW W2 and the old forward pass
            r.W2 = minus(r.W2, scaled(g2, eta));
            r.W1 = minus(r.W1, scaled(ref_dW1(X, ref_delta2(fw, d3, r.W2)), eta));
            continue;
        }
        const Matrix g1 = ref_dW1(X, ref_delta2(fw, d3, r.W2));
        r.W1 = minus(r.W1, scaled(g1, sign * eta));
        r.W2 = minus(r.W2, scaled(g2, sign * eta));
    }
    return r;
}

// ---- data ---------------------------------------------------------------------------------------
// Seed 000's table (datasets/expense.csv), typed again here.
inline Matrix X_expense() { return Matrix{{1, 0.875}, {0.25, 1}, {0.50, 0.45}, {0.75, 0.25}}; }
inline Matrix t_expense() { return Matrix{{1}, {0.4}, {0.5}, {0.6}}; }
// The chapter's documented weights (network.cpp's initial_W1/initial_W2, typed again here).
inline Matrix W1_doc() { return Matrix{{0.5, -0.3, 0.8}, {0.2, 0.7, -0.4}}; }
inline Matrix W2_doc() { return Matrix{{0.6}, {-0.5}, {0.9}}; }
// The hand case: W1 = 0 (every Z2 = 0, a2 = 1/2, sigma'(Z2) = 1/4) and W2 = [1, -2, 1]
// (Z3 = 1/2 (1 - 2 + 1) = 0, f = 1/2, sigma'(Z3) = 1/4).
inline Matrix W1_hand() { return xt::zeros<double>({2, 3}); }
inline Matrix W2_hand() { return Matrix{{1}, {-2}, {1}}; }

// Another network with other sizes (N = 5, D = 2, H = 4), so that no size is hard-coded.
struct Case {
    Matrix X, t, W1, W2;
};
inline Case random_case() {
    wb::Rng rng(3003);
    return {rng.uniform_matrix(5, 2, -1.0, 1.0), rng.uniform_matrix(5, 1, 0.0, 1.0), rng.normal_matrix(2, 4, 0.8),
            rng.normal_matrix(4, 1, 0.8)};
}

// Networks of sizes no text prints: N (2 to 9) samples, D (1 to 4) inputs, H (2 to 6) hidden units,
// all from wb::Rng(seed); the tests that use them print the seed.
inline Case seeded_case(std::uint64_t seed) {
    wb::Rng rng(seed);
    const std::size_t N = 2 + rng.below(8), D = 1 + rng.below(4), H = 2 + rng.below(5);
    return {rng.uniform_matrix(N, D, -1.0, 1.0), rng.uniform_matrix(N, 1, 0.0, 1.0), rng.normal_matrix(D, H, 0.8),
            rng.normal_matrix(H, 1, 0.8)};
}
inline std::string case_tag(const Case& c, std::uint64_t seed) {
    return "N = " + std::to_string(c.X.shape()[0]) + ", D = " + std::to_string(c.X.shape()[1]) + ", H = " +
           std::to_string(c.W1.shape()[1]) + " (wb::Rng seed " + std::to_string(seed) + ")";
}
constexpr std::uint64_t kSeededCases[] = {3101, 3102, 3103, 3104};

constexpr const char* kLiteral = "numpy float64 reference; another order of summation changes the last few bits";
constexpr const char* kFdWhy = "central differences with h = 1e-6: truncation ~h^2 = 1e-12, rounding ~eps L/h ~ 1e-11";

inline double fd_error(const std::function<double(const xt::xarray<double>&)>& L, const Matrix& at, const Matrix& analytic) {
    return wb::test::relative_error(wb::test::numerical_gradient(L, at), analytic);
}

// f() must throw wb::shape_error whose message names every shape in `shapes`.
template <class F>
inline void expect_shape_error(const std::string& what, F&& f, const std::vector<std::string>& shapes, const std::string& fix) {
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
        BOOST_TEST(false, ex << ": " << what << " threw \"" << e.what() << "\" instead of a wb::shape_error naming both shapes: " << fix);
        return;
    }
    BOOST_TEST(false, ex << ": " << what << " returned normally; it must throw wb::shape_error naming both shapes: " << fix);
}
}  // namespace
