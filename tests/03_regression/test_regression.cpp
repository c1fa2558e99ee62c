// Chapter 3 suite: backpropagation in seed 000's 3-layer regression network (no biases, row layout).
//
// Seed 000 prints dl_dw1 = [[-0.01194708, 0.00497217, 0.00505324], [-0.00600021, 0.00238656,
// 0.00351687]] but not the weights that gave it, and they could not be recovered (see
// docs/numbers.md: no numpy seed 0..19999 reproduces it). So this suite does NOT check
// those numbers. It checks, for the chapter's own documented weights
//     W1 = [[0.5, -0.3, 0.8], [0.2, 0.7, -0.4]],   W2 = [[0.6], [-0.5], [0.9]]
// on the seed's 4-sample expense table:
//   - tiny cases worked by hand (W1 = 0 makes every hidden unit 1/2, and W2 = [1, -2, 1] then
//     makes Z3 = 0, f = 1/2, sigma'(0) = 1/4: every quantity is a short fraction);
//   - reference literals computed offline with /usr/bin/python3 and numpy 1.24 (float64), from
//     the seed's equations (Z2 = X @ W1, a2 = sigmoid(Z2), Z3 = a2 @ W2, f = sigmoid(Z3),
//     delta3 = (f - t) * f * (1 - f), dW2 = a2.T @ delta3, delta2 = (delta3 @ W2.T) * a2 * (1 - a2),
//     dW1 = X.T @ delta2), printed with repr() (17 significant digits);
//   - central finite differences (wb::test::numerical_gradient) of the test's own loss;
//   - the seed's per-sample sum form (the given ch3::per_sample_gradients) against the matrix form;
//   - the seed's brute-force timing table (0.05 s, 50 s, 13.89 h).
// Each exercise gets reference inputs computed here (an anonymous namespace, written with plain
// loops), never the student's earlier exercises, so that it is graded on its own.
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

#include "reference.hpp"  // the test's own references and data (shared with the hidden cases)

// ---------------------------------------------------------------------------------------------
BOOST_AUTO_TEST_SUITE(ex3_1_forward)

WB_TEST_CASE(hand_worked) {
    // W1 = 0: Z2 = 0 and a2 = 1/2 everywhere; W2 = [1, -2, 1]: Z3 = 1/2 - 1 + 1/2 = 0, f = 1/2.
    const ch3::Forward fw = ch3::forward(X_expense(), W1_hand(), W2_hand());
    check_close("Z2", fw.Z2, xt::zeros<double>({4, 3}), abs_tol(1e-15, "exact"), "samples x hidden");
    check_close("a2", fw.a2, Matrix(xt::ones<double>({4, 3}) * 0.5), abs_tol(1e-15, "exact"), "samples x hidden",
                {{"Z2 (the hidden layer's sigmoid missing)", xt::zeros<double>({4, 3})}});
    check_close("Z3", fw.Z3, xt::zeros<double>({4, 1}), abs_tol(1e-15, "exact"), "samples x outputs",
                {{"Z2 W2 (the hidden layer's sigmoid skipped)", xt::zeros<double>({4, 1})}});
    check_close("f", fw.f, Matrix(xt::ones<double>({4, 1}) * 0.5), abs_tol(1e-15, "exact"), "samples x outputs",
                {{"Z3: an identity output unit where the seed's sigmoid is due", xt::zeros<double>({4, 1})}});
}

WB_TEST_CASE(reference_values) {
    // The expense table with the chapter's W1, W2 (numpy, see the top of this file).
    const Matrix X = X_expense(), W1 = W1_doc(), W2 = W2_doc();
    const ch3::Forward fw = ch3::forward(X, W1, W2);
    const Matrix Z2{{0.675, 0.3125, 0.45},
                    {0.325, 0.625, -0.2},
                    {0.34, 0.16499999999999998, 0.22},
                    {0.425, -0.04999999999999999, 0.5000000000000001}};
    const Matrix a2{{0.6626218371700825, 0.5774953651858118, 0.610639233949222},
                    {0.5805423048206596, 0.6513548646660542, 0.45016600268752216},
                    {0.5841905229354074, 0.541156668150228, 0.5547792351072148},
                    {0.6046790847140093, 0.4875026035157896, 0.6224593312018547}};
    const Matrix Z3{{0.6584007302634435}, {0.4277973529781386}, {0.5792372912826238}, {0.67926954715218}};
    const Matrix f{{0.658901043240316}, {0.6053475741877533}, {0.6408918881928886}, {0.6635756484029965}};
    check_close("Z2", fw.Z2, Z2, abs_tol(1e-15, "sums of 2 products, a few roundings"), "samples x hidden");
    check_close("a2", fw.a2, a2, rel_tol(1e-12, kLiteral), "samples x hidden",
                {{"Z2 (the hidden layer's sigmoid missing)", Z2}, {"sigma'(Z2) where sigma(Z2) is due", map_fn(Z2, sig_prime)}});
    check_close("Z3", fw.Z3, Z3, rel_tol(1e-12, kLiteral), "samples x outputs",
                {{"Z2 W2 (the hidden layer's sigmoid skipped)", matmul(Z2, W2)}});
    check_close("f", fw.f, f, rel_tol(1e-12, kLiteral), "samples x outputs",
                {{"Z3: an identity output unit where the seed's sigmoid is due", Z3},
                 {"sigma(X W1 W2): no sigmoid on the hidden layer", map_fn(matmul(Z2, W2), sig)}});
}

WB_TEST_CASE(finite_differences) {
    // The student's f, differentiated numerically: d(sum f)/dW2 = a2^T sigma'(Z3) and
    // d(sum f)/dW1 = X^T ((sigma'(Z3) W2^T) .* sigma'(Z2)).
    const Matrix X = X_expense(), W1 = W1_doc(), W2 = W2_doc();
    const ch3::Forward r = ref_forward(X, W1, W2);
    const Matrix s3 = map_fn(r.Z3, sig_prime);
    const auto sum_f_W2 = [&](const xt::xarray<double>& w) { return double(xt::sum(ch3::forward(X, W1, Matrix(w)).f)()); };
    const auto sum_f_W1 = [&](const xt::xarray<double>& w) { return double(xt::sum(ch3::forward(X, Matrix(w), W2).f)()); };
    const double e2 = fd_error(sum_f_W2, W2, ref_dW2(r.a2, s3));
    const double e1 = fd_error(sum_f_W1, W1, ref_dW1(X, times(matmul(s3, transpose(W2)), map_fn(r.Z2, sig_prime))));
    BOOST_TEST(e2 < 1e-7, wb::test::current_exercise() << ": d(sum f)/dW2 by central differences of your forward() vs "
                                                          "a2^T sigma'(Z3): relative error " << e2 << " (tolerance 1e-7; " << kFdWhy << ")");
    BOOST_TEST(e1 < 1e-7, wb::test::current_exercise() << ": d(sum f)/dW1 by central differences of your forward() vs "
                                                          "X^T ((sigma'(Z3) W2^T) .* sigma'(Z2)): relative error " << e1
                                                       << " (tolerance 1e-7; " << kFdWhy << ")");
}

WB_TEST_CASE(other_sizes) {
    // N = 5 samples, D = 2 inputs, H = 4 hidden units (wb::Rng seed 3003): shapes follow the inputs.
    const Case c = random_case();
    const ch3::Forward fw = ch3::forward(c.X, c.W1, c.W2);
    const ch3::Forward r = ref_forward(c.X, c.W1, c.W2);
    check_close("Z2", fw.Z2, r.Z2, rel_tol(1e-12, "a few roundings"), "samples x hidden");
    check_close("a2", fw.a2, r.a2, rel_tol(1e-12, "a few roundings"), "samples x hidden");
    check_close("Z3", fw.Z3, r.Z3, rel_tol(1e-12, "a few roundings"), "samples x outputs");
    check_close("f", fw.f, r.f, rel_tol(1e-12, "a few roundings"), "samples x outputs",
                {{"Z3: an identity output unit where the seed's sigmoid is due", r.Z3}});
}

WB_TEST_CASE(transposed_W1_names_both_shapes) {
    expect_shape_error("forward(X 4x2, W1 3x2, W2 3x1)", [] { ch3::forward(X_expense(), transpose(W1_doc()), W2_doc()); },
                       {"2x3", "3x2"}, "call the given check_network(X, W1, W2) first");
}

WB_TEST_CASE(transposed_W2_names_both_shapes) {
    expect_shape_error("forward(X 4x2, W1 2x3, W2 1x3)", [] { ch3::forward(X_expense(), W1_doc(), transpose(W2_doc())); },
                       {"3x1", "1x3"}, "call the given check_network(X, W1, W2) first");
}

BOOST_AUTO_TEST_SUITE_END()

// ---------------------------------------------------------------------------------------------
BOOST_AUTO_TEST_SUITE(ex3_2_loss)

WB_TEST_CASE(hand_worked) {
    // f = 1/2 for every sample, t = [1, 0.4, 0.5, 0.6]: L = 1/2 (0.25 + 0.01 + 0 + 0.01) = 0.135.
    const Matrix f = xt::ones<double>({4, 1}) * 0.5;
    check_close("L", ch3::loss(f, t_expense()), 0.135, abs_tol(1e-15, "a few roundings of 0.1^2"),
                {{"sum (f - t)^2 without the 1/2", xt::xarray<double>(0.27)},
                 {"1/(2N) sum (f - t)^2: chapter 2's (seed 001's) 1/N where seed 000 has none", xt::xarray<double>(0.03375)},
                 {"1/2 sum (f - t), not squared", xt::xarray<double>(-0.25)}});
}

WB_TEST_CASE(reference_values) {
    // f of exercise 3.1's reference case; numpy: 0.5 * np.sum((f - t)**2).
    const Matrix f = ref_forward(X_expense(), W1_doc(), W2_doc()).f;
    const double L = 0.09120425587787925;
    check_close("L", ch3::loss(f, t_expense()), L, rel_tol(1e-12, kLiteral),
                {{"sum (f - t)^2 without the 1/2", xt::xarray<double>(2 * L)},
                 {"1/(2N) sum (f - t)^2: chapter 2's 1/N where seed 000 has none", xt::xarray<double>(L / 4)},
                 {"1/N sum (f - t)^2: a mean without the 1/2", xt::xarray<double>(L / 2)}});
}

WB_TEST_CASE(finite_differences) {
    // dL/df = f - t: the student's loss differentiated numerically must give it.
    const Matrix t = t_expense();
    const Matrix f = ref_forward(X_expense(), W1_doc(), W2_doc()).f;
    const double err = fd_error([&](const xt::xarray<double>& v) { return ch3::loss(Matrix(v), t); }, f, minus(f, t));
    BOOST_TEST(err < 1e-7, wb::test::current_exercise() << ": dL/df by central differences vs f - t: relative error " << err
                                                       << " (tolerance 1e-7; " << kFdWhy << ")");
}

WB_TEST_CASE(zero_for_a_perfect_fit) {
    check_close("L(f = t)", ch3::loss(t_expense(), t_expense()), 0.0, abs_tol(1e-300, "exactly 0"));
}

WB_TEST_CASE(targets_as_a_row_name_both_shapes) {
    // t given as 1 x 4: f - t would broadcast to 4 x 4 and sum 16 terms without a word.
    expect_shape_error("loss(f 4x1, t 1x4)", [] { ch3::loss(xt::ones<double>({4, 1}) * 0.5, transpose(t_expense())); },
                       {"4x1", "1x4"}, "call the given check_targets(f, t) first");
}

BOOST_AUTO_TEST_SUITE_END()

// ---------------------------------------------------------------------------------------------
BOOST_AUTO_TEST_SUITE(ex3_3_delta3)

WB_TEST_CASE(hand_worked) {
    // f = 1/2 and Z3 = 0 (the hand network): delta3 = (1/2 - t) * 1/4 = [-0.125, 0.025, 0, -0.025].
    const ch3::Forward fw = ref_forward(X_expense(), W1_hand(), W2_hand());
    const Matrix t = t_expense();
    check_close("delta3", ch3::delta3(fw, t), Matrix{{-0.125}, {0.025}, {0.0}, {-0.025}}, abs_tol(1e-15, "a few roundings"),
                "samples x outputs",
                {{"sigma(Z3) = f where sigma'(Z3) is due", ref_delta3(fw, t, D3::SigmaForSigmaPrime)},
                 {"sigma'(f) (sigma' of the activation) where sigma'(Z3) is due", ref_delta3(fw, t, D3::SigmaPrimeOfF)},
                 {"(f - t) alone: no sigma' (seed 000's delta3 for the classification loss, not this one)",
                  ref_delta3(fw, t, D3::NoSigmaPrime)}});
}

WB_TEST_CASE(reference_values) {
    // numpy: (f - t) * f * (1 - f) for exercise 3.1's reference case.
    const ch3::Forward fw = ref_forward(X_expense(), W1_doc(), W2_doc());
    const Matrix t = t_expense();
    const Matrix expected{{-0.0766621469109909}, {0.04905792329550225}, {0.03242619421790444}, {0.01419281893732432}};
    check_close("delta3", ch3::delta3(fw, t), expected, rel_tol(1e-12, kLiteral), "samples x outputs",
                {{"sigma(Z3) = f where sigma'(Z3) is due", ref_delta3(fw, t, D3::SigmaForSigmaPrime)},
                 {"sigma'(f) (sigma' of the activation) where sigma'(Z3) is due", ref_delta3(fw, t, D3::SigmaPrimeOfF)},
                 {"(f - t) alone: no sigma' (seed 000's delta3 for the classification loss, not this one)",
                  ref_delta3(fw, t, D3::NoSigmaPrime)}});
}

WB_TEST_CASE(finite_differences) {
    // delta3 = dL/dZ3: central differences of L(Z3) = 1/2 sum (sigma(Z3) - t)^2.
    const ch3::Forward fw = ref_forward(X_expense(), W1_doc(), W2_doc());
    const Matrix t = t_expense();
    const auto L = [&](const xt::xarray<double>& z3) { return ref_loss(map_fn(Matrix(z3), sig), t); };
    const double err = fd_error(L, fw.Z3, ch3::delta3(fw, t));
    BOOST_TEST(err < 1e-7, wb::test::current_exercise() << ": delta3 vs central differences of L with respect to Z3: relative error "
                                                       << err << " (tolerance 1e-7; " << kFdWhy << ")");
}

WB_TEST_CASE(targets_as_a_row_name_both_shapes) {
    expect_shape_error("delta3(f 4x1, t 1x4)",
                       [] { ch3::delta3(ref_forward(X_expense(), W1_doc(), W2_doc()), transpose(t_expense())); }, {"4x1", "1x4"},
                       "call the given check_targets(fw.f, t) first");
}

BOOST_AUTO_TEST_SUITE_END()

// ---------------------------------------------------------------------------------------------
BOOST_AUTO_TEST_SUITE(ex3_4_dW2)

WB_TEST_CASE(hand_worked) {
    // a2 = 1/2 everywhere, delta3 = [-0.125, 0.025, 0, -0.025]: every row of a2^T delta3 is
    // 1/2 (-0.125 + 0.025 + 0 - 0.025) = -0.0625.
    const ch3::Forward fw = ref_forward(X_expense(), W1_hand(), W2_hand());
    const Matrix d3 = ref_delta3(fw, t_expense());
    check_close("dW2", ch3::dW2(fw, d3), Matrix{{-0.0625}, {-0.0625}, {-0.0625}}, abs_tol(1e-15, "a few roundings"),
                "hidden x outputs", {{"Z2^T delta3 (the pre-activation where the activation a2 is due)", xt::zeros<double>({3, 1})}});
}

WB_TEST_CASE(reference_values) {
    // numpy: a2.T @ delta3 for exercise 3.1's reference case.
    const ch3::Forward fw = ref_forward(X_expense(), W1_doc(), W2_doc());
    const Matrix d3 = ref_delta3(fw, t_expense());
    const Matrix expected{{0.00520736335361805}, {0.01214876986957566}, {0.00209512637670005}};
    check_close("dW2", ch3::dW2(fw, d3), expected, rel_tol(1e-11, "numpy float64; sums over 4 samples of mixed sign"),
                "hidden x outputs",
                {{"Z2^T delta3 (the pre-activation where the activation a2 is due)", ref_dW2(fw.Z2, d3)},
                 {"sigma'(Z2)^T delta3 (the slope where the activation a2 is due)", ref_dW2(map_fn(fw.Z2, sig_prime), d3)}});
}

WB_TEST_CASE(finite_differences) {
    // Central differences of the test's own L(W2) = 1/2 sum (f - t)^2.
    const Matrix X = X_expense(), t = t_expense(), W1 = W1_doc(), W2 = W2_doc();
    const ch3::Forward fw = ref_forward(X, W1, W2);
    const auto L = [&](const xt::xarray<double>& w) { return ref_L(X, t, W1, Matrix(w)); };
    const double err = fd_error(L, W2, ch3::dW2(fw, ref_delta3(fw, t)));
    BOOST_TEST(err < 1e-7, wb::test::current_exercise() << ": dW2 vs central differences of L with respect to W2: relative error "
                                                       << err << " (tolerance 1e-7; " << kFdWhy << ")");
}

WB_TEST_CASE(equals_the_per_sample_sum) {
    // Seed 000, "We add them together": dL/dW2 = sum_n (f_n - t_n) sigma'(z3_n) a2_n^T. The given
    // ch3::per_sample_gradients loops over the samples; the matrix form must give the same numbers.
    const Matrix X = X_expense(), t = t_expense(), W1 = W1_doc(), W2 = W2_doc();
    const ch3::Forward fw = ref_forward(X, W1, W2);
    check_close("dW2", ch3::dW2(fw, ref_delta3(fw, t)), ch3::per_sample_gradients(X, t, W1, W2).dW2,
                rel_tol(1e-12, "the same sum in another order"), "hidden x outputs");
}

WB_TEST_CASE(other_sizes) {
    // H = 4 hidden units, N = 5: dW2 is 4 x 1; delta3^T a2 would be 1 x 4.
    const Case c = random_case();
    const ch3::Forward fw = ref_forward(c.X, c.W1, c.W2);
    const Matrix d3 = ref_delta3(fw, c.t);
    check_close("dW2", ch3::dW2(fw, d3), ref_dW2(fw.a2, d3), rel_tol(1e-12, "a few roundings"), "hidden x outputs",
                {{"Z2^T delta3 (the pre-activation where the activation a2 is due)", ref_dW2(fw.Z2, d3)}});
}

WB_TEST_CASE(networks_of_other_sizes) {
    // Four networks whose sizes and weights come from wb::Rng (seeds printed): the test's own a2^T delta3.
    for (const std::uint64_t seed : kSeededCases) {
        const Case c = seeded_case(seed);
        const ch3::Forward fw = ref_forward(c.X, c.W1, c.W2);
        const Matrix d3 = ref_delta3(fw, c.t);
        check_close("dW2, " + case_tag(c, seed), ch3::dW2(fw, d3), ref_dW2(fw.a2, d3), abs_tol(1e-13, "a few roundings"),
                    "hidden x outputs", {{"Z2^T delta3 (the pre-activation where the activation a2 is due)", ref_dW2(fw.Z2, d3)}});
    }
}

WB_TEST_CASE(finite_differences_on_other_networks) {
    // dL/dW2 of the test's own loss by central differences, on the same four networks.
    for (const std::uint64_t seed : kSeededCases) {
        const Case c = seeded_case(seed);
        const ch3::Forward fw = ref_forward(c.X, c.W1, c.W2);
        const auto L = [&](const xt::xarray<double>& W2) { return ref_L(c.X, c.t, c.W1, Matrix(W2)); };
        const double err = fd_error(L, c.W2, ch3::dW2(fw, ref_delta3(fw, c.t)));
        BOOST_TEST(err < 1e-7, wb::test::current_exercise() << ": dW2 vs central differences, " << case_tag(c, seed)
                                                           << ": relative error " << err << " (tolerance 1e-7; " << kFdWhy << ")");
    }
}

BOOST_AUTO_TEST_SUITE_END()

// ---------------------------------------------------------------------------------------------
BOOST_AUTO_TEST_SUITE(ex3_5_delta2)

WB_TEST_CASE(hand_worked) {
    // delta3 = [-0.125, 0.025, 0, -0.025], W2^T = [1, -2, 1], sigma'(Z2) = 1/4:
    // row n of delta2 is delta3_n [1, -2, 1] / 4.
    const ch3::Forward fw = ref_forward(X_expense(), W1_hand(), W2_hand());
    const Matrix d3 = ref_delta3(fw, t_expense()), W2 = W2_hand();
    const Matrix expected{{-0.03125, 0.0625, -0.03125}, {0.00625, -0.0125, 0.00625}, {0, 0, 0}, {-0.00625, 0.0125, -0.00625}};
    check_close("delta2", ch3::delta2(fw, d3, W2), expected, abs_tol(1e-15, "a few roundings"), "samples x hidden",
                {{"sigma(Z2) = a2 where sigma'(Z2) is due", ref_delta2(fw, d3, W2, D2::SigmaForSigmaPrime)},
                 {"sigma'(a2) (sigma' of the activation) where sigma'(Z2) is due", ref_delta2(fw, d3, W2, D2::SigmaPrimeOfA2)},
                 {"delta3 W2^T without sigma'(Z2)", ref_delta2(fw, d3, W2, D2::NoSigmaPrime)}});
}

WB_TEST_CASE(reference_values) {
    // numpy: (delta3 @ W2.T) * a2 * (1 - a2) for exercise 3.1's reference case.
    const ch3::Forward fw = ref_forward(X_expense(), W1_doc(), W2_doc());
    const Matrix d3 = ref_delta3(fw, t_expense()), W2 = W2_doc();
    const Matrix expected{{-0.010282884105419, 0.00935256989000586, -0.01640440108270025},
                          {0.00716774339483452, -0.00557032372104278, 0.01092838413461763},
                          {0.00472602615490429, -0.00402581137682236, 0.00720832066091005},
                          {0.00203561035758705, -0.00177299401502831, 0.00300182862318867}};
    check_close("delta2", ch3::delta2(fw, d3, W2), expected, rel_tol(1e-11, kLiteral), "samples x hidden",
                {{"sigma(Z2) = a2 where sigma'(Z2) is due", ref_delta2(fw, d3, W2, D2::SigmaForSigmaPrime)},
                 {"sigma'(a2) (sigma' of the activation) where sigma'(Z2) is due", ref_delta2(fw, d3, W2, D2::SigmaPrimeOfA2)},
                 {"sigma'(Z3), the output layer's slope, where the hidden layer's sigma'(Z2) is due",
                  ref_delta2(fw, d3, W2, D2::SlopeOfLayer3)},
                 {"delta3 W2^T without sigma'(Z2)", ref_delta2(fw, d3, W2, D2::NoSigmaPrime)}});
}

WB_TEST_CASE(finite_differences) {
    // delta2 = dL/dZ2: central differences of L(Z2) = 1/2 sum (sigma(sigma(Z2) W2) - t)^2.
    const ch3::Forward fw = ref_forward(X_expense(), W1_doc(), W2_doc());
    const Matrix t = t_expense(), W2 = W2_doc();
    const auto L = [&](const xt::xarray<double>& z2) { return ref_loss(map_fn(matmul(map_fn(Matrix(z2), sig), W2), sig), t); };
    const double err = fd_error(L, fw.Z2, ch3::delta2(fw, ref_delta3(fw, t), W2));
    BOOST_TEST(err < 1e-7, wb::test::current_exercise() << ": delta2 vs central differences of L with respect to Z2: relative error "
                                                       << err << " (tolerance 1e-7; " << kFdWhy << ")");
}

WB_TEST_CASE(other_sizes) {
    // N = 5, H = 4: delta2 is 5 x 4 (samples x hidden).
    const Case c = random_case();
    const ch3::Forward fw = ref_forward(c.X, c.W1, c.W2);
    const Matrix d3 = ref_delta3(fw, c.t);
    check_close("delta2", ch3::delta2(fw, d3, c.W2), ref_delta2(fw, d3, c.W2), rel_tol(1e-12, "a few roundings"), "samples x hidden",
                {{"sigma'(a2) (sigma' of the activation) where sigma'(Z2) is due", ref_delta2(fw, d3, c.W2, D2::SigmaPrimeOfA2)},
                 {"sigma'(Z3), the output layer's slope, where the hidden layer's sigma'(Z2) is due",
                  ref_delta2(fw, d3, c.W2, D2::SlopeOfLayer3)}});
}

BOOST_AUTO_TEST_SUITE_END()

// ---------------------------------------------------------------------------------------------
BOOST_AUTO_TEST_SUITE(ex3_6_dW1)

WB_TEST_CASE(hand_worked) {
    // X^T delta2 with delta2 of exercise 3.5's hand case. Column 0: x1 . [-0.03125, 0.00625, 0,
    // -0.00625] = -0.03125 + 0.0015625 - 0.0046875 = -0.034375; x2 . (same) = -0.02734375 +
    // 0.00625 - 0.0015625 = -0.02265625. Column 1 is -2 x column 0, column 2 equals column 0.
    const Matrix X = X_expense();
    const ch3::Forward fw = ref_forward(X, W1_hand(), W2_hand());
    const Matrix d2 = ref_delta2(fw, ref_delta3(fw, t_expense()), W2_hand());
    const Matrix expected{{-0.034375, 0.06875, -0.034375}, {-0.02265625, 0.0453125, -0.02265625}};
    check_close("dW1", ch3::dW1(X, d2), expected, abs_tol(1e-15, "a few roundings"), "inputs x hidden",
                {{"X^T delta2 / N (a mean; L has no 1/N)", scaled(expected, 0.25)}});
}

WB_TEST_CASE(reference_values) {
    // numpy: X.T @ delta2 for exercise 3.1's reference case. (Seed 000 prints a 2x3 dl_dw1 of the
    // same order of magnitude for weights it does not give; see the top of this file.)
    const Matrix X = X_expense();
    const ch3::Forward fw = ref_forward(X, W1_doc(), W2_doc());
    const Matrix d2 = ref_delta2(fw, ref_delta3(fw, t_expense()), W2_doc());
    const Matrix expected{{-0.00460122741106794, 0.00461733776006275, -0.00781677325119931},
                          {0.00080583416169659, 0.00035831130938521, 0.0005687346404616}};
    check_close("dW1", ch3::dW1(X, d2), expected, abs_tol(1e-15, "numpy float64; sums of mixed sign cancel in the small entries, so absolute"),
                "inputs x hidden", {{"X^T delta2 / N (a mean; L has no 1/N)", scaled(expected, 0.25)}});
}

WB_TEST_CASE(finite_differences) {
    // Central differences of the test's own L(W1) = 1/2 sum (f - t)^2.
    const Matrix X = X_expense(), t = t_expense(), W1 = W1_doc(), W2 = W2_doc();
    const ch3::Forward fw = ref_forward(X, W1, W2);
    const Matrix d2 = ref_delta2(fw, ref_delta3(fw, t), W2);
    const auto L = [&](const xt::xarray<double>& w) { return ref_L(X, t, Matrix(w), W2); };
    const double err = fd_error(L, W1, ch3::dW1(X, d2));
    BOOST_TEST(err < 1e-7, wb::test::current_exercise() << ": dW1 vs central differences of L with respect to W1: relative error "
                                                       << err << " (tolerance 1e-7; " << kFdWhy << ")");
}

WB_TEST_CASE(equals_the_per_sample_sum) {
    // Seed 000, "For one data": dL/dW1 = x_n^T ((delta3_n W2^T) .* sigma'(z2_n)), summed over n by
    // the given ch3::per_sample_gradients; the matrix form X^T delta2 must give the same numbers.
    const Matrix X = X_expense(), t = t_expense(), W1 = W1_doc(), W2 = W2_doc();
    const ch3::Forward fw = ref_forward(X, W1, W2);
    const Matrix d2 = ref_delta2(fw, ref_delta3(fw, t), W2);
    check_close("dW1", ch3::dW1(X, d2), ch3::per_sample_gradients(X, t, W1, W2).dW1, abs_tol(1e-15, "the same sum in another order; small entries, so absolute"),
                "inputs x hidden");
}

WB_TEST_CASE(other_sizes) {
    // D = 2, H = 4: dW1 is 2 x 4 (inputs x hidden); delta2^T X would be 4 x 2.
    const Case c = random_case();
    const ch3::Forward fw = ref_forward(c.X, c.W1, c.W2);
    const Matrix d2 = ref_delta2(fw, ref_delta3(fw, c.t), c.W2);
    check_close("dW1", ch3::dW1(c.X, d2), ref_dW1(c.X, d2), rel_tol(1e-12, "a few roundings"), "inputs x hidden");
}

WB_TEST_CASE(networks_of_other_sizes) {
    // Four networks whose sizes and weights come from wb::Rng (seeds printed): the test's own X^T delta2.
    for (const std::uint64_t seed : kSeededCases) {
        const Case c = seeded_case(seed);
        const ch3::Forward fw = ref_forward(c.X, c.W1, c.W2);
        const Matrix d2 = ref_delta2(fw, ref_delta3(fw, c.t), c.W2);
        check_close("dW1, " + case_tag(c, seed), ch3::dW1(c.X, d2), ref_dW1(c.X, d2), abs_tol(1e-13, "a few roundings"),
                    "inputs x hidden");
    }
}

WB_TEST_CASE(finite_differences_on_other_networks) {
    // dL/dW1 of the test's own loss by central differences, on the same four networks.
    for (const std::uint64_t seed : kSeededCases) {
        const Case c = seeded_case(seed);
        const ch3::Forward fw = ref_forward(c.X, c.W1, c.W2);
        const auto L = [&](const xt::xarray<double>& W1) { return ref_L(c.X, c.t, Matrix(W1), c.W2); };
        const double err = fd_error(L, c.W1, ch3::dW1(c.X, ref_delta2(fw, ref_delta3(fw, c.t), c.W2)));
        BOOST_TEST(err < 1e-7, wb::test::current_exercise() << ": dW1 vs central differences, " << case_tag(c, seed)
                                                           << ": relative error " << err << " (tolerance 1e-7; " << kFdWhy << ")");
    }
}

BOOST_AUTO_TEST_SUITE_END()

// ---------------------------------------------------------------------------------------------
BOOST_AUTO_TEST_SUITE(ex3_7_train)

WB_TEST_CASE(zero_iterations) {
    // No step: the weights come back unchanged with the one loss L(W1, W2) = 0.0912... (3.2).
    const Matrix X = X_expense(), t = t_expense();
    const ch3::Training r = ch3::train(X, t, W1_doc(), W2_doc(), 2.0, 0);
    const ch3::Training one = ref_train(X, t, W1_doc(), W2_doc(), 2.0, 1);
    check_close("W1 after 0 iterations", r.W1, W1_doc(), abs_tol(1e-300, "unchanged"), "inputs x hidden",
                {{"one step taken although iterations = 0", one.W1}});
    check_close("W2 after 0 iterations", r.W2, W2_doc(), abs_tol(1e-300, "unchanged"), "hidden x outputs");
    check_close("losses", r.losses, Vector{0.09120425587787925}, rel_tol(1e-12, kLiteral), "iterations + 1",
                {{"the loss recorded after a step instead of before it", Vector{one.losses(1)}}});
}

WB_TEST_CASE(one_iteration_by_hand) {
    // The hand network, eta = 1: W1 <- 0 - dW1 (exercise 3.6's hand case), W2 <- [1, -2, 1] -
    // (-0.0625) = [1.0625, -1.9375, 1.0625]; losses(0) = 0.135 (exercise 3.2's hand case).
    const Matrix X = X_expense(), t = t_expense();
    const ch3::Training r = ch3::train(X, t, W1_hand(), W2_hand(), 1.0, 1);
    const ch3::Training up = ref_train(X, t, W1_hand(), W2_hand(), 1.0, 1, Train::Ascent);
    const ch3::Training seq = ref_train(X, t, W1_hand(), W2_hand(), 1.0, 1, Train::Sequential);
    check_close("W1 after 1 iteration", r.W1, Matrix{{0.034375, -0.06875, 0.034375}, {0.02265625, -0.0453125, 0.02265625}},
                abs_tol(1e-15, "a few roundings"), "inputs x hidden",
                {{"W1 + eta dL/dW1 (uphill)", up.W1},
                 {"W2 updated first and dW1 computed with the new W2 (update all weights at once)", seq.W1}});
    check_close("W2 after 1 iteration", r.W2, Matrix{{1.0625}, {-1.9375}, {1.0625}}, abs_tol(1e-15, "a few roundings"),
                "hidden x outputs", {{"W2 + eta dL/dW2 (uphill)", up.W2}});
    check_close("losses", r.losses, Vector{0.135, ref_L(X, t, r.W1, r.W2)}, rel_tol(1e-13, "a few roundings"), "iterations + 1");
}

WB_TEST_CASE(reference_run) {
    // The expense table from the chapter's weights, eta = 2, 200 iterations. numpy gives the
    // weights and the loss below; the whole loss curve is compared with the test's own loop
    // (200 steps: the rounding of each step adds up, hence 1e-10).
    const Matrix X = X_expense(), t = t_expense();
    const ch3::Training r = ch3::train(X, t, W1_doc(), W2_doc(), 2.0, 200);
    const ch3::Training ref = ref_train(X, t, W1_doc(), W2_doc(), 2.0, 200);
    const ch3::Training up = ref_train(X, t, W1_doc(), W2_doc(), 2.0, 200, Train::Ascent);
    const ch3::Training seq = ref_train(X, t, W1_doc(), W2_doc(), 2.0, 200, Train::Sequential);
    const ch3::Training more = ref_train(X, t, W1_doc(), W2_doc(), 2.0, 201);
    const auto tol = rel_tol(1e-10, "numpy float64 after 200 steps");
    check_close("W1 after 200 iterations", r.W1,
                Matrix{{1.1462308753990578, -1.9135969413425753, 1.9841662254627663},
                       {0.3942495516207559, 0.03485699482459783, -0.23203118576661713}},
                tol, "inputs x hidden",
                {{"W1 + eta dL/dW1 (uphill)", up.W1},
                 {"W2 updated first and dW1 computed with the new W2 (update all weights at once)", seq.W1},
                 {"one step too many (201)", more.W1}});
    check_close("W2 after 200 iterations", r.W2, Matrix{{0.6671243553107898}, {-4.063314630875849}, {1.4319378459673997}}, tol,
                "hidden x outputs",
                {{"W2 + eta dL/dW2 (uphill)", up.W2},
                 {"W2 updated first and dW1 computed with the new W2 (update all weights at once)", seq.W2},
                 {"one step too many (201)", more.W2}});
    check_close("losses", r.losses, ref.losses, rel_tol(1e-10, "the same steps, rounded in another order"), "iterations + 1",
                {{"W + eta dL/dW (uphill)", up.losses},
                 {"W2 updated first and dW1 computed with the new W2 (update all weights at once)", seq.losses},
                 {"the loss recorded after each step instead of before it", Vector(xt::view(more.losses, xt::range(1, 202)))}});
    check_close("L after 200 iterations", r.losses(200), 0.033939664319861305, tol,
                {{"W + eta dL/dW (uphill)", xt::xarray<double>(up.losses(200))},
                 {"W2 updated first and dW1 computed with the new W2", xt::xarray<double>(seq.losses(200))},
                 {"one step too many (201)", xt::xarray<double>(more.losses(201))}});
}

WB_TEST_CASE(loss_goes_down) {
    // eta = 2 on the 4 samples: the loss falls at every one of 2000 iterations (numpy: 0.0912 ->
    // 0.00309) and the fit is close: every |f - t| < 0.1.
    const Matrix X = X_expense(), t = t_expense();
    const ch3::Training r = ch3::train(X, t, W1_doc(), W2_doc(), 2.0, 2000);
    BOOST_TEST_REQUIRE(r.losses.size() == 2001u, wb::test::current_exercise() << ": losses should have iterations + 1 = 2001 entries, got "
                                                                            << r.losses.size());
    for (std::size_t k = 0; k < 2000; ++k)
        if (!(r.losses(k + 1) < r.losses(k))) {
            BOOST_TEST(false, wb::test::current_exercise() << ": the loss should fall at every iteration with eta = 2, but L(" << k + 1
                                                           << ") = " << r.losses(k + 1) << " >= L(" << k << ") = " << r.losses(k));
            break;
        }
    BOOST_TEST(r.losses(2000) < 0.004, wb::test::current_exercise() << ": L after 2000 iterations should be about 0.00309, got "
                                                                   << r.losses(2000));
    const Matrix f = ref_forward(X, r.W1, r.W2).f;
    for (std::size_t n = 0; n < 4; ++n)
        BOOST_TEST(std::abs(f(n, 0) - t(n, 0)) < 0.1, wb::test::current_exercise() << ": after training, sample " << n << " has f = "
                                                                                   << f(n, 0) << " for the target " << t(n, 0));
}

WB_TEST_CASE(transposed_W1_names_both_shapes) {
    expect_shape_error("train(X 4x2, W1 3x2, W2 3x1)",
                       [] { ch3::train(X_expense(), t_expense(), transpose(W1_doc()), W2_doc(), 1.0, 3); }, {"2x3", "3x2"},
                       "call the given check_network(X, W1, W2) first");
}

BOOST_AUTO_TEST_SUITE_END()

// ---------------------------------------------------------------------------------------------
BOOST_AUTO_TEST_SUITE(ex3_8_brute_force_seconds)

WB_TEST_CASE(hand_worked) {
    // 2 parameters, 10 values each: 10 x 10 = 100 trials of 1 s.
    check_close("seconds", ch3::brute_force_seconds(2, 10.0, 1.0), 100.0, rel_tol(1e-15, "exact"),
                {{"10 x 2 = 20 trials: the grids added instead of multiplied", xt::xarray<double>(20.0)},
                 {"2^10 trials: grid_points and parameters swapped", xt::xarray<double>(1024.0)}});
}

WB_TEST_CASE(the_seeds_table) {
    // Seed 000, "Dimensionality": 1000 values per parameter, 0.05 s per 1000 trials (5e-5 s a
    // trial): 1 parameter 0.05 s; 2 parameters 1 million trials, 50 s; 3 parameters 1 billion
    // trials, (1,000,000 x 0.05) / (60 x 60) = 13.89 hours (two decimals in the document).
    const double per_trial = 0.05 / 1000;
    check_close("seconds for 1 parameter", ch3::brute_force_seconds(1, 1000, per_trial), 0.05, rel_tol(1e-12, "exact up to rounding"),
                {{"0.05 s per trial instead of per 1000 trials", xt::xarray<double>(50.0)}});
    check_close("seconds for 2 parameters", ch3::brute_force_seconds(2, 1000, per_trial), 50.0, rel_tol(1e-12, "exact up to rounding"),
                {{"1000 x 2 trials: the grids added instead of multiplied", xt::xarray<double>(0.1)},
                 {"0.05 s per trial instead of per 1000 trials", xt::xarray<double>(50000.0)}});
    check_close("hours for 3 parameters", ch3::brute_force_seconds(3, 1000, per_trial) / 3600, 13.89,
                abs_tol(0.005, "the document prints the hours to two decimals"),
                {{"1000 x 3 trials: the grids added instead of multiplied", xt::xarray<double>(0.15 / 3600)}});
}

WB_TEST_CASE(nine_parameters) {
    // The document's question, for the 9 weights of W1 (2x3) and W2 (3x1): 1000^9 = 1e27 trials
    // x 5e-5 s = 5e22 s, about 1.6e15 years.
    check_close("seconds for 9 parameters", ch3::brute_force_seconds(9, 1000, 0.05 / 1000), 5e22,
                rel_tol(1e-12, "a few roundings of 1000^9"),
                {{"1000 x 9 trials: the grids added instead of multiplied", xt::xarray<double>(0.45)}});
}

WB_TEST_CASE(no_parameters_is_one_trial) {
    // A grid in 0 dimensions has one point: the one loss evaluation.
    check_close("seconds for 0 parameters", ch3::brute_force_seconds(0, 1000, 0.25), 0.25, rel_tol(1e-15, "exact"),
                {{"1000 x 0 = 0 trials: the grids added instead of multiplied", xt::xarray<double>(0.0)}});
}

BOOST_AUTO_TEST_SUITE_END()
