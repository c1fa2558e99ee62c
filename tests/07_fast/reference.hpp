// Chapter 7's test-side references and data, shared by the public suite (test_fast.cpp) and the
// hidden cases (grading/hidden/07_fast/, grading only). Everything is in an anonymous namespace:
// each test file gets its own copy, and the student's code cannot link to them.
#pragma once
#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <functional>
#include <stdexcept>
#include <string>
#include <vector>

#include <xtensor/xview.hpp>

#include "fast.hpp"
#include "workbook/csv.hpp"
#include "workbook/given.hpp"
#include "workbook/rng.hpp"
#include "workbook/testing.hpp"

using ch7::Matrix;
using wb::test::abs_tol;
using wb::test::check_close;
using wb::test::Mistake;

namespace {
const auto kSameArithmetic = abs_tol(1e-12, "same arithmetic, different order of summation in BLAS");

struct Problem {
    std::string name;
    Matrix X, Y;
    ch7::Network net;
};

inline Matrix one_hot_rows(const std::vector<int>& labels, std::size_t K) {
    Matrix Y = xt::zeros<double>({labels.size(), K});
    for (std::size_t n = 0; n < labels.size(); ++n) Y(n, static_cast<std::size_t>(labels[n])) = 1.0;
    return Y;
}

// N = 100 standard-normal samples of 8 inputs, labels (3n + 1) mod 4, an 8-5-4 network with biases.
inline Problem random_problem() {
    wb::Rng rng(7007);
    Problem p;
    p.name = "random 100 x 8, network 8-5-4";
    p.X = rng.normal_matrix(100, 8);
    std::vector<int> y(100);
    for (std::size_t n = 0; n < y.size(); ++n) y[n] = static_cast<int>((3 * n + 1) % 4);
    p.Y = one_hot_rows(y, 4);
    p.net.W1 = rng.normal_matrix(8, 5, 0.8);
    p.net.b1 = rng.normal_matrix(1, 5, 0.3);
    p.net.W2 = rng.normal_matrix(5, 4, 0.8);
    p.net.b2 = rng.normal_matrix(1, 4, 0.3);
    return p;
}

// The first 150 digits, pixels / 16, network 64-32-10 from chapter 6's seed.
inline Problem digits_problem() {
    static const auto data = wb::load_labeled(wb::data_path("digits.csv"), wb::Header::none);
    Problem p;
    p.name = "150 digits, network 64-32-10";
    p.X = xt::view(data.X, xt::range(0, 150), xt::all()) / 16.0;
    std::vector<int> y(150);
    for (std::size_t n = 0; n < 150; ++n) y[n] = data.y(n);
    p.Y = one_hot_rows(y, 10);
    p.net = ch7::init_network(64, 32, 10, 6);
    return p;
}

// The test's own reference: one sample at a time, loops only.
inline double loop_epoch(ch7::Network& net, const Matrix& X, const Matrix& Y, std::size_t B, double eta, std::uint64_t seed) {
    const std::size_t N = X.shape()[0], D = X.shape()[1], H = net.W1.shape()[1], K = net.W2.shape()[1];
    const auto order = wb::Rng(seed).permutation(N);
    double loss_sum = 0;
    std::size_t batches = 0;
    for (std::size_t begin = 0; begin < N; begin += B, ++batches) {
        const std::size_t end = std::min(begin + B, N);
        const double n = static_cast<double>(end - begin);
        Matrix gW1 = xt::zeros<double>({D, H}), gb1 = xt::zeros<double>({std::size_t{1}, H});
        Matrix gW2 = xt::zeros<double>({H, K}), gb2 = xt::zeros<double>({std::size_t{1}, K});
        double loss = 0;
        for (std::size_t i = begin; i < end; ++i) {
            const std::size_t s = order[i];
            std::vector<double> a(H), z(K), d2(K), d1(H);
            for (std::size_t j = 0; j < H; ++j) {
                double t = net.b1(0, j);
                for (std::size_t d = 0; d < D; ++d) t += X(s, d) * net.W1(d, j);
                a[j] = wb::given::sigmoid(t);
            }
            for (std::size_t k = 0; k < K; ++k) {
                z[k] = net.b2(0, k);
                for (std::size_t j = 0; j < H; ++j) z[k] += a[j] * net.W2(j, k);
            }
            const double m = *std::max_element(z.begin(), z.end());
            double sum = 0;
            for (std::size_t k = 0; k < K; ++k) sum += std::exp(z[k] - m);
            for (std::size_t k = 0; k < K; ++k) {
                const double p = std::exp(z[k] - m) / sum;
                loss -= Y(s, k) * std::log(p + ch7::kLogEps);
                d2[k] = (p - Y(s, k)) / n;
            }
            for (std::size_t j = 0; j < H; ++j) {
                double t = 0;
                for (std::size_t k = 0; k < K; ++k) t += d2[k] * net.W2(j, k);
                d1[j] = t * a[j] * (1 - a[j]);
            }
            for (std::size_t j = 0; j < H; ++j)
                for (std::size_t k = 0; k < K; ++k) gW2(j, k) += a[j] * d2[k];
            for (std::size_t k = 0; k < K; ++k) gb2(0, k) += d2[k];
            for (std::size_t d = 0; d < D; ++d)
                for (std::size_t j = 0; j < H; ++j) gW1(d, j) += X(s, d) * d1[j];
            for (std::size_t j = 0; j < H; ++j) gb1(0, j) += d1[j];
        }
        loss_sum += loss / n;
        net.W1 -= eta * gW1, net.b1 -= eta * gb1, net.W2 -= eta * gW2, net.b2 -= eta * gb2;
    }
    return loss_sum / static_cast<double>(batches);
}

using Rung = std::function<double(ch7::Network&, const Matrix&, const Matrix&, std::size_t, double, std::uint64_t)>;

// Runs `epochs` epochs of the rung and of rung 0 from the same network; compares weights and losses.
inline void check_against_readable(const Rung& rung, const Problem& p, std::size_t B, double eta, std::size_t epochs = 1) {
    ch7::Network got = p.net, expected = p.net;
    for (std::size_t e = 1; e <= epochs; ++e) {
        const double l_got = rung(got, p.X, p.Y, B, eta, 100 + e);
        const double l_exp = ch7::epoch_readable(expected, p.X, p.Y, B, eta, 100 + e);
        const std::string at = " (" + p.name + ", B = " + std::to_string(B) + ", epoch " + std::to_string(e) + ")";
        check_close("the mean batch loss" + at, l_got, l_exp, kSameArithmetic);
        check_close("W1 after the epoch" + at, got.W1, expected.W1, kSameArithmetic, "inputs x hidden");
        check_close("b1 after the epoch" + at, got.b1, expected.b1, kSameArithmetic, "1 x hidden");
        check_close("W2 after the epoch" + at, got.W2, expected.W2, kSameArithmetic, "hidden x classes");
        check_close("b2 after the epoch" + at, got.b2, expected.b2, kSameArithmetic, "1 x classes");
    }
}

inline Rung with_workspace(double (*f)(ch7::Network&, const Matrix&, const Matrix&, std::size_t, double, std::uint64_t,
                                ch7::Workspace&)) {
    auto ws = std::make_shared<ch7::Workspace>();
    return [f, ws](ch7::Network& n, const Matrix& X, const Matrix& Y, std::size_t B, double eta, std::uint64_t seed) {
        return f(n, X, Y, B, eta, seed, *ws);
    };
}

// The suite of one rung: the same cases for 7.1 - 7.5.
inline void batch_32_on_digits(const Rung& r) { check_against_readable(r, digits_problem(), 32, 0.5); }
inline void short_last_batch(const Rung& r) { check_against_readable(r, random_problem(), 7, 0.3); }  // 100 = 14 x 7 + 2
inline void stochastic(const Rung& r) { check_against_readable(r, random_problem(), 1, 0.1); }
inline void one_full_batch(const Rung& r) { check_against_readable(r, random_problem(), 256, 0.5, 3); }
inline void three_epochs_on_digits(const Rung& r) { check_against_readable(r, digits_problem(), 7, 0.5, 3); }
inline void zero_batch_throws(const Rung& r) {
    Problem p = random_problem();
    BOOST_CHECK_THROW(r(p.net, p.X, p.Y, 0, 0.1, 1), std::invalid_argument);
}
inline void wrong_shape_throws(const Rung& r) {
    Problem p = random_problem();
    p.net.W1 = xt::transpose(Matrix(p.net.W1));  // 5 x 8 where 8 x 5 is due
    BOOST_CHECK_THROW(r(p.net, p.X, p.Y, 7, 0.1, 1), wb::shape_error);
}

#define CH7_RUNG_CASES(RUNG)                                                        \
    WB_TEST_CASE(batch_32_on_digits_equals_rung_0) { batch_32_on_digits(RUNG); }     \
    WB_TEST_CASE(batch_7_with_a_short_last_batch) { short_last_batch(RUNG); }       \
    WB_TEST_CASE(batch_1_stochastic) { stochastic(RUNG); }                           \
    WB_TEST_CASE(batch_larger_than_N_three_epochs) { one_full_batch(RUNG); }         \
    WB_TEST_CASE(three_epochs_on_digits_batch_7) { three_epochs_on_digits(RUNG); }   \
    WB_TEST_CASE(zero_batch_size_throws) { zero_batch_throws(RUNG); }                \
    WB_TEST_CASE(wrong_weight_shape_throws) { wrong_shape_throws(RUNG); }
}  // namespace
