// Chapter 5 suite: the tanh network of seed 004 (column layout, bias units, tanh at every layer,
// e = (x(L) - y)^2), its sensitivities, gradients, batch gradient and batch gradient descent.
//
// Where the expected numbers come from:
// - seed 004's worked example (x = 2, y = 1, W(1) = [[0.1, 0.2], [0.3, 0.4]], W(2) = [0.2, 1, -3]^T,
//   W(3) = [1, 2]^T), twice:
//   * exactly: the constants marked "exact" are seed 004 worked example, exact recomputation
//     (docs/numbers.md), copied here as literals. docs/numbers.md gives 10 decimals, so
//     they carry a rounding error of at most 5e-11: the tolerance is 1e-9;
//   * as the document prints them: two decimals, rounded as it goes (delta(3) to three). The
//     tolerance of each says which rounding it allows; the exact values lie within all of them;
// - small cases worked by hand (written out next to each case);
// - the 3-point batch of exercise 5.6: computed offline with /usr/bin/python3 and numpy 1.24
//   (float64, the seed's formulas written with numpy's @ and np.outer), printed with repr();
// - central finite differences of an error the test computes itself;
// - references computed here, in the anonymous namespace (the student's code cannot link to
//   them), on inputs from wb::Rng with fixed seeds.
// Every exercise is fed reference inputs (a reference forward pass, reference sensitivities),
// never the student's earlier exercises, except where the statement asks to use them (5.4 uses
// 5.2 and 5.3; 5.6 and 5.7 the whole chain).
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

#include "reference.hpp"  // the test's own references and data (shared with the hidden cases)

// ---------------------------------------------------------------------------------------------
BOOST_AUTO_TEST_SUITE(ex5_1_forward)

WB_TEST_CASE(seed_004_example_exact) {
    const ch5::Forward fw = ch5::forward(Vector{2.0}, seed_W());
    require_layers("s", fw.s, 4, "no signal into the input layer: s[0] empty");
    BOOST_TEST_REQUIRE(fw.x.size() == 4u, wb::test::current_exercise() << ": x should have 4 entries, x(0) .. x(3), has "
                                                                       << fw.x.size());
    check_close("x(0)", fw.x[0], Vector{1.0, 2.0}, abs_tol(1e-15, "exact"), "1 + d(0): the bias unit 1, then x = 2");
    check_close("s(1)", fw.s[1], kS1, kExact, "d(1) = 2 units",
                {{"W(1) x(0) without the transpose", Vector{0.1 + 0.2 * 2, 0.3 + 0.4 * 2}}});
    check_close("x(1)", fw.x[1], kX1, kExact, "1 + d(1): bias unit first");
    check_close("s(2)", fw.s[2], kS2, kExact, "d(2) = 1 unit");
    check_close("x(2)", fw.x[2], kX2, kExact, "1 + d(2): bias unit first");
    check_close("s(3)", fw.s[3], kS3, kExact, "d(3) = 1 output");
    check_close("x(3)", fw.x[3], kX3, kExact, "one output, no bias unit after it", {{"x(3) = s(3) (tanh left out at the output)", kS3}});
}

WB_TEST_CASE(seed_004_example_as_printed) {
    // The document's forward table: x(0) = [1, 2], s(1) = [0.7, 1], x(1) = [1, 0.6, 0.76],
    // s(2) = -1.48, x(2) = [1, -0.90], s(3) = -0.8, x(3) = -0.66.
    const ch5::Forward fw = ch5::forward(Vector{2.0}, seed_W());
    BOOST_TEST_REQUIRE(fw.x.size() == 4u, wb::test::current_exercise() << ": x should have 4 entries, has " << fw.x.size());
    BOOST_TEST_REQUIRE(fw.s.size() == 4u, wb::test::current_exercise() << ": s should have 4 entries (s[0] empty), has " << fw.s.size());
    check_close("s(1)", fw.s[1], Vector{0.7, 1.0}, kPrinted, "d(1) = 2 units");
    check_close("x(1)", fw.x[1], Vector{1.0, 0.6, 0.76}, kPrinted, "1 + d(1): bias unit first");
    check_close("s(2)", fw.s[2], Vector{-1.48}, kPrinted, "d(2) = 1 unit");
    check_close("x(2)", fw.x[2], Vector{1.0, -0.90}, kPrinted, "1 + d(2): bias unit first");
    check_close("s(3)", fw.s[3], Vector{-0.8}, kPrinted, "d(3) = 1 output");
    check_close("x(3)", fw.x[3], Vector{-0.66}, kPrinted, "one output, no bias unit after it");
}

WB_TEST_CASE(one_layer_by_hand) {
    // L = 1: x = 0.5, W(1) = [0, 2]^T: x(0) = [1, 0.5], s(1) = 0 * 1 + 2 * 0.5 = 1,
    // x(1) = tanh(1) = 0.7615941559557649 (the output: no bias unit).
    const Weights W = {Matrix{}, Matrix{{0.0}, {2.0}}};
    const ch5::Forward fw = ch5::forward(Vector{0.5}, W);
    require_layers("s", fw.s, 2, "no signal into the input layer: s[0] empty");
    BOOST_TEST_REQUIRE(fw.x.size() == 2u, wb::test::current_exercise() << ": x should have 2 entries, has " << fw.x.size());
    check_close("x(0)", fw.x[0], Vector{1.0, 0.5}, abs_tol(1e-15, "exact"), "1 + d(0): the bias unit first",
                {{"x(0) with the bias unit last", Vector{0.5, 1.0}}});
    check_close("s(1)", fw.s[1], Vector{1.0}, abs_tol(1e-15, "exact"), "one output");
    check_close("x(1)", fw.x[1], Vector{0.7615941559557649}, rel_tol(1e-15, "one tanh"), "one output, no bias unit after it",
                {{"x(1) = s(1) (tanh left out)", Vector{1.0}}});
}

WB_TEST_CASE(random_3_4_2_1_network) {
    // d = (3, 4, 2, 1), random weights and input: every s(l), x(l) against the test's loops.
    const Weights W = random_W({3, 4, 2, 1}, 51);
    const Vector x = random_vector(3, 52);
    const ch5::Forward fw = ch5::forward(x, W);
    const ch5::Forward r = ref_forward(x, W);
    require_layers("s", fw.s, 4, "no signal into the input layer: s[0] empty");
    BOOST_TEST_REQUIRE(fw.x.size() == 4u, wb::test::current_exercise() << ": x should have 4 entries, has " << fw.x.size());
    const auto tol = rel_tol(1e-12, "double rounding");
    const std::vector<std::string> units = {"", "d(1) = 4", "d(2) = 2", "d(3) = 1"};
    for (std::size_t l = 0; l <= 3; ++l) {
        if (l > 0) check_close("s(" + std::to_string(l) + ")", fw.s[l], r.s[l], tol, units[l] + " units");
        check_close("x(" + std::to_string(l) + ")", fw.x[l], r.x[l], tol,
                    l < 3 ? "1 + d(" + std::to_string(l) + "): the bias unit first" : "one output, no bias unit");
    }
}

WB_TEST_CASE(wrong_shape_weights_name_both_shapes) {
    // A missing bias row: W(2) written 2x1 instead of (1 + d(1)) x d(2) = 3x1.
    Weights W = seed_W();
    W[2] = Matrix{{1.0}, {-3.0}};
    expect_error<wb::shape_error>("forward with W(2) 2x1", [&] { ch5::forward(Vector{2.0}, W); }, {"W(2) should be 3x1", "got 2x1"},
                                  "wb::shape_error naming both shapes (call check_weights first)");
    // W(1) without the input's bias row: 1x2 instead of 2x2.
    W = seed_W();
    W[1] = Matrix{{0.3, 0.4}};
    expect_error<wb::shape_error>("forward with W(1) 1x2", [&] { ch5::forward(Vector{2.0}, W); }, {"W(1) should be 2x2", "got 1x2"},
                                  "wb::shape_error naming both shapes (call check_weights first)");
}

BOOST_AUTO_TEST_SUITE_END()

// ---------------------------------------------------------------------------------------------
BOOST_AUTO_TEST_SUITE(ex5_2_output_sensitivity)

WB_TEST_CASE(by_hand) {
    // s(L) = 0: x(L) = 0, theta'(0) = 1; y = 0.5: delta(L) = 2 (0 - 0.5) * 1 = -1.
    check_close("delta(L)", ch5::output_sensitivity(Vector{0.0}, Vector{0.0}, 0.5), Vector{-1.0}, abs_tol(1e-15, "exact"),
                "one output", {{"(x(L) - y) theta'(s(L)) (the 2 of e = (x - y)^2 dropped)", Vector{-0.5}}});
}

WB_TEST_CASE(seed_004_example_exact) {
    // delta(3) = 2 (x(3) - y) theta'(s(3)) = 2 (-0.6657614355 - 1)(1 - 0.6657614355^2) = -1.8548643739.
    check_close("delta(3)", ch5::output_sensitivity(kS3, kX3, 1.0), kDelta3, kExact, "one output",
                sensitivity_mistakes(kS3(0), kX3(0), 1.0));
}

WB_TEST_CASE(seed_004_example_as_printed) {
    check_close("delta(3)", ch5::output_sensitivity(kS3, kX3, 1.0), Vector{-1.855}, kPrinted3, "one output",
                sensitivity_mistakes(kS3(0), kX3(0), 1.0));
}

WB_TEST_CASE(finite_differences_of_e) {
    // delta(L) = de/ds(L) for e(s) = (tanh(s) - y)^2, at 7 signals and targets, by central
    // differences (h = 1e-6: error ~1e-10).
    const std::vector<double> ss = {-2.0, -0.8, -0.1, 0.0, 0.3, 1.1, 2.5}, ys = {1.0, -0.5, 0.2, 0.7, -1.0, 0.0, 0.9};
    Vector got = xt::zeros<double>({ss.size()}), want = got, no2 = got;
    for (std::size_t i = 0; i < ss.size(); ++i) {
        const double s = ss[i], y = ys[i], h = 1e-6;
        const Vector d = ch5::output_sensitivity(Vector{s}, Vector{std::tanh(s)}, y);
        BOOST_TEST_REQUIRE(d.size() == 1u, wb::test::current_exercise() << ": delta(L) should be (1,) (one output), got "
                                                                         << wb::shape_str(d.shape()));
        got(i) = d(0);
        want(i) = (std::pow(std::tanh(s + h) - y, 2) - std::pow(std::tanh(s - h) - y, 2)) / (2 * h);
        no2(i) = want(i) / 2;
    }
    check_gradient("delta(L) = de/ds(L) at 7 points", "one value per point", got, want, 1e-7,
                   {{"(x(L) - y) theta'(s(L)) (the 2 of e = (x - y)^2 dropped)", no2}, {"the wrong sign", -want}});
}

BOOST_AUTO_TEST_SUITE_END()

// ---------------------------------------------------------------------------------------------
BOOST_AUTO_TEST_SUITE(ex5_3_backward_step)

WB_TEST_CASE(by_hand) {
    // s(l) = [0, 0] (theta' = 1), W(l+1) = [[5], [2], [3]] (bias row 5 first), delta(l+1) = [0.5]:
    // W(l+1) delta(l+1) = [2.5, 1, 1.5]; without the bias component: [1, 1.5]; times theta' = 1.
    const Vector s = {0.0, 0.0}, dn = {0.5};
    const Matrix Wn = {{5.0}, {2.0}, {3.0}};
    check_close("delta(l)", ch5::backward_step(s, Wn, dn), Vector{1.0, 1.5}, abs_tol(1e-15, "exact"),
                "d(l) = 2 units: the bias component 0 dropped",
                {{"components 0..d(l)-1 kept (the last dropped instead of the bias)", Vector{2.5, 1.0}}});
}

WB_TEST_CASE(seed_004_example_exact) {
    // delta(2) = theta'(s(2)) [W(3) delta(3)]_1 = 0.1872154 * 2 * -1.8548644 = -0.6945184808;
    // delta(1) = theta'(s(1)) (x) [W(2) delta(2)]_(1,2) = [0.6347396 * 1, 0.4199743 * -3] * -0.6945185.
    const Weights W = seed_W();
    const Vector d2 = ch5::backward_step(kS2, W[3], kDelta3);
    check_close("delta(2)", d2, kDelta2, kExact, "d(2) = 1 unit: the bias component dropped", step_mistakes(kS2, W[3], kDelta3));
    const Vector d1 = ch5::backward_step(kS1, W[2], kDelta2);
    check_close("delta(1)", d1, kDelta1, kExact, "d(1) = 2 units: the bias component dropped", step_mistakes(kS1, W[2], kDelta2));
}

WB_TEST_CASE(seed_004_example_as_printed) {
    // The document's backward table: delta(2) = -0.69, delta(1) = [-0.44, 0.88] (the exact
    // 0.87504 rounds up to 0.88: 0.0050 off, within two decimals' 0.005 plus the drift).
    const Weights W = seed_W();
    check_close("delta(2)", ch5::backward_step(kS2, W[3], kDelta3), Vector{-0.69}, kPrinted, "d(2) = 1 unit",
                step_mistakes(kS2, W[3], kDelta3));
    check_close("delta(1)", ch5::backward_step(kS1, W[2], kDelta2), Vector{-0.44, 0.88}, kPrinted, "d(1) = 2 units",
                step_mistakes(kS1, W[2], kDelta2));
}

WB_TEST_CASE(chain_rule_by_finite_differences) {
    // For g(s(l)) = delta(l+1) . s(l+1), with x(l) = [1, tanh(s(l))] and s(l+1) = W(l+1)^T x(l),
    // dg/ds(l) = theta'(s(l)) (x) [W(l+1) delta(l+1)]_(1..d(l)): one backward step is the chain
    // rule. d(l) = 3, d(l+1) = 2, random W(l+1), delta(l+1), s(l).
    wb::Rng rng(53);
    const Matrix Wn = rng.normal_matrix(4, 2);
    const Vector dn = random_vector(2, 54), s = random_vector(3, 55);
    auto g = [&](const xt::xarray<double>& sl) {
        double out = 0;
        for (std::size_t j = 0; j < 2; ++j) {
            double snext = Wn(0, j);
            for (std::size_t i = 0; i < 3; ++i) snext += Wn(i + 1, j) * std::tanh(sl(i));
            out += dn(j) * snext;
        }
        return out;
    };
    const xt::xarray<double> numeric = wb::test::numerical_gradient(g, s);
    check_gradient("delta(l)", "d(l) = 3 units: the bias component dropped", ch5::backward_step(s, Wn, dn), numeric, 1e-7,
                   step_mistakes(s, Wn, dn));
}

BOOST_AUTO_TEST_SUITE_END()

// ---------------------------------------------------------------------------------------------
BOOST_AUTO_TEST_SUITE(ex5_4_sensitivities)

WB_TEST_CASE(seed_004_example_exact) {
    const Weights W = seed_W();
    const ch5::Sensitivities d = ch5::sensitivities(ref_forward(Vector{2.0}, W), W, 1.0);
    require_layers("delta", d, 4, "the input layer has no signal: delta[0] empty");
    check_close("delta(3)", d[3], kDelta3, kExact, "one output", {{"delta(3) without the 2 of e = (x - y)^2", kDelta3 / 2.0}});
    check_close("delta(2)", d[2], kDelta2, kExact, "d(2) = 1 unit", {{"every delta without the 2 of e = (x - y)^2", kDelta2 / 2.0}});
    check_close("delta(1)", d[1], kDelta1, kExact, "d(1) = 2 units", {{"every delta without the 2 of e = (x - y)^2", kDelta1 / 2.0}});
}

WB_TEST_CASE(seed_004_example_as_printed) {
    const Weights W = seed_W();
    const ch5::Sensitivities d = ch5::sensitivities(ref_forward(Vector{2.0}, W), W, 1.0);
    require_layers("delta", d, 4, "the input layer has no signal: delta[0] empty");
    check_close("delta(3)", d[3], Vector{-1.855}, kPrinted3, "one output", {{"delta(3) without the 2 of e = (x - y)^2", kDelta3 / 2.0}});
    check_close("delta(2)", d[2], Vector{-0.69}, kPrinted, "d(2) = 1 unit", {{"every delta without the 2 of e = (x - y)^2", kDelta2 / 2.0}});
    check_close("delta(1)", d[1], Vector{-0.44, 0.88}, kPrinted, "d(1) = 2 units",
                {{"every delta without the 2 of e = (x - y)^2", kDelta1 / 2.0}});
}

WB_TEST_CASE(sensitivities_are_de_ds_by_finite_differences) {
    // delta(l) = de/ds(l): perturb s(l) of a 2-3-2-1 network and propagate forward from there
    // (the test's own loops), for every layer l.
    const Weights W = random_W({2, 3, 2, 1}, 56);
    const Vector x = random_vector(2, 57);
    const double y = 0.3;
    const ch5::Forward fw = ref_forward(x, W);
    const ch5::Sensitivities d = ch5::sensitivities(fw, W, y);
    require_layers("delta", d, 4, "the input layer has no signal: delta[0] empty");
    for (std::size_t l = 1; l <= 3; ++l) {
        auto e_of_s = [&](const xt::xarray<double>& sl) {
            Vector xl = xt::ones<double>({sl.size() + (l < 3 ? 1 : 0)});
            for (std::size_t i = 0; i < sl.size(); ++i) xl(i + (l < 3 ? 1 : 0)) = std::tanh(sl(i));
            for (std::size_t k = l + 1; k <= 3; ++k) {
                Vector sk = xt::zeros<double>({W[k].shape()[1]});
                for (std::size_t j = 0; j < sk.size(); ++j)
                    for (std::size_t i = 0; i < W[k].shape()[0]; ++i) sk(j) += W[k](i, j) * xl(i);
                Vector next = xt::ones<double>({sk.size() + (k < 3 ? 1 : 0)});
                for (std::size_t j = 0; j < sk.size(); ++j) next(j + (k < 3 ? 1 : 0)) = std::tanh(sk(j));
                xl = next;
            }
            return (xl(0) - y) * (xl(0) - y);
        };
        const xt::xarray<double> numeric = wb::test::numerical_gradient(e_of_s, fw.s[l]);
        check_gradient("delta(" + std::to_string(l) + ")", "d(" + std::to_string(l) + ") units", d[l], numeric, 1e-7,
                       {{"every delta without the 2 of e = (x - y)^2", numeric / 2.0}, {"the wrong sign", -numeric}});
    }
}

BOOST_AUTO_TEST_SUITE_END()

// ---------------------------------------------------------------------------------------------
BOOST_AUTO_TEST_SUITE(ex5_5_gradients)

WB_TEST_CASE(by_hand) {
    // One layer: x(0) = [1, 3], delta(1) = [2]: de/dW(1) = x(0) delta(1)^T = [[2], [6]].
    ch5::Forward fw;
    fw.s = {Vector{}, Vector{0.0}};
    fw.x = {Vector{1.0, 3.0}, Vector{0.0}};
    const Weights g = ch5::gradients(fw, {Vector{}, Vector{2.0}});
    require_layers("de/dW", g, 2, "there is no W(0): entry 0 empty");
    check_close("de/dW(1)", g[1], Matrix{{2.0}, {6.0}}, abs_tol(1e-15, "exact"), "(1 + d(0)) x d(1): the bias row first");
}

WB_TEST_CASE(seed_004_example_exact) {
    // de/dW(1) = x(0) delta(1)^T = [1, 2]^T [-0.4408, 0.8750], and so on (docs/numbers.md).
    const Weights W = seed_W();
    const ch5::Forward fw = ref_forward(Vector{2.0}, W);
    const ch5::Sensitivities d = {Vector{}, kDelta1, kDelta2, kDelta3};
    const Weights g = ch5::gradients(fw, d);
    require_layers("de/dW", g, 4, "there is no W(0): entry 0 empty");
    check_close("de/dW(1)", g[1], kdW1, kExact, "(1 + d(0)) x d(1) = 2x2: the bias row first",
                {{"delta(1) x(0)^T (the outer product the wrong way round)", outer(kDelta1, fw.x[0])}});
    check_close("de/dW(2)", g[2], kdW2, kExact, "(1 + d(1)) x d(2) = 3x1: the bias row first");
    check_close("de/dW(3)", g[3], kdW3, kExact, "(1 + d(2)) x d(3) = 2x1: the bias row first");
}

WB_TEST_CASE(seed_004_example_as_printed) {
    // The document: de/dW(1) = [[-0.44, 0.88], [-0.88, 1.75]], de/dW(2) = [-0.69, -0.42, -0.53]^T,
    // de/dW(3) = [-1.85, 1.67]^T.
    const ch5::Forward fw = ref_forward(Vector{2.0}, seed_W());
    const Weights g = ch5::gradients(fw, {Vector{}, kDelta1, kDelta2, kDelta3});
    require_layers("de/dW", g, 4, "there is no W(0): entry 0 empty");
    check_close("de/dW(1)", g[1], Matrix{{-0.44, 0.88}, {-0.88, 1.75}}, kPrinted, "(1 + d(0)) x d(1) = 2x2");
    check_close("de/dW(2)", g[2], Matrix{{-0.69}, {-0.42}, {-0.53}}, kPrinted, "(1 + d(1)) x d(2) = 3x1");
    check_close("de/dW(3)", g[3], Matrix{{-1.85}, {1.67}}, kPrinted, "(1 + d(2)) x d(3) = 2x1");
}

WB_TEST_CASE(finite_differences_on_a_random_network) {
    // A 2-3-2-1 network: x(l-1) delta(l)^T, with the reference sensitivities, against central
    // differences of e(W) = (x(L) - y)^2 for every layer's weights.
    const Weights W = random_W({2, 3, 2, 1}, 58);
    const Vector x = random_vector(2, 59);
    const double y = -0.4;
    const ch5::Forward fw = ref_forward(x, W);
    const ch5::Sensitivities d = ref_sensitivities(fw, W, y);
    const Weights g = ch5::gradients(fw, d);
    require_layers("de/dW", g, 4, "there is no W(0): entry 0 empty");
    for (std::size_t l = 1; l <= 3; ++l) {
        const xt::xarray<double> numeric = wb::test::numerical_gradient(
            [&](const xt::xarray<double>& Wl) {
                Weights V = W;
                V[l] = Wl;
                return ref_error(x, y, V);
            },
            W[l]);
        const std::string name = "de/dW(" + std::to_string(l) + ")";
        std::vector<Mistake> mistakes = {{"the wrong sign", -numeric}};
        if (l < 3) mistakes.push_back({"x(l) delta(l)^T (x from layer l instead of l - 1)", outer(fw.x[l], d[l])});
        check_gradient(name, "(1 + d(" + std::to_string(l - 1) + ")) x d(" + std::to_string(l) + "): the bias row first", g[l],
                       numeric, 1e-6, mistakes);
    }
}

BOOST_AUTO_TEST_SUITE_END()

// ---------------------------------------------------------------------------------------------
BOOST_AUTO_TEST_SUITE(ex5_6_batch_gradient)

WB_TEST_CASE(one_point_is_the_seed_example) {
    // N = 1: E = e = (x(3) - y)^2 = (-0.6657614355 - 1)^2 = 2.774761160, dE/dW = de/dW (docs/numbers.md).
    const Matrix X = {{2.0}};
    const Vector y = {1.0};
    const ch5::Batch b = ch5::batch_gradient(X, y, seed_W());
    check_close("E", b.E, 2.774761159978185, rel_tol(1e-9, "x(3) to 10 decimals (docs/numbers.md)"),
                {{"e with a 1/2 (seed 004's e = (x - y)^2 has none)", xt::xarray<double>(2.774761159978185 / 2)},
                 {"|x(L) - y| (the square left out)", xt::xarray<double>(1.6657614355)}});
    require_layers("dE/dW", b.dW, 4, "there is no W(0): entry 0 empty");
    check_close("dE/dW(1)", b.dW[1], kdW1, kExact, "(1 + d(0)) x d(1) = 2x2");
    check_close("dE/dW(2)", b.dW[2], kdW2, kExact, "(1 + d(1)) x d(2) = 3x1");
    check_close("dE/dW(3)", b.dW[3], kdW3, kExact, "(1 + d(2)) x d(3) = 2x1");
}

WB_TEST_CASE(three_points_reference_values) {
    // The seed's weights on three points (x, y) = (2, 1), (-1, 0), (0.5, -0.5). numpy (see the
    // top of this file): E = mean of e_n, dE/dW(l) = mean of x(l-1) delta(l)^T.
    const Matrix X = {{2.0}, {-1.0}, {0.5}};
    const Vector y = {1.0, 0.0, -0.5};
    const ch5::Batch b = ch5::batch_gradient(X, y, seed_W());
    const double E = 1.2676353918170338;
    const Matrix dW1 = {{0.13911705235454289, -0.5043319970603182}, {-0.23360209181975505, 0.43357820441320855}};
    const Matrix dW2 = {{0.0715275916089316}, {-0.09108257590114319}, {-0.09431304258781234}};
    const Matrix dW3 = {{-0.3858686054239391}, {0.4631952065934099}};
    const auto tol = rel_tol(1e-11, "double rounding");
    check_close("E", b.E, E, tol,
                {{"the sum of e_n (the 1/N of E = 1/N sum e_n dropped)", xt::xarray<double>(3 * E)},
                 {"e with a 1/2 (seed 004's e = (x - y)^2 has none)", xt::xarray<double>(E / 2)}});
    require_layers("dE/dW", b.dW, 4, "there is no W(0): entry 0 empty");
    check_close("dE/dW(1)", b.dW[1], dW1, tol, "(1 + d(0)) x d(1) = 2x2",
                {{"the sum over the points (1/N dropped)", 3.0 * dW1}, {"the gradient of only the last point", ref_batch(Matrix{{0.5}}, Vector{-0.5}, seed_W()).dW[1]}});
    check_close("dE/dW(2)", b.dW[2], dW2, tol, "(1 + d(1)) x d(2) = 3x1", {{"the sum over the points (1/N dropped)", 3.0 * dW2}});
    check_close("dE/dW(3)", b.dW[3], dW3, tol, "(1 + d(2)) x d(3) = 2x1", {{"the sum over the points (1/N dropped)", 3.0 * dW3}});
}

WB_TEST_CASE(finite_differences_of_E) {
    // 8 points of the sine data, a random 1-3-1 network: dE/dW(l) against central differences
    // of the test's own E(W) = 1/N sum (x(L) - y)^2.
    const ch5::Data data = ch5::sine_data(8, 0.05, 60);
    const Weights W = random_W({1, 3, 1}, 61);
    const ch5::Batch b = ch5::batch_gradient(data.X, data.y, W);
    require_layers("dE/dW", b.dW, 3, "there is no W(0): entry 0 empty");
    check_close("E", b.E, ref_batch(data.X, data.y, W).E, rel_tol(1e-12, "double rounding"));
    for (std::size_t l = 1; l <= 2; ++l) {
        const xt::xarray<double> numeric = wb::test::numerical_gradient(
            [&](const xt::xarray<double>& Wl) {
                Weights V = W;
                V[l] = Wl;
                return ref_batch(data.X, data.y, V).E;
            },
            W[l]);
        check_gradient("dE/dW(" + std::to_string(l) + ")", "(1 + d(" + std::to_string(l - 1) + ")) x d(" + std::to_string(l) + ")",
                       b.dW[l], numeric, 1e-6,
                       {{"the sum over the points (1/N dropped)", 8.0 * numeric},
                        {"a 1/2 in e (seed 004's e = (x - y)^2 has none)", numeric / 2.0},
                        {"the wrong sign", -numeric}});
    }
}

BOOST_AUTO_TEST_SUITE_END()

// ---------------------------------------------------------------------------------------------
BOOST_AUTO_TEST_SUITE(ex5_7_train)

WB_TEST_CASE(one_epoch_on_the_seed_example) {
    // One step of eta = 0.1 on the one point (2, 1): W(l) - 0.1 de/dW(l) with the exact
    // gradients; E[0] = e at the seed's weights, 2.774761160.
    const Weights W = seed_W();
    const ch5::Training out = ch5::train(Matrix{{2.0}}, Vector{1.0}, W, 0.1, 1);
    require_layers("W", out.W, 4, "there is no W(0): entry 0 empty");
    const std::vector<Matrix> G = {Matrix{}, kdW1, kdW2, kdW3};
    for (std::size_t l = 1; l <= 3; ++l)
        check_close("W(" + std::to_string(l) + ") after one epoch", out.W[l], W[l] - 0.1 * G[l], kExact, "like W(l)",
                    {{"W + eta dE/dW (a step uphill: the sign of the update)", W[l] + 0.1 * G[l]}, {"the initial W (no update)", W[l]}});
    BOOST_TEST_REQUIRE(out.E.size() == 1u, wb::test::current_exercise() << ": E should have one entry a epoch (1), has " << out.E.size());
    check_close("E[0] (at the starting weights)", out.E[0], 2.774761159978185, rel_tol(1e-9, "x(3) to 10 decimals (docs/numbers.md)"),
                {{"E after the update", xt::xarray<double>(ref_batch(Matrix{{2.0}}, Vector{1.0}, out.W).E)}});
}

WB_TEST_CASE(ten_epochs_match_the_reference_loop) {
    // 12 points of the sine data, a random 1-2-2-1 network, eta = 0.3, 10 epochs: the test's loop.
    const ch5::Data data = ch5::sine_data(12, 0.05, 62);
    const Weights W0 = random_W({1, 2, 2, 1}, 63);
    const ch5::Training out = ch5::train(data.X, data.y, W0, 0.3, 10);
    Weights W = W0;
    std::vector<double> E;
    for (int t = 0; t < 10; ++t) {
        const RefBatch b = ref_batch(data.X, data.y, W);
        E.push_back(b.E);
        for (std::size_t l = 1; l <= 3; ++l) W[l] -= 0.3 * b.dW[l];
    }
    require_layers("W", out.W, 4, "there is no W(0): entry 0 empty");
    const auto tol = rel_tol(1e-10, "double rounding over 10 epochs");
    for (std::size_t l = 1; l <= 3; ++l)
        check_close("W(" + std::to_string(l) + ") after 10 epochs", out.W[l], W[l], tol, "like W(l)");
    BOOST_TEST_REQUIRE(out.E.size() == 10u, wb::test::current_exercise() << ": E should have 10 entries, has " << out.E.size());
    check_close("E history", xt::xarray<double>(xt::adapt(out.E)), xt::xarray<double>(xt::adapt(E)), tol, "epochs");
}

WB_TEST_CASE(error_falls_on_the_sine_data) {
    // The chapter program's run: 30 points (noise 0.05, wb::Rng(2024)), a 1-3-1 network from
    // wb::Rng(2), eta = 0.2, 3000 epochs. The reference's E falls in every epoch, from 0.3371 to
    // 0.00343 at the final weights. We require no rise above rounding (batch gradient descent
    // with a small step goes downhill every time) and E below 0.005 at the end. Why 0.005: the
    // noise alone costs its variance, 0.0025, so no honest fit goes far below it; h(x) = 0 costs
    // mean(y^2) = 0.123, and a network that has not found the sine's shape (a near-straight
    // line, a plateau seen with other initial weights) sits near 0.05. 0.005 is twice the noise.
    const ch5::Data d = ch5::sine_data(kPoints, kNoise, kDataSeed);
    const Weights W = ch5::initial_weights({1, kHidden, 1}, kWeightSeed);
    const ch5::Training out = ch5::train(d.X, d.y, W, kEta, kEpochs);
    BOOST_TEST_REQUIRE(out.E.size() == kEpochs, wb::test::current_exercise() << ": E should have " << kEpochs << " entries, has "
                                                                             << out.E.size());
    check_close("E[0] (at the initial weights)", out.E[0], ref_batch(d.X, d.y, W).E, rel_tol(1e-10, "double rounding"));
    std::size_t rises = 0, first = 0;
    for (std::size_t t = 1; t < out.E.size(); ++t)
        if (out.E[t] > out.E[t - 1] * (1 + 1e-12) && rises++ == 0) first = t;
    BOOST_TEST(rises == 0u, wb::test::current_exercise() << ": E rose in " << rises << " epochs, first at epoch " << first << " ("
                                                        << out.E[first - (first > 0)] << " -> " << out.E[first]
                                                        << "): a step uphill, or a gradient that is not E's?");
    const double final_E = ref_batch(d.X, d.y, out.W).E;
    BOOST_TEST(final_E < 0.005, wb::test::current_exercise() << ": E after " << kEpochs << " epochs is " << final_E
                                                            << ", it should be below 0.005 (the reference reaches 0.00343)");
}

WB_TEST_CASE(wrong_shapes_name_both_shapes) {
    Weights W = seed_W();
    W[2] = Matrix{{1.0}, {-3.0}};
    expect_error<wb::shape_error>("train with W(2) 2x1", [&] { ch5::train(Matrix{{2.0}}, Vector{1.0}, W, 0.1, 1); },
                                  {"W(2) should be 3x1", "got 2x1"}, "wb::shape_error naming both shapes (call check_weights first)");
    expect_error<wb::shape_error>("train with X 2x1 and y (3,)",
                                  [&] { ch5::train(Matrix{{2.0}, {1.0}}, Vector{1.0, 0.0, 0.5}, seed_W(), 0.1, 1); },
                                  {"y should be (2,)", "got (3,)"}, "wb::shape_error naming both shapes (call check_data first)");
}

WB_TEST_CASE(divergence_is_a_numeric_error) {
    // eta = 1e308 on the seed's point: |de/dW(3)| = 1.85 and 1.67, so the first update
    // overflows W(3) to Inf. Training must stop with wb::numeric_error naming the epoch.
    expect_error<wb::numeric_error>("train with eta = 1e308", [&] { ch5::train(Matrix{{2.0}}, Vector{1.0}, seed_W(), 1e308, 3); },
                                    {"epoch"}, "wb::numeric_error (call check_finite after each update)");
    // A NaN target: E of epoch 0 is NaN.
    expect_error<wb::numeric_error>("train with a NaN in y",
                                    [&] {
                                        ch5::train(Matrix{{2.0}, {1.0}}, Vector{1.0, std::numeric_limits<double>::quiet_NaN()},
                                                   seed_W(), 0.1, 2);
                                    },
                                    {"NaN", "epoch 0"}, "wb::numeric_error (call check_finite after each update)");
}

BOOST_AUTO_TEST_SUITE_END()
