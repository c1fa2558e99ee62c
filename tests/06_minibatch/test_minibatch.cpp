// Chapter 6 suite: batches of an epoch, forward pass with softmax, cross-entropy, the output delta,
// the batch gradient, the SGD step and one epoch of mini-batch SGD.
//
// Expected values come from
//   - cases worked by hand (zero weights give sigma = 1/2; b2 = [0, ln 2, ln 3] gives the softmax
//     [1, 2, 3]/6; ln of the document-free probabilities 0.7 and 0.8 evaluated to 16 digits),
//   - identities: softmax rows sum to 1, the cross-entropy of a uniform prediction is ln K, the
//     batch gradient is the mean of the per-sample gradients (seed 004: dE/dW = 1/N sum de_n/dW),
//   - central finite differences of the loss (wb::test::numerical_gradient),
//   - the test's own readable references below (loops over samples, seed 004's per-sample outer
//     products), fed to every exercise as its inputs, so that each exercise is graded on its own,
//   - one golden literal: wb::Rng(42).permutation(10), computed once by the C++ code (see there).
// References computed inside this file live in an anonymous namespace: the student's code cannot
// link to them.
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

#include "reference.hpp"  // the test's own references and data (shared with the hidden cases)

// ---------------------------------------------------------------------------------------------
BOOST_AUTO_TEST_SUITE(ex6_1_batch_ranges)

WB_TEST_CASE(ten_in_threes_keeps_the_short_last_batch) {
    // Seed 004: an epoch is a pass over the whole training set; N = 10, B = 3 is ceil(10/3) = 4
    // iterations of 3, 3, 3 and 1 samples.
    const auto b = ch6::batch_ranges(10, 3);
    BOOST_TEST(b.size() == 4u, wb::test::current_exercise() << ": N = 10, B = 3 gives ceil(10/3) = 4 batches (3, 3, 3, 1), got "
                                                         << b.size() << (b.size() == 3 ? ": the last, short batch was dropped "
                                                                                         "(N / B rounds down; loop while begin < N)" : ""));
    const xt::xarray<double> expected = {{0, 3}, {3, 6}, {6, 9}, {9, 10}};
    check_close("the batches [begin, end)", as_pairs(b), expected, abs_tol(0, "exact integers"), "batches x (begin, end)",
                {{"a last batch padded to B = 3, past the end N = 10", xt::xarray<double>{{0, 3}, {3, 6}, {6, 9}, {9, 12}}},
                 {"a last batch moved back to keep B samples: samples 7 and 8 twice in one epoch",
                  xt::xarray<double>{{0, 3}, {3, 6}, {6, 9}, {7, 10}}},
                 {"inclusive ends [begin, end]", xt::xarray<double>{{0, 2}, {3, 5}, {6, 8}, {9, 9}}}});
}

WB_TEST_CASE(exact_multiple_has_no_empty_batch) {
    // N = 12, B = 4: exactly 3 batches; N / B + 1 would add an empty fourth.
    const auto b = ch6::batch_ranges(12, 4);
    BOOST_TEST(b.size() == 3u, wb::test::current_exercise() << ": N = 12, B = 4 gives 3 batches, got " << b.size()
                                                         << (b.size() == 4 ? ": an empty last batch (N / B + 1 where ceil(N / B) is due)" : ""));
    check_close("the batches [begin, end)", as_pairs(b), xt::xarray<double>{{0, 4}, {4, 8}, {8, 12}}, abs_tol(0, "exact integers"),
                "batches x (begin, end)");
}

WB_TEST_CASE(every_position_once_for_many_sizes) {
    // For every N <= 40 and B <= 45: ceil(N/B) contiguous batches from 0 to N, all of size B but
    // the last, which holds the remaining 1..B samples.
    std::size_t problems = 0;
    for (std::size_t N = 1; N <= 40; ++N)
        for (std::size_t B = 1; B <= 45; ++B) {
            const auto b = ch6::batch_ranges(N, B);
            const std::size_t expected_count = (N + B - 1) / B;
            bool ok = b.size() == expected_count && !b.empty() && b.front().begin == 0 && b.back().end == N;
            for (std::size_t i = 0; ok && i < b.size(); ++i) {
                ok = b[i].end > b[i].begin && (i == 0 || b[i].begin == b[i - 1].end);
                ok = ok && (i + 1 == b.size() ? b[i].size() <= B : b[i].size() == B);
            }
            if (!ok && problems++ < 3)
                BOOST_TEST(false, wb::test::current_exercise() << ": N = " << N << ", B = " << B << ": expected " << expected_count
                                                               << " contiguous batches covering [0, " << N << "), got " << b.size()
                                                               << " batches, ending at " << (b.empty() ? 0 : b.back().end));
        }
    BOOST_TEST(problems == 0u, wb::test::current_exercise() << ": " << problems << " of 1800 (N, B) pairs were cut wrongly");
}

WB_TEST_CASE(stochastic_and_full_batch) {
    // B = 1: stochastic gradient descent, N batches of one. B = N: batch gradient descent, one
    // batch. B > N (documented): one batch of all N samples, like B = N.
    const auto sgd = ch6::batch_ranges(5, 1);
    check_close("B = 1 (stochastic)", as_pairs(sgd), xt::xarray<double>{{0, 1}, {1, 2}, {2, 3}, {3, 4}, {4, 5}},
                abs_tol(0, "exact integers"), "batches x (begin, end)");
    check_close("B = N = 5 (batch)", as_pairs(ch6::batch_ranges(5, 5)), xt::xarray<double>{{0, 5}}, abs_tol(0, "exact integers"),
                "batches x (begin, end)");
    check_close("B = 256 > N = 5 (one batch of all N)", as_pairs(ch6::batch_ranges(5, 256)), xt::xarray<double>{{0, 5}},
                abs_tol(0, "exact integers"), "batches x (begin, end)", {{"a batch reaching past N, to B", xt::xarray<double>{{0, 256}}}});
}

WB_TEST_CASE(zero_batch_size_throws) {
    BOOST_CHECK_THROW(ch6::batch_ranges(10, 0), std::invalid_argument);
}

WB_TEST_CASE(empty_training_set_has_no_batches) {
    // ceil(0 / B) = 0.
    BOOST_TEST(ch6::batch_ranges(0, 3).empty(), wb::test::current_exercise() << ": N = 0 gives no batches");
}

BOOST_AUTO_TEST_SUITE_END()

// ---------------------------------------------------------------------------------------------
BOOST_AUTO_TEST_SUITE(ex6_2_forward)

WB_TEST_CASE(zero_weights_by_hand) {
    // W1 = 0, b1 = 0: every hidden unit is sigma(0) = 1/2. W2 = 0, b2 = [0, ln 2, ln 3]: every row
    // of P is softmax(b2) = [1, 2, 3] / 6.
    ch6::Network net{xt::zeros<double>({4, 3}), xt::zeros<double>({1, 3}), xt::zeros<double>({3, 3}),
                     Matrix{{0.0, std::log(2.0), std::log(3.0)}}};
    const Matrix X = {{1.0, -2.0, 0.5, 3.0}, {0.0, 1.0, -1.0, 2.0}};
    const ch6::Forward f = ch6::forward(X, net);
    check_close("H", f.H, xt::xarray<double>(xt::ones<double>({2, 3}) * 0.5), abs_tol(1e-15, "sigma(0) = 1/2 exactly"),
                "samples x hidden", {{"tanh(0) = 0 in place of sigma", xt::zeros<double>({2, 3})}});
    const xt::xarray<double> expected = {{1.0 / 6, 2.0 / 6, 3.0 / 6}, {1.0 / 6, 2.0 / 6, 3.0 / 6}};
    check_close("P", f.P, expected, abs_tol(1e-15, "a few roundings of exp and a division"), "samples x classes",
                {{"Z2 without the softmax", xt::xarray<double>{{0.0, std::log(2.0), std::log(3.0)}, {0.0, std::log(2.0), std::log(3.0)}}},
                 {"e^Z2 not divided by its row sum", xt::xarray<double>{{1, 2, 3}, {1, 2, 3}}},
                 {"a softmax over the samples (columns) instead of the classes (rows)", xt::xarray<double>(xt::ones<double>({2, 3}) * 0.5)},
                 {"a sigmoid at the output", xt::xarray<double>{{0.5, 2.0 / 3, 0.75}, {0.5, 2.0 / 3, 0.75}}}});
}

WB_TEST_CASE(reference_values) {
    // A 5-sample batch through a 4-3-3 network with biases, against the test's loops.
    const Matrix X = sample_X(5, 4, 11);
    const ch6::Network net = tiny_net(4, 3, 3, 12);
    const ch6::Forward ref = ref_forward(X, net);
    ch6::Network no_b1 = net, no_b2 = net;
    no_b1.b1 = xt::zeros<double>({1, 3});
    no_b2.b2 = xt::zeros<double>({1, 3});
    const ch6::Forward f = ch6::forward(X, net);
    check_close("H", f.H, ref.H, rel_tol(1e-12, "sums of 4 products in another order: ~1e-16"), "samples x hidden",
                {{"X W1 without the bias row b1", ref_forward(X, no_b1).H}});
    check_close("P", f.P, ref.P, rel_tol(1e-12, "sums of 3 products and a softmax in another order: ~1e-16"), "samples x classes",
                {{"H W2 without the bias row b2", ref_forward(X, no_b2).P}, {"X W1 without the bias row b1", ref_forward(X, no_b1).P}});
}

WB_TEST_CASE(rows_of_P_sum_to_one) {
    const Matrix X = sample_X(7, 4, 13);
    const ch6::Forward f = ch6::forward(X, tiny_net(4, 5, 3, 14));
    const xt::xarray<double> sums = xt::sum(f.P, {1});
    check_close("the row sums of P", sums, xt::xarray<double>(xt::ones<double>({7})), abs_tol(1e-14, "rounding of 3 terms"), "samples");
}

WB_TEST_CASE(stable_softmax_at_z_plus_and_minus_1000) {
    // W2 = 0 makes Z2 = b2 in every row. b2 = [1000, 1000 + ln 2]: e^1000 overflows (inf / inf =
    // NaN) unless the row maximum is subtracted first; the answer is [1, 2] / 3. b2 = [-1000,
    // -1000 + ln 2]: e^-1000 underflows to 0 (0 / 0 = NaN) unless the maximum is subtracted.
    const Matrix X = sample_X(2, 4, 15);
    for (double z : {1000.0, -1000.0}) {
        ch6::Network net = tiny_net(4, 3, 2, 16);
        net.W2 = xt::zeros<double>({3, 2});
        net.b2 = Matrix{{z, z + std::log(2.0)}};
        const ch6::Forward f = ch6::forward(X, net);
        const bool finite = std::all_of(f.P.begin(), f.P.end(), [](double v) { return std::isfinite(v); });
        BOOST_TEST(finite, wb::test::current_exercise() << ": softmax of z = " << z << ": got NaN or Inf; a softmax without "
                                                        << "subtracting each row's maximum overflows (e^1000 = inf) or underflows (e^-1000 = 0)");
        check_close("P at z = " + std::to_string(static_cast<int>(z)), f.P, xt::xarray<double>{{1.0 / 3, 2.0 / 3}, {1.0 / 3, 2.0 / 3}},
                    abs_tol(1e-13, "1000 + ln 2 is stored to the ulp of 1000, 1.1e-13"), "samples x classes");
    }
}

WB_TEST_CASE(wrong_weight_shapes_throw_naming_both) {
    // Given validation (check_network): the exercise calls it first; the message names both shapes.
    const Matrix X = sample_X(5, 4, 17);
    const ch6::Network good = tiny_net(4, 3, 2, 18);
    ch6::Network bad = good;
    bad.W1 = xt::transpose(good.W1);  // 3x4 for X 5x4
    expect_shape_error("W1 transposed", [&] { ch6::forward(X, bad); }, {"W1", "3x4", "5x4"});
    bad = good;
    bad.W2 = xt::transpose(good.W2);  // 2x3 after W1 4x3
    expect_shape_error("W2 transposed", [&] { ch6::forward(X, bad); }, {"W2", "2x3", "4x3"});
    bad = good;
    bad.b1 = xt::transpose(good.b1);  // a column 3x1
    expect_shape_error("b1 a column", [&] { ch6::forward(X, bad); }, {"b1", "1x3", "3x1"});
}

BOOST_AUTO_TEST_SUITE_END()

// ---------------------------------------------------------------------------------------------
BOOST_AUTO_TEST_SUITE(ex6_3_cross_entropy)

WB_TEST_CASE(two_samples_by_hand) {
    // Seed 002: L = -sum_j y_j log yhat_j per sample; the true classes have p = 0.7 and 0.8, so the
    // mean is -(ln 0.7 + ln 0.8) / 2 = 0.2899092476264711 (evaluated to 16 digits).
    const Matrix P = {{0.7, 0.2, 0.1}, {0.1, 0.1, 0.8}};
    const Matrix Y = {{1, 0, 0}, {0, 0, 1}};
    const double expected = 0.2899092476264711;
    const double binary = -(std::log(0.7) + std::log(0.8) + std::log(0.9) + std::log(0.9) + std::log(0.9) + std::log(0.2)) / 2;
    check_close("L", ch6::cross_entropy(P, Y), expected, rel_tol(1e-14, "two logs and a sum"),
                {{"the sum over the batch where the mean (1/B) is due", xt::xarray<double>(2 * expected)},
                 {"the loss without its minus sign", xt::xarray<double>(-expected)},
                 {"the binary cross-entropy y log p + (1 - y) log(1 - p) summed over the classes", xt::xarray<double>(binary)},
                 {"log10 in place of the natural log", xt::xarray<double>(0.1259059864968998)}});
}

WB_TEST_CASE(uniform_prediction_costs_ln_K) {
    // p = 1/K for every class: L = -log(1/K) = ln K for every sample and for the mean.
    const Matrix P = xt::ones<double>({4, 3}) / 3.0;
    const Matrix Y = one_hot_rows({0, 2, 1, 1}, 3);
    check_close("L", ch6::cross_entropy(P, Y), std::log(3.0), rel_tol(1e-14, "one log"),
                {{"the sum over the batch (4 ln 3)", xt::xarray<double>(4 * std::log(3.0))}});
}

WB_TEST_CASE(mean_does_not_depend_on_batch_size) {
    // The same sample five times: the mean loss equals the one sample's loss (a sum would be 5x).
    const Matrix p = {{0.25, 0.6, 0.15}};
    const Matrix P = xt::repeat(p, 5, 0);
    const Matrix Y = one_hot_rows({1, 1, 1, 1, 1}, 3);
    check_close("L of 5 copies of one sample", ch6::cross_entropy(P, Y), -std::log(0.6), rel_tol(1e-14, "a sum of 5 equal logs"),
                {{"the sum over the batch where the mean (1/B) is due", xt::xarray<double>(-5 * std::log(0.6))}});
}

WB_TEST_CASE(zeros_in_P_give_no_log_of_zero) {
    // P = Y = [[1, 0], [0, 1]]: the y = 0 terms are 0 * log(0 + 1e-300) = 0 (0 * log 0 would be NaN),
    // the y = 1 terms log(1) = 0: L = 0 exactly.
    const Matrix I = {{1, 0}, {0, 1}};
    const double L = ch6::cross_entropy(I, I);
    BOOST_TEST(std::isfinite(L), wb::test::current_exercise() << ": L is " << L << " for P with zeros where y = 0: 0 * log(0) = "
                                                            << "0 * -inf = NaN; take log(p + ch6::kLogEps)");
    check_close("L for a perfect prediction", L, 0.0, abs_tol(1e-15, "log(1) = 0"));
}

WB_TEST_CASE(a_sure_wrong_answer_is_finite) {
    // P = [0, 1] for a sample of class 0: -log(0 + 1e-300) = 690.7755278982137, not infinity.
    const Matrix P = {{0.0, 1.0}};
    const Matrix Y = {{1.0, 0.0}};
    check_close("L", ch6::cross_entropy(P, Y), 690.7755278982137, rel_tol(1e-12, "one log"),
                {{"log(max(p, 1e-12)) (a different floor)", xt::xarray<double>(-std::log(1e-12))},
                 {"log(p + 1e-15) (a different floor)", xt::xarray<double>(-std::log(1e-15))}});
}

WB_TEST_CASE(nan_stays_nan) {
    // A NaN probability (a diverged forward pass) must give a NaN loss, so that training can
    // notice it; xt::maximum(P, eps) would turn the NaN into eps.
    Matrix P = {{0.5, 0.5}, {0.5, 0.5}};
    P(1, 0) = std::numeric_limits<double>::quiet_NaN();
    const Matrix Y = {{1, 0}, {1, 0}};
    const double L = ch6::cross_entropy(P, Y);
    BOOST_TEST(std::isnan(L), wb::test::current_exercise() << ": L = " << L << " for a P holding a NaN; it should be NaN "
                                                         << "(a clamp such as xt::maximum(P, eps) hides the NaN: use log(p + kLogEps))");
}

WB_TEST_CASE(reference_values) {
    const Matrix X = sample_X(6, 4, 21);
    const Matrix Y = one_hot_rows(sample_labels(6, 3), 3);
    const Matrix P = ref_forward(X, tiny_net(4, 3, 3, 22)).P;
    const double expected = ref_loss(P, Y);
    check_close("L", ch6::cross_entropy(P, Y), expected, rel_tol(1e-13, "6 logs summed in another order"),
                {{"the sum over the batch where the mean (1/B) is due", xt::xarray<double>(6 * expected)}});
}

BOOST_AUTO_TEST_SUITE_END()

// ---------------------------------------------------------------------------------------------
BOOST_AUTO_TEST_SUITE(ex6_4_output_delta)

WB_TEST_CASE(two_samples_by_hand) {
    // (P - Y) / B with B = 2.
    const Matrix P = {{0.7, 0.2, 0.1}, {0.1, 0.1, 0.8}};
    const Matrix Y = {{1, 0, 0}, {0, 0, 1}};
    const xt::xarray<double> expected = {{-0.15, 0.1, 0.05}, {0.05, 0.05, -0.1}};
    check_close("delta2", ch6::output_delta(P, Y), expected, abs_tol(1e-15, "one subtraction and a division by 2"), "samples x classes",
                {{"P - Y without the 1/B of the mean loss (a sum where the mean is due)", P - Y},
                 {"(Y - P) / B: the wrong sign", (Y - P) / 2.0},
                 {"(P - Y) P (1 - P) / B: a sigmoid derivative that softmax with cross-entropy cancels", (P - Y) * P * (1.0 - P) / 2.0}});
}

WB_TEST_CASE(one_sample_is_yhat_minus_y) {
    // B = 1: seed 002's delta at the output, yhat - y, with nothing else.
    const Matrix P = {{0.2, 0.5, 0.3}};
    const Matrix Y = {{0, 0, 1}};
    check_close("delta2", ch6::output_delta(P, Y), xt::xarray<double>{{0.2, 0.5, -0.7}}, abs_tol(1e-15, "one subtraction"),
                "samples x classes", {{"Y - P: the wrong sign", xt::xarray<double>{{-0.2, -0.5, 0.7}}}});
}

WB_TEST_CASE(agrees_with_finite_differences) {
    // delta2 = dL/dZ2 for L = cross_entropy(softmax(Z2), Y): central differences of the test's
    // own loss in every element of Z2 (h = 1e-6: truncation ~h^2 ~ 1e-12, rounding eps/h ~ 1e-10).
    const Matrix Z2 = wb::Rng(31).normal_matrix(4, 3, 2.0);
    const Matrix Y = one_hot_rows({2, 0, 1, 2}, 3);
    auto softmax = [](const xt::xarray<double>& Z) {
        Matrix P = Z;
        for (std::size_t n = 0; n < P.shape()[0]; ++n) {
            auto row = xt::view(P, n, xt::all());
            const double m = xt::amax(row)();
            row = xt::exp(row - m);
            row /= xt::sum(row)();
        }
        return P;
    };
    const xt::xarray<double> numeric = wb::test::numerical_gradient([&](const xt::xarray<double>& Z) { return ref_loss(softmax(Z), Y); },
                                                                    xt::xarray<double>(Z2), 1e-6);
    const Matrix delta = ch6::output_delta(softmax(Z2), Y);
    check_shape("delta2", delta, {4, 3}, "samples x classes");
    const double err = wb::test::relative_error(delta, numeric);
    BOOST_TEST(err < 1e-7, wb::test::current_exercise() << ": delta2 vs central differences of the mean cross-entropy: relative error "
                                                      << err << " (tolerance 1e-7: truncation h^2 + rounding eps/h with h = 1e-6)");
}

BOOST_AUTO_TEST_SUITE_END()

// ---------------------------------------------------------------------------------------------
BOOST_AUTO_TEST_SUITE(ex6_5_gradients)

WB_TEST_CASE(reference_values) {
    // Against the test's per-sample outer products (seed 004 (1): de/dW = x delta^T), fed the
    // test's forward pass and delta.
    const Matrix X = sample_X(5, 4, 41);
    const Matrix Y = one_hot_rows(sample_labels(5, 3), 3);
    const ch6::Network net = tiny_net(4, 3, 3, 42);
    const ch6::Forward f = ref_forward(X, net);
    const Matrix delta = ref_delta(f.P, Y);
    const ch6::Gradients ref = ref_gradients(X, f, delta, net);
    const ch6::Gradients g = ch6::gradients(X, f, delta, net);
    const wb::test::Tolerance tol = abs_tol(1e-14, "sums of 5 products in another order: ~1e-17");
    check_close("dW2", g.dW2, ref.dW2, tol, "hidden x classes", {{"B x H^T delta: the 1/B applied twice or lost", ref.dW2 * 5.0}});
    const Matrix first_row = xt::view(delta, xt::range(0, 1), xt::all());
    check_close("db2", g.db2, ref.db2, tol, "1 x classes",
                {{"the mean of delta's rows: 1/B applied twice", ref.db2 / 5.0},
                 {"delta's first row alone: the sum over the batch's rows is missing", first_row}});
    check_close("dW1", g.dW1, ref.dW1, tol, "inputs x hidden");
    check_close("db1", g.db1, ref.db1, tol, "1 x hidden", {{"the mean of delta1's rows: 1/B applied twice", ref.db1 / 5.0}});
}

WB_TEST_CASE(sigma_prime_from_the_activation) {
    // delta1 = (delta2 W2^T) (x) H (1 - H). Two known slips: sigma'(H) (sigma' applied to the
    // activation instead of the pre-activation) and no sigma' at all.
    const Matrix X = sample_X(3, 2, 43);
    const Matrix Y = one_hot_rows({0, 1, 1}, 2);
    const ch6::Network net = tiny_net(2, 3, 2, 44);
    const ch6::Forward f = ref_forward(X, net);
    const Matrix delta = ref_delta(f.P, Y);
    // dW1 for a delta1 with another factor in place of H (1 - H).
    auto dW1_with = [&](const Matrix& factor) {
        Matrix d1 = xt::zeros<double>({3, 3});
        for (std::size_t n = 0; n < 3; ++n)
            for (std::size_t j = 0; j < 3; ++j) {
                double s = 0.0;
                for (std::size_t k = 0; k < 2; ++k) s += net.W2(j, k) * delta(n, k);
                d1(n, j) = s * factor(n, j);
            }
        Matrix dW1 = xt::zeros<double>({2, 3});
        for (std::size_t n = 0; n < 3; ++n)
            for (std::size_t i = 0; i < 2; ++i)
                for (std::size_t j = 0; j < 3; ++j) dW1(i, j) += X(n, i) * d1(n, j);
        return dW1;
    };
    const Matrix sH = wb::given::sigmoid(f.H);
    const Matrix expected = dW1_with(f.H * (1.0 - f.H));
    check_close("dW1", ch6::gradients(X, f, delta, net).dW1, expected, abs_tol(1e-14, "sums of 3 products"), "inputs x hidden",
                {{"sigma'(H) = sigma(H)(1 - sigma(H)): sigma' applied to the activation H = sigma(Z1)", dW1_with(sH * (1.0 - sH))},
                 {"no sigma' factor in delta1", dW1_with(xt::ones<double>({3, 3}))},
                 {"tanh' = 1 - H^2 in place of sigma'", dW1_with(1.0 - f.H * f.H)}});
}

WB_TEST_CASE(batch_gradient_is_the_mean_of_per_sample_gradients) {
    // Seed 004: dE/dW = 1/N sum_n de_n/dW. The exercise's gradient of the whole batch (delta =
    // (P - Y)/B) against the mean of the exercise's own gradients of each sample alone (delta =
    // p_n - y_n, B = 1).
    const std::size_t B = 6;
    const Matrix X = sample_X(B, 4, 45);
    const Matrix Y = one_hot_rows(sample_labels(B, 3), 3);
    const ch6::Network net = tiny_net(4, 5, 3, 46);
    const ch6::Forward f = ref_forward(X, net);
    const ch6::Gradients batch = ch6::gradients(X, f, ref_delta(f.P, Y), net);
    ch6::Gradients mean{xt::zeros<double>({4, 5}), xt::zeros<double>({1, 5}), xt::zeros<double>({5, 3}), xt::zeros<double>({1, 3})};
    for (std::size_t n = 0; n < B; ++n) {
        const Matrix x = rows(X, {n}), y = rows(Y, {n});
        const ch6::Forward fn = ref_forward(x, net);
        const ch6::Gradients gn = ch6::gradients(x, fn, fn.P - y, net);
        mean.dW1 += gn.dW1 / double(B), mean.db1 += gn.db1 / double(B), mean.dW2 += gn.dW2 / double(B), mean.db2 += gn.db2 / double(B);
    }
    const wb::test::Tolerance tol = abs_tol(1e-14, "the same sums in another order");
    check_close("dW1 of the batch vs the mean of per-sample dW1", batch.dW1, mean.dW1, tol, "inputs x hidden");
    check_close("db1 of the batch vs the mean of per-sample db1", batch.db1, mean.db1, tol, "1 x hidden");
    check_close("dW2 of the batch vs the mean of per-sample dW2", batch.dW2, mean.dW2, tol, "hidden x classes");
    check_close("db2 of the batch vs the mean of per-sample db2", batch.db2, mean.db2, tol, "1 x classes");
}

WB_TEST_CASE(agrees_with_finite_differences) {
    // The gradient of the mean loss of a 5-sample batch through a 3-4-2 network, element by
    // element against central differences (h = 1e-6) of the test's own loss.
    const Matrix X = sample_X(5, 3, 47);
    const Matrix Y = one_hot_rows({0, 1, 1, 0, 1}, 2);
    const ch6::Network net = tiny_net(3, 4, 2, 48);
    const ch6::Forward f = ref_forward(X, net);
    const ch6::Gradients g = ch6::gradients(X, f, ref_delta(f.P, Y), net);
    auto numeric = [&](Matrix ch6::Network::*param) {
        return wb::test::numerical_gradient(
            [&](const xt::xarray<double>& W) {
                ch6::Network n = net;
                n.*param = W;
                return ref_loss(ref_forward(X, n).P, Y);
            },
            xt::xarray<double>(net.*param), 1e-6);
    };
    const std::vector<std::pair<std::string, std::pair<Matrix ch6::Network::*, const Matrix*>>> cases = {
        {"dW1", {&ch6::Network::W1, &g.dW1}}, {"db1", {&ch6::Network::b1, &g.db1}},
        {"dW2", {&ch6::Network::W2, &g.dW2}}, {"db2", {&ch6::Network::b2, &g.db2}}};
    for (const auto& [name, c] : cases) {
        const xt::xarray<double> num = numeric(c.first);
        if (!check_shape(name, *c.second, std::vector<std::size_t>(num.shape().begin(), num.shape().end()))) continue;
        const double err = wb::test::relative_error(*c.second, num);
        BOOST_TEST(err < 1e-7, wb::test::current_exercise() << ": " << name << " vs central differences of the mean loss: relative error "
                                                          << err << " (tolerance 1e-7: truncation h^2 + rounding eps/h with h = 1e-6)");
    }
}

WB_TEST_CASE(shapes) {
    const Matrix X = sample_X(7, 4, 49);
    const Matrix Y = one_hot_rows(sample_labels(7, 2), 2);
    const ch6::Network net = tiny_net(4, 3, 2, 50);
    const ch6::Forward f = ref_forward(X, net);
    const ch6::Gradients g = ch6::gradients(X, f, ref_delta(f.P, Y), net);
    check_shape("dW1", g.dW1, {4, 3}, "inputs x hidden");
    check_shape("db1", g.db1, {1, 3}, "1 x hidden: a row, as b1");
    check_shape("dW2", g.dW2, {3, 2}, "hidden x classes");
    check_shape("db2", g.db2, {1, 2}, "1 x classes: a row, as b2");
}

BOOST_AUTO_TEST_SUITE_END()

// ---------------------------------------------------------------------------------------------
BOOST_AUTO_TEST_SUITE(ex6_6_sgd_step)

WB_TEST_CASE(by_hand) {
    // Every parameter 1, every gradient 0.5, eta = 0.1: 1 - 0.1 * 0.5 = 0.95 everywhere.
    ch6::Network net{xt::ones<double>({2, 3}), xt::ones<double>({1, 3}), xt::ones<double>({3, 2}), xt::ones<double>({1, 2})};
    const ch6::Gradients g{xt::ones<double>({2, 3}) * 0.5, xt::ones<double>({1, 3}) * 0.5, xt::ones<double>({3, 2}) * 0.5,
                           xt::ones<double>({1, 2}) * 0.5};
    ch6::sgd_step(net, g, 0.1);
    auto all = [](std::size_t r, std::size_t c, double v) { return xt::xarray<double>(xt::ones<double>({r, c}) * v); };
    const wb::test::Tolerance tol = abs_tol(1e-15, "one multiplication and a subtraction");
    check_close("W1", net.W1, all(2, 3, 0.95), tol, "inputs x hidden",
                {{"W + eta dW: a step up the gradient", all(2, 3, 1.05)}, {"W - dW: eta forgotten", all(2, 3, 0.5)},
                 {"W left as it was", all(2, 3, 1.0)}});
    check_close("b1", net.b1, all(1, 3, 0.95), tol, "1 x hidden", {{"the bias not updated", all(1, 3, 1.0)}, {"b + eta db", all(1, 3, 1.05)}});
    check_close("W2", net.W2, all(3, 2, 0.95), tol, "hidden x classes", {{"W + eta dW: a step up the gradient", all(3, 2, 1.05)}});
    check_close("b2", net.b2, all(1, 2, 0.95), tol, "1 x classes", {{"the bias not updated", all(1, 2, 1.0)}});
}

WB_TEST_CASE(reference_values) {
    ch6::Network net = tiny_net(4, 3, 3, 61);
    const ch6::Network other = tiny_net(4, 3, 3, 62);  // random "gradients" of the right shapes
    const ch6::Gradients g{other.W1, other.b1, other.W2, other.b2};
    ch6::Network expected = net;
    ref_step(expected, g, 0.05);
    ch6::sgd_step(net, g, 0.05);
    check_net("after the step", net, expected, abs_tol(1e-15, "one multiply-subtract per element"));
}

WB_TEST_CASE(a_small_step_lowers_the_loss) {
    // Gradient descent: for a small eta, L(W - eta dL/dW) < L(W).
    const Matrix X = sample_X(8, 4, 63);
    const Matrix Y = one_hot_rows(sample_labels(8, 3), 3);
    ch6::Network net = tiny_net(4, 3, 3, 64);
    const double before = ref_loss(ref_forward(X, net).P, Y);
    ch6::sgd_step(net, ref_batch_gradients(X, Y, net), 0.1);
    const double after = ref_loss(ref_forward(X, net).P, Y);
    BOOST_TEST(after < before, wb::test::current_exercise() << ": the loss went from " << before << " to " << after
                                                          << " after a step of eta = 0.1: a step along the gradient (+) instead of against it (-)?");
}

WB_TEST_CASE(wrong_gradient_shape_throws_naming_both) {
    ch6::Network net = tiny_net(4, 3, 2, 65);
    ch6::Gradients g{xt::zeros<double>({3, 4}), xt::zeros<double>({1, 3}), xt::zeros<double>({3, 2}), xt::zeros<double>({1, 2})};
    expect_shape_error("dW1 transposed", [&] { ch6::sgd_step(net, g, 0.1); }, {"dW1", "4x3", "3x4"});
    g.dW1 = xt::zeros<double>({4, 3});
    g.db2 = xt::zeros<double>({2, 1});
    expect_shape_error("db2 a column", [&] { ch6::sgd_step(net, g, 0.1); }, {"db2", "1x2", "2x1"});
}

BOOST_AUTO_TEST_SUITE_END()

// ---------------------------------------------------------------------------------------------
BOOST_AUTO_TEST_SUITE(ex6_7_train_epoch)

WB_TEST_CASE(equals_the_readable_reference) {
    // One epoch of N = 10 samples in batches of B (the last one short for B = 3 and 4) against the
    // test's plain loop: the losses of every iteration and the network afterwards, to 1e-12 (the
    // same arithmetic in another order; a fast 6.7 does it in fused gemm calls).
    const Matrix X = sample_X(10, 4, 71);
    const Matrix Y = one_hot_rows(sample_labels(10, 3), 3);
    for (std::size_t B : {1, 3, 4, 10}) {
        ch6::Network net = tiny_net(4, 3, 3, 72), expected = net, no_mean = net;
        const std::vector<double> ref = ref_train_epoch(expected, X, Y, B, 0.5, 42);
        const std::vector<double> ref_no_mean = ref_train_epoch(no_mean, X, Y, B, 0.5, 42, false);
        const std::vector<double> got = ch6::train_epoch(net, X, Y, B, 0.5, 42, 1);
        const std::string tag = "B = " + std::to_string(B);
        BOOST_TEST(got.size() == ref.size(), wb::test::current_exercise() << ": " << tag << ": " << got.size() << " losses, expected "
                                                                         << ref.size() << " (one per iteration, ceil(10 / B))");
        if (got.size() != ref.size()) continue;
        check_close(tag + ": the batch losses", vec(got), vec(ref), abs_tol(1e-12, "the same arithmetic in another order: ~1e-15"),
                    "iterations",
                    {{"steps without the 1/B of the mean loss (delta2 = P - Y, not (P - Y)/B: a fused step's alpha = -eta where "
                      "-eta/B is due)", vec(ref_no_mean)}});
        check_net(tag + ": the network after one epoch", net, expected, abs_tol(1e-12, "the same arithmetic in another order: ~1e-15"));
    }
}

WB_TEST_CASE(equals_the_reference_on_a_larger_problem) {
    // 3 epochs of 50 samples, 8-6-4, B = 7 (7 iterations, the last of 1 sample), a new shuffle each epoch.
    const Matrix X = sample_X(50, 8, 73);
    const Matrix Y = one_hot_rows(sample_labels(50, 4), 4);
    ch6::Network net = tiny_net(8, 6, 4, 74), expected = net;
    for (std::size_t epoch = 1; epoch <= 3; ++epoch) {
        const std::vector<double> ref = ref_train_epoch(expected, X, Y, 7, 0.3, 100 + epoch);
        const std::vector<double> got = ch6::train_epoch(net, X, Y, 7, 0.3, 100 + epoch, epoch);
        BOOST_TEST(got.size() == 8u, wb::test::current_exercise() << ": 50 samples in batches of 7 are 8 iterations, got " << got.size());
        if (got.size() == ref.size())
            check_close("epoch " + std::to_string(epoch) + ": the batch losses", vec(got), vec(ref), abs_tol(1e-12, "rounding ~1e-15"),
                        "iterations");
    }
    check_net("the network after 3 epochs", net, expected, abs_tol(1e-12, "the same arithmetic in another order: ~1e-15"));
}

WB_TEST_CASE(last_short_batch_is_trained_on) {
    // N = 10, B = 3: 4 iterations; with eta = 0 the weights stay put and the 4th loss is the loss
    // of the one sample at position 9 of the order, wb::Rng(42).permutation(10)[9] = 2.
    const Matrix X = sample_X(10, 4, 75);
    const Matrix Y = one_hot_rows(sample_labels(10, 3), 3);
    ch6::Network net = tiny_net(4, 3, 3, 76);
    const std::vector<double> got = ch6::train_epoch(net, X, Y, 3, 0.0, 42, 1);
    BOOST_TEST(got.size() == 4u, wb::test::current_exercise() << ": N = 10, B = 3 gives 4 iterations (3, 3, 3, 1 samples), got " << got.size()
                                                            << (got.size() == 3 ? ": the last, short batch was skipped" : ""));
    if (got.size() == 4u)
        check_close("the loss of the last (1-sample) batch", got[3], sample_loss(X, Y, net, kGolden42[9]), rel_tol(1e-12, "one sample's loss"));
}

WB_TEST_CASE(every_sample_once_per_epoch) {
    // eta = 0 leaves the network unchanged, so each batch loss is the mean of its samples' losses.
    // B = 1: the losses are the 10 samples' losses in some order, each exactly once.
    // B = 3: sum_b |b| L_b = sum_n e_n, every sample counted once.
    const Matrix X = sample_X(10, 4, 77);
    const Matrix Y = one_hot_rows(sample_labels(10, 3), 3);
    ch6::Network net = tiny_net(4, 3, 3, 78);
    std::vector<double> each(10);
    for (std::size_t n = 0; n < 10; ++n) each[n] = sample_loss(X, Y, net, n);
    std::vector<double> got = ch6::train_epoch(net, X, Y, 1, 0.0, 5, 1);
    BOOST_TEST(got.size() == 10u, wb::test::current_exercise() << ": B = 1 gives N = 10 iterations, got " << got.size());
    if (got.size() == 10u) {
        std::sort(got.begin(), got.end());
        std::vector<double> sorted = each;
        std::sort(sorted.begin(), sorted.end());
        check_close("the sorted per-sample losses of an epoch with B = 1", vec(got), vec(sorted), rel_tol(1e-12, "one sample's loss each"),
                    "samples", {{"the first sample only, every time", vec(std::vector<double>(10, each[0]))}});
    }
    const std::vector<double> b3 = ch6::train_epoch(net, X, Y, 3, 0.0, 5, 2);
    if (b3.size() == 4u) {
        const double weighted = 3 * (b3[0] + b3[1] + b3[2]) + b3[3];
        check_close("3 L_1 + 3 L_2 + 3 L_3 + 1 L_4 (B = 3)", weighted, std::accumulate(each.begin(), each.end(), 0.0),
                    rel_tol(1e-12, "10 losses summed in another order"));
    } else {
        BOOST_TEST(false, wb::test::current_exercise() << ": N = 10, B = 3 gives 4 iterations, got " << b3.size());
    }
}

WB_TEST_CASE(shuffle_is_deterministic_for_a_seed) {
    // The order comes from wb::Rng(seed).permutation(N): the same on every machine. With eta = 0
    // and B = 1 the losses reveal the order: loss i is the loss of sample kGolden42[i].
    std::vector<std::size_t> perm = wb::Rng(42).permutation(10);
    BOOST_TEST(perm == kGolden42, "wb::Rng(42).permutation(10) is not the golden order: the support library's generator changed");
    const Matrix X = sample_X(10, 4, 79);
    const Matrix Y = one_hot_rows(sample_labels(10, 3), 3);
    ch6::Network net = tiny_net(4, 3, 3, 80);
    std::vector<double> expected(10);
    for (std::size_t i = 0; i < 10; ++i) expected[i] = sample_loss(X, Y, net, kGolden42[i]);
    std::vector<double> unshuffled(10);
    for (std::size_t i = 0; i < 10; ++i) unshuffled[i] = sample_loss(X, Y, net, i);
    const std::vector<double> got = ch6::train_epoch(net, X, Y, 1, 0.0, 42, 1);
    if (got.size() == 10u)
        check_close("the losses of the epoch, in order (seed 42, B = 1)", vec(got), vec(expected), rel_tol(1e-12, "one sample's loss each"),
                    "iterations", {{"no shuffle: the samples in file order", vec(unshuffled)}});
    else
        BOOST_TEST(false, wb::test::current_exercise() << ": B = 1 gives 10 iterations, got " << got.size());
    // Twice the same seed, twice the same training, to the last bit.
    ch6::Network a = tiny_net(4, 3, 3, 81), b = a;
    const std::vector<double> la = ch6::train_epoch(a, X, Y, 3, 0.5, 9, 1);
    const std::vector<double> lb = ch6::train_epoch(b, X, Y, 3, 0.5, 9, 1);
    wb::test::check_same("the losses of a second run with the same seed", vec(lb), vec(la), abs_tol(0, "bit for bit"), "iterations");
    const auto bits = abs_tol(0, "bit for bit");
    wb::test::check_same("the network of a second run with the same seed: W1", b.W1, a.W1, bits, "inputs x hidden");
    wb::test::check_same("the network of a second run with the same seed: b1", b.b1, a.b1, bits, "1 x hidden");
    wb::test::check_same("the network of a second run with the same seed: W2", b.W2, a.W2, bits, "hidden x classes");
    wb::test::check_same("the network of a second run with the same seed: b2", b.b2, a.b2, bits, "1 x classes");
}

WB_TEST_CASE(a_new_shuffle_every_epoch) {
    // Each epoch shuffles with its own seed: with eta = 0 and B = 1 the losses reveal the order of
    // every epoch. A shuffle done once (a static order, or the first epoch's seed kept) repeats the
    // first epoch's order in the later ones.
    const Matrix X = sample_X(12, 4, 94);
    const Matrix Y = one_hot_rows(sample_labels(12, 3), 3);
    ch6::Network net = tiny_net(4, 3, 3, 95);
    std::vector<double> each(12);
    for (std::size_t n = 0; n < 12; ++n) each[n] = sample_loss(X, Y, net, n);
    const auto in_order = [&](std::uint64_t seed) {
        std::vector<double> v;
        for (std::size_t n : wb::Rng(seed).permutation(12)) v.push_back(each[n]);
        return vec(v);
    };
    for (std::size_t epoch = 1; epoch <= 3; ++epoch) {
        const std::uint64_t seed = 300 + 17 * epoch;
        const std::vector<double> got = ch6::train_epoch(net, X, Y, 1, 0.0, seed, epoch);
        BOOST_TEST_REQUIRE(got.size() == 12u, wb::test::current_exercise() << ": B = 1 gives 12 iterations, got " << got.size());
        std::vector<Mistake> mistakes;
        if (epoch > 1)
            mistakes.push_back({"shuffled once, not every epoch: the first epoch's order (its seed " + std::to_string(300 + 17) +
                                    ") reused; shuffle with wb::Rng(seed) of THIS epoch, every call",
                                in_order(300 + 17)});
        mistakes.push_back({"no shuffle: the samples in file order", vec(each)});
        check_close("epoch " + std::to_string(epoch) + " (seed " + std::to_string(seed) + "): the losses in order, B = 1", vec(got),
                    in_order(seed), rel_tol(1e-12, "one sample's loss each"), "iterations", mistakes);
    }
}

WB_TEST_CASE(later_epochs_train_on_their_own_shuffle) {
    // 4 epochs of 13 samples in batches of 5 (3 iterations, the last of 3), a seed per epoch: the network after each epoch
    // against the plain loop, and against what a shuffle done once gives.
    const Matrix X = sample_X(13, 3, 96);
    const Matrix Y = one_hot_rows(sample_labels(13, 3), 3);
    ch6::Network net = tiny_net(3, 4, 3, 97), expected = net, once = net;
    for (std::size_t epoch = 1; epoch <= 4; ++epoch) {
        const std::uint64_t seed = 500 + epoch;
        const std::vector<double> ref = ref_train_epoch(expected, X, Y, 5, 0.4, seed);
        const std::vector<double> ref_once = ref_train_epoch(once, X, Y, 5, 0.4, seed, true, 501);
        const std::vector<double> got = ch6::train_epoch(net, X, Y, 5, 0.4, seed, epoch);
        BOOST_TEST_REQUIRE(got.size() == 3u, wb::test::current_exercise() << ": 13 samples in batches of 5 are 3 iterations, got "
                                                                        << got.size());
        check_close("epoch " + std::to_string(epoch) + ": the batch losses", vec(got), vec(ref), abs_tol(1e-12, "rounding ~1e-15"),
                    "iterations", {{"shuffled once, not every epoch (the first epoch's order reused)", vec(ref_once)}});
    }
    check_net("the network after 4 epochs", net, expected, abs_tol(1e-12, "the same arithmetic in another order: ~1e-15"));
}

WB_TEST_CASE(batch_larger_than_N_is_one_full_batch) {
    // Documented: B > N trains on one batch of all N samples, i.e. batch gradient descent: one
    // step W - eta dE/dW with the gradient of the whole set.
    const Matrix X = sample_X(10, 4, 82);
    const Matrix Y = one_hot_rows(sample_labels(10, 3), 3);
    ch6::Network net = tiny_net(4, 3, 3, 83), expected = net;
    ref_step(expected, ref_batch_gradients(X, Y, expected), 0.5);
    const std::vector<double> got = ch6::train_epoch(net, X, Y, 256, 0.5, 42, 1);
    BOOST_TEST(got.size() == 1u, wb::test::current_exercise() << ": B = 256 > N = 10: one iteration, got " << got.size());
    check_net("the network after one full-batch step", net, expected, abs_tol(1e-12, "the same arithmetic in another order"));
}

WB_TEST_CASE(zero_batch_size_throws) {
    const Matrix X = sample_X(10, 4, 84);
    const Matrix Y = one_hot_rows(sample_labels(10, 3), 3);
    ch6::Network net = tiny_net(4, 3, 3, 85);
    BOOST_CHECK_THROW(ch6::train_epoch(net, X, Y, 0, 0.1, 42, 1), std::invalid_argument);
}

WB_TEST_CASE(nan_stops_training_naming_epoch_and_iteration) {
    // Sample 0 holds a NaN pixel. With seed 42 it sits at position 8 of the order (kGolden42), so
    // in batches of 3 it is in the 3rd of 4 iterations: a wb::numeric_error "... epoch 7,
    // iteration 3 of 4".
    Matrix X = sample_X(10, 4, 86);
    X(0, 2) = std::numeric_limits<double>::quiet_NaN();
    const Matrix Y = one_hot_rows(sample_labels(10, 3), 3);
    ch6::Network net = tiny_net(4, 3, 3, 87);
    try {
        ch6::train_epoch(net, X, Y, 3, 0.1, 42, 7);
        BOOST_TEST(false, wb::test::current_exercise() << ": a NaN input trained without an error: check each batch loss with wb::require_finite");
    } catch (const wb::numeric_error& e) {
        const std::string msg = e.what();
        BOOST_TEST(msg.find("epoch 7") != std::string::npos, wb::test::current_exercise() << ": the error should name epoch 7: " << msg);
        BOOST_TEST(msg.find("iteration 3 of 4") != std::string::npos,
                   wb::test::current_exercise() << ": the error should name \"iteration 3 of 4\": " << msg);
    }
}

WB_TEST_CASE(huge_learning_rate_stops_with_numeric_error) {
    // eta = 1e308: the weights reach ~1e307 after one step, sums overflow to +-inf, inf - inf = NaN
    // within a few epochs. Training must stop with a wb::numeric_error naming where.
    const Matrix X = sample_X(10, 4, 88);
    const Matrix Y = one_hot_rows(sample_labels(10, 3), 3);
    ch6::Network net = tiny_net(4, 3, 3, 89);
    std::string msg;
    try {
        for (std::size_t epoch = 1; epoch <= 50; ++epoch) ch6::train_epoch(net, X, Y, 1, 1e308, 200 + epoch, epoch);
    } catch (const wb::numeric_error& e) {
        msg = e.what();
    }
    BOOST_TEST(!msg.empty(), wb::test::current_exercise() << ": 50 epochs at eta = 1e308 ended without a wb::numeric_error");
    BOOST_TEST((msg.empty() || (msg.find("epoch") != std::string::npos && msg.find("iteration") != std::string::npos)),
               wb::test::current_exercise() << ": the error should name the epoch and the iteration: " << msg);
}

WB_TEST_CASE(wrong_weight_shape_throws) {
    const Matrix X = sample_X(10, 4, 90);
    const Matrix Y = one_hot_rows(sample_labels(10, 3), 3);
    ch6::Network net = tiny_net(4, 3, 3, 91);
    net.W1 = xt::transpose(tiny_net(4, 3, 3, 91).W1);
    // (the shape of X in the message may be the whole set's, 10x4, or the batch's, 3x4)
    expect_shape_error("W1 transposed", [&] { ch6::train_epoch(net, X, Y, 3, 0.1, 42, 1); }, {"W1", "3x4"});
}

WB_TEST_CASE(a_few_epochs_lower_the_loss) {
    // 40 samples whose class is the sign pattern of two inputs: 20 epochs of B = 4 at eta = 0.5
    // must lower the mean loss of the set.
    Matrix X = sample_X(40, 2, 92);
    std::vector<int> labels(40);
    for (std::size_t n = 0; n < 40; ++n) labels[n] = X(n, 0) > 0 ? 1 : 0;
    const Matrix Y = one_hot_rows(labels, 2);
    ch6::Network net = tiny_net(2, 4, 2, 93);
    const double before = ref_loss(ref_forward(X, net).P, Y);
    for (std::size_t epoch = 1; epoch <= 20; ++epoch) ch6::train_epoch(net, X, Y, 4, 0.5, epoch, epoch);
    const double after = ref_loss(ref_forward(X, net).P, Y);
    BOOST_TEST(after < 0.5 * before, wb::test::current_exercise() << ": 20 epochs took the loss from " << before << " to " << after
                                                                << " (expected below half)");
}

BOOST_AUTO_TEST_SUITE_END()
