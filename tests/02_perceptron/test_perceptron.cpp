// Chapter 2 suite: a single sigmoid perceptron (seed 001), gradient descent, and the perceptron
// learning rule (seed 003).
//
// Expected values come from
//   - tiny cases worked by hand (sigma(0) = 1/2, sigma'(0) = 1/4, sigma(ln 3) = 3/4), exact in
//     floating point;
//   - reference literals computed offline with /usr/bin/python3 and numpy 1.24 (float64) from
//     the definitions in the statements, printed with repr() (17 significant digits);
//   - central finite differences (wb::test::numerical_gradient) of the test's own E;
//   - the test's own reference implementations below (an anonymous namespace: the student's
//     code cannot link to them), written with explicit loops over the samples, i.e. seed 001's
//     sum over d, so that they share no code with a vectorised solution.
#include <cmath>
#include <string>
#include <vector>

#include <xtensor/xbuilder.hpp>
#include <xtensor/xmath.hpp>
#include <xtensor/xview.hpp>

#include "perceptron.hpp"
#include "workbook/format.hpp"
#include "workbook/testing.hpp"

using ch2::Matrix;
using ch2::Vector;
using wb::test::abs_tol;
using wb::test::check_close;
using wb::test::Mistake;
using wb::test::rel_tol;

#include "reference.hpp"  // the test's own references and data (shared with the hidden cases)

// ---------------------------------------------------------------------------------------------
BOOST_AUTO_TEST_SUITE(ex2_1_output)

WB_TEST_CASE(hand_worked) {
    // X = [[1, 1], [1, -1]], w = [0, ln 3]: net = [ln 3, -ln 3], and sigma(ln 3) = 1/(1 + 1/3) = 3/4,
    // sigma(-ln 3) = 1/4.
    const Matrix X{{1, 1}, {1, -1}};
    const Vector w{0.0, std::log(3.0)};
    check_close("out", ch2::output(X, w), Vector{0.75, 0.25}, abs_tol(1e-15, "exact up to the rounding of ln 3"), "samples",
                {{"the net input X w without sigma", Vector{std::log(3.0), -std::log(3.0)}},
                 {"sigma'(X w) where sigma(X w) is due", Vector{0.1875, 0.1875}}});
}

WB_TEST_CASE(zero_weights_give_one_half) {
    // w = 0: every net input is 0 and sigma(0) = 1/2.
    const Matrix X = sep_X();
    check_close("out", ch2::output(X, xt::zeros<double>({3})), Vector(xt::ones<double>({8}) * 0.5), abs_tol(1e-15, "exact"),
                "samples", {{"sigma'(X w) = 1/4 where sigma(X w) is due", Vector(xt::ones<double>({8}) * 0.25)}});
}

WB_TEST_CASE(reference_values) {
    // sigma(X w) for the separable set and w = [-1, 0.5, 0.25] (numpy: net = [0.625, 0.625, 1.25,
    // 0.5, -0.5, -0.5, -0.875, -0.125]).
    const Matrix X = sep_X();
    const Vector expected{0.6513548646660542, 0.6513548646660542, 0.7772998611746911, 0.6224593312018546,
                          0.3775406687981454, 0.3775406687981454, 0.29421497216298875, 0.46879062662624377};
    const Vector net = ref_net(X, w_ref());
    check_close("out", ch2::output(X, w_ref()), expected, rel_tol(1e-12, kLiteral), "samples",
                {{"the net input X w without sigma", net},
                 {"sigma'(X w) where sigma(X w) is due", map_fn(net, sig_prime)},
                 {"1 - sigma(X w), i.e. sigma(-X w)", Vector(1.0 - expected)}});
}

WB_TEST_CASE(finite_differences) {
    // d/dw_i sum_d out_d = sum_d sigma'(net_d) x_i^(d), i.e. X^T sigma'(X w): the student's output
    // differentiated numerically must give it.
    const Matrix X = sep_X();
    const Vector w{0.3, -0.2, 0.4};
    const auto f = [&](const xt::xarray<double>& v) { return double(xt::sum(ch2::output(X, Vector(v)))()); };
    const xt::xarray<double> fd = wb::test::numerical_gradient(f, w);
    const Vector sp = map_fn(ref_net(X, w), sig_prime);
    Vector analytic = xt::zeros<double>({3});
    for (std::size_t d = 0; d < 8; ++d)
        for (std::size_t i = 0; i < 3; ++i) analytic(i) += sp(d) * X(d, i);
    const double err = wb::test::relative_error(fd, analytic);
    BOOST_TEST(err < 1e-7, wb::test::current_exercise() << ": d(sum of out)/dw by central differences vs X^T sigma'(X w): "
                                                       << "relative error " << err << " (tolerance 1e-7; " << kFdWhy << ")");
}

WB_TEST_CASE(wrong_weight_length_names_both_shapes) {
    // X has 3 columns (x0, x1, x2); a w of length 2 forgot the threshold w0.
    expect_shape_error("output(X 8x3, w of length 2)", [] { ch2::output(sep_X(), Vector{0.5, 0.25}); }, {"(3,)", "(2,)"});
}

WB_TEST_CASE(other_inputs) {
    // Random problems of other sizes (seeds printed): the test's own sigma(X w), sample by sample.
    for (const std::uint64_t seed : kRandomSeeds) {
        const RandomProblem p = random_problem(seed);
        check_close("out, " + p.tag, ch2::output(p.X, p.w), ref_output(p.X, p.w), rel_tol(1e-12, "a few roundings"), "samples",
                    {{"the net input X w without sigma", ref_net(p.X, p.w)}});
    }
}

BOOST_AUTO_TEST_SUITE_END()

// ---------------------------------------------------------------------------------------------
BOOST_AUTO_TEST_SUITE(ex2_2_error)

WB_TEST_CASE(hand_worked) {
    // out = [1/2, 1/2], t = [0, 1]: E = 1/(2*2) (1/4 + 1/4) = 1/8.
    check_close("E", ch2::error(Vector{0.5, 0.5}, Vector{0.0, 1.0}), 0.125, abs_tol(1e-15, "exact"),
                {{"1/2 sum (t - out)^2 without the 1/N, or 1/N sum (t - out)^2 without the 1/2 (both give 1/4 here)",
                  xt::xarray<double>(0.25)},
                 {"1/(2N) sum (t - out), not squared", xt::xarray<double>(0.0)}});
}

WB_TEST_CASE(zero_for_a_perfect_fit) {
    const Vector t{0.2, 0.9, 0.4};
    check_close("E(out = t)", ch2::error(t, t), 0.0, abs_tol(1e-300, "exactly 0"));
}

WB_TEST_CASE(reference_values) {
    // out of exercise 2.1's reference case and the separable set's targets; numpy:
    // sum((t - out)**2) / (2 * 8).
    const Vector out = ref_output(sep_X(), w_ref());
    const Vector t = sep_t();
    const double expected = 0.06416501149150061;
    double plain = 0, abs_sum = 0;
    for (std::size_t d = 0; d < 8; ++d) plain += (t(d) - out(d)) * (t(d) - out(d)), abs_sum += std::abs(t(d) - out(d));
    check_close("E", ch2::error(out, t), expected, rel_tol(1e-12, kLiteral),
                {{"1/2 sum (t - out)^2: seed 000's convention, without seed 001's 1/N", xt::xarray<double>(plain / 2)},
                 {"sum (t - out)^2 with neither 1/2 nor 1/N", xt::xarray<double>(plain)},
                 {"1/N sum (t - out)^2 (the 1/2 dropped)", xt::xarray<double>(plain / 8)},
                 {"1/(2N) sum |t - out| (absolute values instead of squares)", xt::xarray<double>(abs_sum / 16)}});
}

WB_TEST_CASE(finite_differences) {
    // dE/dout_d = -(t_d - out_d) / N: the student's error differentiated numerically must give it.
    const Vector out = ref_output(sep_X(), Vector{0.3, -0.2, 0.4});
    const Vector t = sep_t();
    const auto f = [&](const xt::xarray<double>& o) { return ch2::error(Vector(o), t); };
    const xt::xarray<double> fd = wb::test::numerical_gradient(f, out);
    const Vector analytic = -(t - out) / 8.0;
    const double err = wb::test::relative_error(fd, analytic);
    BOOST_TEST(err < 1e-7, wb::test::current_exercise() << ": dE/dout by central differences vs -(t - out)/N: relative error "
                                                       << err << " (tolerance 1e-7; " << kFdWhy << ")");
}

WB_TEST_CASE(other_inputs) {
    // Random problems of other sizes (seeds printed): the test's own 1/(2N) sum (t - out)^2.
    for (const std::uint64_t seed : kRandomSeeds) {
        const RandomProblem p = random_problem(seed);
        const Vector out = ref_output(p.X, p.w);
        check_close("E, " + p.tag, ch2::error(out, p.t), ref_error(out, p.t), rel_tol(1e-12, "a few roundings"));
    }
}

BOOST_AUTO_TEST_SUITE_END()

// ---------------------------------------------------------------------------------------------
BOOST_AUTO_TEST_SUITE(ex2_3_gradient)

WB_TEST_CASE(hand_worked) {
    // X = [[1, 0], [1, 1]], w = 0, t = [0, 1]: out = [1/2, 1/2], sigma'(0) = 1/4,
    // (t - out) .* sigma' = [-1/8, 1/8], X^T of it = [0, 1/8], times -1/N = -1/2: [0, -1/16].
    const Matrix X{{1, 0}, {1, 1}};
    const Vector w{0, 0}, t{0, 1};
    check_close("dE/dw", ch2::gradient(X, w, t), Vector{0.0, -0.0625}, abs_tol(1e-15, "exact"), "weights",
                {{"sigma(net) where sigma'(net) is due, or the 1/N dropped (both double it here)", Vector{0.0, -0.125}},
                 {"sigma'(out) = sigma'(sigma(net)) used where sigma'(net) is due", ref_gradient(X, w, t, Grad::SigmaPrimeOfOut)},
                 {"the gradient without sigma' (the perceptron rule's (y - yhat) x)", Vector{0.0, -0.25}}});
}

WB_TEST_CASE(reference_values) {
    // The separable set, w = [-1, 0.5, 0.25]; numpy: -(X.T @ ((t - out) * s * (1 - s))) / 8 with
    // s = out = sigmoid(X @ w).
    const Matrix X = sep_X();
    const Vector t = sep_t(), w = w_ref();
    const Vector expected{0.00870746076511786, -0.03710308723581397, -0.06510977605882305};
    check_close("dE/dw", ch2::gradient(X, w, t), expected, rel_tol(1e-11, kLiteral), "weights",
                {{"sigma(net) used where sigma'(net) is due", ref_gradient(X, w, t, Grad::SigmaForSigmaPrime)},
                 {"sigma'(out) = sigma'(sigma(net)) used where sigma'(net) is due", ref_gradient(X, w, t, Grad::SigmaPrimeOfOut)},
                 {"no sigma' at all (the perceptron rule's (y - yhat) x)", ref_gradient(X, w, t, Grad::NoSigmaPrime)}});
}

WB_TEST_CASE(finite_differences) {
    // Central differences of the test's own E(w) = 1/(2N) sum (t - sigma(X w))^2.
    const Matrix X = sep_X();
    const Vector t = sep_t();
    for (const Vector& w : {w_ref(), Vector{0.3, -0.2, 0.4}, Vector{2.0, -1.0, 0.5}}) {
        const auto E = [&](const xt::xarray<double>& v) { return ref_E(X, Vector(v), t); };
        const xt::xarray<double> fd = wb::test::numerical_gradient(E, w);
        const double err = wb::test::relative_error(ch2::gradient(X, w, t), fd);
        BOOST_TEST(err < 1e-7, wb::test::current_exercise() << ": dE/dw at w = " << wb::inline_str(w)
                                                           << " vs central differences of E: relative error " << err
                                                           << " (tolerance 1e-7; " << kFdWhy << ")");
    }
}

WB_TEST_CASE(zero_at_a_perfect_fit) {
    // Targets equal to the outputs: every residual t - out is 0, so the gradient is 0.
    const Matrix X = sep_X();
    const Vector w{0.3, -0.2, 0.4};
    check_close("dE/dw", ch2::gradient(X, w, ref_output(X, w)), Vector{0, 0, 0}, abs_tol(1e-15, "0 up to rounding"), "weights");
}

WB_TEST_CASE(wrong_weight_length_names_both_shapes) {
    expect_shape_error("gradient(X 8x3, w of length 4)", [] { ch2::gradient(sep_X(), Vector{1, 2, 3, 4}, sep_t()); },
                       {"(3,)", "(4,)"});
}

WB_TEST_CASE(other_inputs) {
    // Random problems of other sizes (seeds printed): the test's own loop over the samples.
    for (const std::uint64_t seed : kRandomSeeds) {
        const RandomProblem p = random_problem(seed);
        const Vector out = ref_output(p.X, p.w);
        check_close("dE/dw, " + p.tag, ch2::gradient(p.X, p.w, p.t), ref_gradient(p.X, p.w, p.t),
                    abs_tol(1e-13, "a few roundings of terms below 1"), "weights",
                    {{"sigma(net) used where sigma'(net) is due", ref_gradient(p.X, p.w, p.t, Grad::SigmaForSigmaPrime)},
                     {"sigma(net)(1 + sigma(net)) for sigma'(net): a plus where 1 - sigma is due",
                      [&] {
                          Vector g = xt::zeros<double>({p.X.shape()[1]});
                          for (std::size_t d = 0; d < p.X.shape()[0]; ++d)
                              for (std::size_t i = 0; i < p.X.shape()[1]; ++i)
                                  g(i) -= (p.t(d) - out(d)) * out(d) * (1.0 + out(d)) * p.X(d, i) / double(p.X.shape()[0]);
                          return g;
                      }()},
                     {"sigma'(out) = sigma'(sigma(net)) used where sigma'(net) is due", ref_gradient(p.X, p.w, p.t, Grad::SigmaPrimeOfOut)}});
    }
}

BOOST_AUTO_TEST_SUITE_END()

// ---------------------------------------------------------------------------------------------
BOOST_AUTO_TEST_SUITE(ex2_4_gradient_step)

WB_TEST_CASE(hand_worked) {
    // w = [1, 2], grad = [0.5, -1], eta = 0.1: w - eta grad = [1 - 0.05, 2 + 0.1] = [0.95, 2.1].
    const Vector w{1, 2}, g{0.5, -1};
    check_close("w_new", ch2::gradient_step(w, g, 0.1), Vector{0.95, 2.1}, abs_tol(1e-15, "one rounding"), "weights",
                {{"w + eta grad (uphill: a step along the gradient)", Vector{1.05, 1.9}},
                 {"w - grad (eta dropped)", Vector{0.5, 3.0}},
                 {"eta grad (the step without w)", Vector{0.05, -0.1}}});
}

WB_TEST_CASE(reference_values) {
    // From w = [-1, 0.5, 0.25] with exercise 2.3's reference gradient and eta = 0.5 (numpy).
    const Vector w = w_ref();
    const Vector g = ref_gradient(sep_X(), w, sep_t());
    check_close("w_new", ch2::gradient_step(w, g, 0.5), Vector{-1.004353730382559, 0.518551543617907, 0.28255488802941153},
                rel_tol(1e-12, kLiteral), "weights", {{"w + eta grad (uphill)", Vector(w + 0.5 * g)}});
}

WB_TEST_CASE(a_small_step_lowers_the_error) {
    // Downhill: for a small enough eta, E(w - eta grad) < E(w).
    const Matrix X = sep_X();
    const Vector t = sep_t(), w{0.3, -0.2, 0.4};
    const Vector w_new = ch2::gradient_step(w, ref_gradient(X, w, t), 0.1);
    const double before = ref_E(X, w, t), after = ref_E(X, w_new, t);
    BOOST_TEST(after < before, wb::test::current_exercise() << ": one step with eta = 0.1 should lower E, but E went from "
                                                           << before << " to " << after << " (a step uphill, along the gradient?)");
}

WB_TEST_CASE(other_inputs) {
    // Random weights and gradients of other lengths (seeds printed), eta = 0.3.
    for (const std::uint64_t seed : kRandomSeeds) {
        const RandomProblem p = random_problem(seed);
        const Vector g = ref_gradient(p.X, p.w, p.t);
        check_close("w_new, " + p.tag, ch2::gradient_step(p.w, g, 0.3), Vector(p.w - 0.3 * g), abs_tol(1e-15, "one rounding"),
                    "weights", {{"w + eta grad (uphill)", Vector(p.w + 0.3 * g)}});
    }
}

BOOST_AUTO_TEST_SUITE_END()

// ---------------------------------------------------------------------------------------------
BOOST_AUTO_TEST_SUITE(ex2_5_train)

WB_TEST_CASE(zero_epochs) {
    // No step: the weights come back unchanged with the one error E(w0).
    const Matrix X = sep_X();
    const Vector t = sep_t(), w0 = w_ref();
    const ch2::Training r = ch2::train(X, t, w0, 1.0, 0);
    const ch2::Training one = ref_train(X, t, w0, 1.0, 1);
    check_close("w after 0 epochs", r.w, w0, abs_tol(1e-300, "unchanged"), "weights",
                {{"one step taken although epochs = 0", one.w}});
    check_close("losses after 0 epochs", r.losses, Vector{0.06416501149150061}, rel_tol(1e-12, kLiteral), "epochs + 1",
                {{"E recorded after a step instead of before it", Vector{one.losses(1)}}});
}

WB_TEST_CASE(one_epoch_by_hand) {
    // X = [[1, 0], [1, 1]], t = [0, 1], w0 = 0, eta = 1: the gradient is [0, -1/16] (exercise 2.3's
    // hand case), so w1 = [0, 1/16]; losses(0) = E(0) = 1/8.
    const Matrix X{{1, 0}, {1, 1}};
    const Vector t{0, 1};
    const ch2::Training r = ch2::train(X, t, Vector{0, 0}, 1.0, 1);
    check_close("w after 1 epoch", r.w, Vector{0.0, 0.0625}, abs_tol(1e-15, "exact"), "weights",
                {{"w + eta grad (uphill)", Vector{0.0, -0.0625}}});
    check_close("losses", r.losses, Vector{0.125, ref_E(X, Vector{0.0, 0.0625}, t)}, rel_tol(1e-14, "a few roundings"),
                "epochs + 1", {{"the errors recorded after each step only, plus one more step", Vector{ref_E(X, Vector{0.0, 0.0625}, t), 0.125}}});
}

WB_TEST_CASE(reference_run) {
    // The separable set from w0 = [-1, 0.5, 0.25], eta = 1, 100 epochs. numpy gives
    // w = [-2.6124985960107634, 0.7305680015871984, 1.2709969123284228] and E(w) = 0.01727679723153351;
    // the whole curve is compared with the test's own loop (100 steps: the rounding of each step
    // adds up, hence 1e-10).
    const Matrix X = sep_X();
    const Vector t = sep_t(), w0 = w_ref();
    const ch2::Training r = ch2::train(X, t, w0, 1.0, 100);
    const ch2::Training ref = ref_train(X, t, w0, 1.0, 100);
    const ch2::Training up = ref_train(X, t, w0, 1.0, 100, true);
    const ch2::Training more = ref_train(X, t, w0, 1.0, 101);
    check_close("w after 100 epochs", r.w, Vector{-2.6124985960107634, 0.7305680015871984, 1.2709969123284228},
                rel_tol(1e-10, "numpy float64 after 100 steps"), "weights",
                {{"w + eta grad (uphill)", up.w}, {"one step too many (101)", more.w}});
    check_close("losses", r.losses, ref.losses, rel_tol(1e-10, "the same steps, rounded in another order"), "epochs + 1",
                {{"w + eta grad (uphill)", up.losses},
                 {"the error recorded after each step instead of before it", Vector(xt::view(more.losses, xt::range(1, 102)))}});
    check_close("E(w) after 100 epochs", r.losses(100), 0.01727679723153351, rel_tol(1e-10, "numpy float64 after 100 steps"));
}

WB_TEST_CASE(error_goes_down_on_separable_data) {
    // From w0 = 0 with eta = 2 the error falls at every epoch (numpy: 0.125 -> 0.0026 after 500)
    // and the trained perceptron classifies all 8 points right (out > 1/2 exactly for class 1).
    const Matrix X = sep_X();
    const Vector t = sep_t();
    const ch2::Training r = ch2::train(X, t, Vector{0, 0, 0}, 2.0, 500);
    BOOST_TEST_REQUIRE(r.losses.size() == 501u, wb::test::current_exercise() << ": losses should have epochs + 1 = 501 entries, got "
                                                                           << r.losses.size());
    for (std::size_t k = 0; k < 500; ++k)
        if (!(r.losses(k + 1) < r.losses(k))) {
            BOOST_TEST(false, wb::test::current_exercise() << ": E should fall at every epoch with eta = 2, but E(" << k + 1
                                                           << ") = " << r.losses(k + 1) << " >= E(" << k << ") = " << r.losses(k));
            break;
        }
    BOOST_TEST(r.losses(500) < 0.005, wb::test::current_exercise() << ": E after 500 epochs should be about 0.0026, got " << r.losses(500));
    const Vector out = ref_output(X, r.w);
    for (std::size_t d = 0; d < 8; ++d)
        BOOST_TEST((out(d) > 0.5) == (t(d) == 1.0), wb::test::current_exercise() << ": after training, sample " << d << " (target "
                                                                                << t(d) << ") has out = " << out(d));
}

WB_TEST_CASE(wrong_weight_length_names_both_shapes) {
    expect_shape_error("train(X 8x3, w0 of length 2)", [] { ch2::train(sep_X(), sep_t(), Vector{0, 0}, 1.0, 3); },
                       {"(3,)", "(2,)"});
}

WB_TEST_CASE(other_inputs) {
    // Random problems of other sizes (seeds printed), eta = 0.8, 12 epochs: the test's own loop.
    for (const std::uint64_t seed : kRandomSeeds) {
        const RandomProblem p = random_problem(seed);
        const ch2::Training r = ch2::train(p.X, p.t, p.w, 0.8, 12);
        const ch2::Training ref = ref_train(p.X, p.t, p.w, 0.8, 12);
        check_close("w after 12 epochs, " + p.tag, r.w, ref.w, abs_tol(1e-12, "the same steps, rounded in another order"), "weights");
        check_close("losses, " + p.tag, r.losses, ref.losses, abs_tol(1e-12, "the same steps, rounded in another order"), "epochs + 1");
    }
}

BOOST_AUTO_TEST_SUITE_END()

// ---------------------------------------------------------------------------------------------
BOOST_AUTO_TEST_SUITE(ex2_6_perceptron_epoch)

WB_TEST_CASE(logical_and_by_hand) {
    // AND with x0 = 1, w = 0, eta = 1. Sample 1 [1,0,0]: w.x = 0 -> yhat 1, y 0: w = [-1, 0, 0].
    // Samples 2 and 3: w.x = -1 -> yhat 0 = y, no change. Sample 4 [1,1,1]: w.x = -1 -> yhat 0,
    // y 1: w = [-1,0,0] + [1,1,1] = [0, 1, 1].
    const Matrix X = and_X();
    const Vector y = and_y(), w{0, 0, 0};
    check_close("w after one epoch", ch2::perceptron_epoch(X, w, y, 1.0), Vector{0, 1, 1}, abs_tol(1e-15, "exact"), "weights",
                {{"one summed (batch) update with the old w for every sample", ref_perceptron_epoch(X, w, y, 1.0, Rule::Batch)},
                 {"(yhat - y) where (y - yhat) is due", ref_perceptron_epoch(X, w, y, 1.0, Rule::WrongSign)},
                 {"yhat = 1 only for w . x > 0 (the statement says >= 0)", ref_perceptron_epoch(X, w, y, 1.0, Rule::StrictThreshold)},
                 {"yhat = sigma(w . x) where the step function is due", ref_perceptron_epoch(X, w, y, 1.0, Rule::SigmoidOutput)},
                 {"the last sample skipped (a loop to N - 1, an off-by-one)", ref_perceptron_epoch(X, w, y, 1.0, Rule::SkipLast)}});
}

WB_TEST_CASE(reference_values) {
    // The separable set from w = [0.25, -0.5, 0.5] (3 samples wrong), eta = 0.5; numpy gives
    // [-0.75, 0, 0.5] (multiples of 1/4: exact).
    const Matrix X = sep_X();
    const Vector y = sep_t(), w{0.25, -0.5, 0.5};
    check_close("w after one epoch", ch2::perceptron_epoch(X, w, y, 0.5), Vector{-0.75, 0.0, 0.5}, abs_tol(1e-12, "exact"), "weights",
                {{"one summed (batch) update with the old w for every sample", ref_perceptron_epoch(X, w, y, 0.5, Rule::Batch)},
                 {"(yhat - y) where (y - yhat) is due", ref_perceptron_epoch(X, w, y, 0.5, Rule::WrongSign)},
                 {"yhat = sigma(w . x) where the step function is due", ref_perceptron_epoch(X, w, y, 0.5, Rule::SigmoidOutput)},
                 {"the last sample skipped (a loop to N - 1, an off-by-one)", ref_perceptron_epoch(X, w, y, 0.5, Rule::SkipLast)}});
}

WB_TEST_CASE(no_change_when_every_sample_is_right) {
    // w = [-1, 0.5, 0.25] already separates the set: y - yhat = 0 for every sample.
    check_close("w", ch2::perceptron_epoch(sep_X(), w_ref(), sep_t(), 0.5), w_ref(), abs_tol(1e-300, "unchanged"), "weights");
}

WB_TEST_CASE(converges_on_separable_data) {
    // From w = 0 with eta = 0.1 the rule separates the set after 7 epochs (numpy: mistakes
    // 4, 4, 1, 1, 1, 1, 0; w = [-0.6, 0.25, 0.25]). The test calls the exercise once an epoch.
    const Matrix X = sep_X();
    const Vector y = sep_t();
    Vector w = xt::zeros<double>({3});
    std::size_t epochs = 0;
    while (epochs < 100 && (epochs == 0 || ref_mistakes(X, w, y) > 0)) {
        w = ch2::perceptron_epoch(X, w, y, 0.1);
        ++epochs;
    }
    BOOST_TEST(ref_mistakes(X, w, y) == 0u, wb::test::current_exercise() << ": after " << epochs
                                                                         << " epochs the perceptron still misclassifies "
                                                                         << ref_mistakes(X, w, y) << " of 8 separable points");
    BOOST_TEST(epochs == 7u, wb::test::current_exercise() << ": the reference separates the set after 7 epochs, this took " << epochs);
    check_close("w at convergence", w, Vector{-0.6, 0.25, 0.25}, abs_tol(1e-12, "sums of multiples of 0.1, rounded"), "weights");
}

WB_TEST_CASE(wrong_weight_length_names_both_shapes) {
    expect_shape_error("perceptron_epoch(X 4x3, w of length 2)", [] { ch2::perceptron_epoch(and_X(), Vector{0, 0}, and_y(), 1.0); },
                       {"(3,)", "(2,)"});
}

WB_TEST_CASE(other_inputs) {
    // Random problems of other sizes (seeds printed), eta = 0.5: the test's own sample-by-sample rule.
    for (const std::uint64_t seed : kRandomSeeds) {
        const RandomProblem p = random_problem(seed);
        check_close("w after one epoch, " + p.tag, ch2::perceptron_epoch(p.X, p.w, p.t, 0.5), ref_perceptron_epoch(p.X, p.w, p.t, 0.5),
                    abs_tol(1e-12, "sums of a few terms"), "weights",
                    {{"one summed (batch) update with the old w for every sample", ref_perceptron_epoch(p.X, p.w, p.t, 0.5, Rule::Batch)}});
    }
}

BOOST_AUTO_TEST_SUITE_END()
