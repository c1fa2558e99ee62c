// Chapter 1 suite: sigmoid, sigma', tanh', central differences.
//
// Expected values come from the seed documents' identities (sigma'(z) = sigma(z)(1 - sigma(z)),
// sigma'(0) = 1/4, tanh' = 1 - tanh^2), from seed 004's worked example (its exact recomputation,
// docs/numbers.md, copied here as literals), and from the definition evaluated to 16 digits.
// References computed by the test live in reference.hpp (an anonymous namespace: the student's
// code cannot link to them), shared with the grading-only hidden cases.
#include <cmath>

#include <xtensor/xbuilder.hpp>
#include <xtensor/xmath.hpp>

#include "sigmoid.hpp"
#include "workbook/testing.hpp"

using wb::test::abs_tol;
using wb::test::check_close;
using wb::test::check_shape;
using wb::test::Mistake;
using wb::test::rel_tol;

#include "reference.hpp"  // the test's own references and data (shared with the hidden cases)

// ---------------------------------------------------------------------------------------------
BOOST_AUTO_TEST_SUITE(ex1_1_sigmoid)

WB_TEST_CASE(one_half_at_zero) {
    // sigma(0) = 1 / (1 + e^0) = 1/2 exactly in floating point.
    check_close("sigma(0)", ch1::sigmoid(xt::xarray<double>{0.0}), xt::xarray<double>{0.5}, abs_tol(1e-15, "exact"));
}

WB_TEST_CASE(reference_values) {
    // 1 / (1 + e^-z) to 16 significant digits (evaluated in double precision from the definition).
    const xt::xarray<double> z{1.0, -2.0, 5.0};
    const xt::xarray<double> expected{0.7310585786300049, 0.11920292202211755, 0.9933071490757153};
    check_close("sigma(z)", ch1::sigmoid(z), expected, rel_tol(1e-14, "a few ulps of double rounding"), "",
                {{"e^-z / (1 + e^-z), i.e. sigma(-z)", ref_sigmoid(-z)}, {"sigma'(z)", ref_sigmoid_prime(z)}});
}

WB_TEST_CASE(symmetry) {
    // sigma(-z) = 1 - sigma(z): follows from the definition.
    const auto z = grid();
    const xt::xarray<double> s = ch1::sigmoid(z);
    const xt::xarray<double> s_neg = ch1::sigmoid(-z);
    check_close("sigma(-z)", s_neg, 1.0 - s, abs_tol(1e-15, "one rounding of 1 - s"));
}

WB_TEST_CASE(extreme_inputs_are_finite) {
    // e^1000 overflows a double: e^z/(1 + e^z) at z = 1000 is inf/inf = NaN. (1/(1 + e^-z) passes
    // this one: 1/(1 + inf) = 0 exactly; its flaw is the precision tested below.)
    const xt::xarray<double> z{-1000.0, -745.0, 745.0, 1000.0};
    check_close("sigma at +-1000", ch1::sigmoid(z), xt::xarray<double>{0.0, 0.0, 1.0, 1.0},
                abs_tol(1e-300, "the exact limits, as doubles"));
}

WB_TEST_CASE(full_relative_precision_for_negative_z) {
    // sigma(z) = e^z / (1 + e^z) is a positive double for every z above -745.13 (e^-745.13 is the
    // smallest subnormal), and a stable sigmoid returns it to nearly full relative precision.
    // 1/(1 + e^-z) as written is fine down to -709.78; below, e^-z overflows to inf and it returns
    // 0 (not NaN: 1/(1 + inf) = 0 in IEEE). That 0 is what breaks a later log sigma(z).
    const xt::xarray<double> z{-30.0, -100.0, -500.0, -708.0, -720.0};
    xt::xarray<double> expected = z, as_written = z, via_tanh = z;
    for (std::size_t i = 0; i < z.size(); ++i) {
        const double v = z(i);
        expected(i) = std::exp(v) / (1.0 + std::exp(v));  // e^v <= e^-30: no overflow, no cancellation
        as_written(i) = 1.0 / (1.0 + std::exp(-v));
        via_tanh(i) = 0.5 * (1.0 + std::tanh(0.5 * v));
    }
    check_close("sigma(z) for z = -30 ... -720", ch1::sigmoid(z), expected,
                rel_tol(1e-9, "sigma(-720) = 2.0e-313 is subnormal: 4.1e10 steps of the smallest double, about 10 digits"), "",
                {{"1/(1 + e^-z) as written (e^-z overflows to inf below z = -709.78, and 1/(1 + inf) = 0 where e^z is still a positive double)",
                  as_written},
                 {"(1 + tanh(z/2))/2: 1 + tanh(z/2) cancels for z < 0 (and is 0 below z = -37)", via_tanh}});
}

WB_TEST_CASE(shape_is_kept) {
    const xt::xarray<double> z2 = xt::reshape_view(xt::linspace<double>(-3, 3, 6), {2, 3});
    check_close("sigma of a 2x3 array", ch1::sigmoid(z2), ref_sigmoid(z2), rel_tol(1e-14, "a few ulps"));
    const xt::xarray<double> z3 = xt::reshape_view(xt::linspace<double>(-2, 2, 8), {2, 2, 2});
    check_shape("sigma of a 2x2x2 array", ch1::sigmoid(z3), {2, 2, 2});
}

BOOST_AUTO_TEST_SUITE_END()

// ---------------------------------------------------------------------------------------------
BOOST_AUTO_TEST_SUITE(ex1_2_sigmoid_prime)

WB_TEST_CASE(one_quarter_at_zero) {
    // Seed 000/001: sigma'(0) = sigma(0)(1 - sigma(0)) = 1/2 * 1/2 = 1/4, the slope's maximum.
    check_close("sigma'(0)", ch1::sigmoid_prime(xt::xarray<double>{0.0}), xt::xarray<double>{0.25},
                abs_tol(1e-15, "exact"), "", {{"sigma(z) (the function, not its derivative)", xt::xarray<double>{0.5}}});
}

WB_TEST_CASE(identity_sigma_times_one_minus_sigma) {
    // Seed 000: sigma'(z) = e^-z / (1 + e^-z)^2 = sigma(z)(1 - sigma(z)).
    const auto z = grid();
    const xt::xarray<double> a = ref_sigmoid(z);
    check_close("sigma'(z)", ch1::sigmoid_prime(z), ref_sigmoid_prime(z), rel_tol(1e-12, "a few roundings"), "",
                {{"sigma(z) (the function, not its derivative)", a},
                 {"sigma(z)(1 + sigma(z)): a plus where sigma(z)(1 - sigma(z)) is due", a * (1.0 + a)},
                 {"z (1 - z): the activation formula a (1 - a) applied to z instead of a = sigma(z)", z * (1.0 - z)},
                 {"sigma'(a) = sigma(sigma(z))(1 - sigma(sigma(z))): sigma' applied to the activation", ref_sigmoid_prime(a)}});
}

WB_TEST_CASE(reference_values) {
    // sigma(z)(1 - sigma(z)) at z = 1, -2, 5 to 16 digits.
    const xt::xarray<double> z{1.0, -2.0, 5.0};
    check_close("sigma'(z)", ch1::sigmoid_prime(z), xt::xarray<double>{0.19661193324148185, 0.1049935854035065, 0.006648056670790033},
                rel_tol(1e-12, "a few roundings"));
}

WB_TEST_CASE(even_symmetry) {
    // sigma'(-z) = sigma'(z): the slope is symmetric about 0.
    const auto z = grid();
    const xt::xarray<double> d = ch1::sigmoid_prime(z);
    const xt::xarray<double> d_neg = ch1::sigmoid_prime(-z);
    check_close("sigma'(-z)", d_neg, d, rel_tol(1e-12, "a few roundings"));
}

WB_TEST_CASE(agrees_with_finite_differences) {
    const auto z = grid();
    const xt::xarray<double> fd = ref_central(sig, z);
    const double err = wb::test::relative_error(ch1::sigmoid_prime(z), fd);
    BOOST_TEST(err < 1e-8, wb::test::current_exercise() << ": sigma'(z) vs central differences of sigma: relative error "
                                                       << err << " (tolerance 1e-8: truncation h^2/6 |sigma'''| + rounding eps/h with h = 1e-5)");
}

WB_TEST_CASE(extreme_inputs_are_finite) {
    const xt::xarray<double> z{-1000.0, 1000.0};
    check_close("sigma' at +-1000", ch1::sigmoid_prime(z), xt::xarray<double>{0.0, 0.0}, abs_tol(1e-300, "the exact limit 0"));
}

WB_TEST_CASE(shape_is_kept) {
    const xt::xarray<double> z = xt::reshape_view(xt::linspace<double>(-3, 3, 12), {3, 4});
    check_close("sigma' of a 3x4 array", ch1::sigmoid_prime(z), ref_sigmoid_prime(z), rel_tol(1e-12, "a few roundings"));
}

BOOST_AUTO_TEST_SUITE_END()

// ---------------------------------------------------------------------------------------------
BOOST_AUTO_TEST_SUITE(ex1_3_tanh_prime)

WB_TEST_CASE(one_at_zero) {
    check_close("tanh'(0)", ch1::tanh_prime(xt::xarray<double>{0.0}), xt::xarray<double>{1.0}, abs_tol(1e-15, "exact"));
}

WB_TEST_CASE(seed_004_worked_example_exact) {
    // Seed 004's example: s1 = [0.7, 1], s2 = -1.4804146908, s3 = -0.8030913067 (docs/numbers.md);
    // theta'(s) = 1 - x^2 with x = tanh(s) = [0.6043677771, 0.761594156],
    // -0.9015456534, -0.6657614355. Expected 1 - tanh^2 in double precision; those inputs
    // are given to 10 decimals, so the tolerance is 1e-9.
    const xt::xarray<double> s{0.7, 1.0, -1.4804146908, -0.8030913067};
    const xt::xarray<double> expected{0.6347395899824584, 0.41997434161402614, 0.18721543486765535, 0.5567617110432119};
    check_close("tanh'(s)", ch1::tanh_prime(s), expected, abs_tol(1e-9, "docs/numbers.md gives s to 10 decimals"), "",
                {{"1 - s^2 (the formula 1 - x^2 applied to s instead of x = tanh(s))", 1.0 - s * s},
                 {"tanh(s)", xt::tanh(s)},
                 {"1 - tanh(s) (the square dropped)", 1.0 - xt::tanh(s)}});
}

WB_TEST_CASE(seed_004_printed_values) {
    // The document computes delta(2) with theta'(s2) = 1 - 0.9^2 = 0.19 from x2 printed as -0.90
    // (two decimals). |d(1 - x^2)/dx| = 2|x| <= 1.81 near x = 0.905, times the 0.005 rounding of x:
    // tolerance 0.01.
    check_close("tanh'(s2)", ch1::tanh_prime(xt::xarray<double>{-1.4804146908}), xt::xarray<double>{1 - 0.9 * 0.9},
                abs_tol(0.01, "the document rounds x2 = -0.90 to two decimals"));
}

WB_TEST_CASE(identity_one_minus_tanh_squared) {
    const auto s = grid();
    const xt::xarray<double> t = xt::tanh(s);
    check_close("tanh'(s)", ch1::tanh_prime(s), 1.0 - t * t, abs_tol(1e-15, "one rounding"));
}

WB_TEST_CASE(agrees_with_finite_differences) {
    const auto s = grid();
    const double err = wb::test::relative_error(ch1::tanh_prime(s), ref_central(tanh_d, s));
    BOOST_TEST(err < 1e-8, wb::test::current_exercise() << ": tanh'(s) vs central differences of tanh: relative error "
                                                       << err << " (tolerance 1e-8, h = 1e-5)");
}

WB_TEST_CASE(extreme_inputs_are_finite) {
    check_close("tanh' at +-1000", ch1::tanh_prime(xt::xarray<double>{-1000.0, 1000.0}), xt::xarray<double>{0.0, 0.0},
                abs_tol(1e-300, "the exact limit 0"));
}

WB_TEST_CASE(shape_is_kept) {
    const xt::xarray<double> s = xt::reshape_view(xt::linspace<double>(-2, 2, 6), {3, 2});
    const xt::xarray<double> t = xt::tanh(s);
    check_close("tanh' of a 3x2 array", ch1::tanh_prime(s), 1.0 - t * t, abs_tol(1e-15, "one rounding"));
}

BOOST_AUTO_TEST_SUITE_END()

// ---------------------------------------------------------------------------------------------
BOOST_AUTO_TEST_SUITE(ex1_4_central_difference)

WB_TEST_CASE(cubic_by_hand) {
    // For f(z) = z^3: (f(z+h) - f(z-h)) / 2h = (6 z^2 h + 2 h^3) / 2h = 3 z^2 + h^2, exactly.
    // With h = 1e-3 and |z| <= 2, rounding is below 2e-16 * 8 / 1e-3 ~ 2e-12.
    const xt::xarray<double> z{-2.0, -0.5, 0.0, 1.0, 2.0};
    const double h = 1e-3;
    const ch1::Fn cube = [](const xt::xarray<double>& v) -> xt::xarray<double> { return v * v * v; };
    const xt::xarray<double> expected = 3.0 * z * z + h * h;
    check_close("central difference of z^3", ch1::central_difference(cube, z, h), expected,
                abs_tol(1e-9, "exact up to rounding (~2e-12)"), "",
                {{"the forward difference (f(z+h) - f(z))/h", 3.0 * z * z + 3.0 * z * h + h * h},
                 {"a division by h where 2h is due", 2.0 * expected},
                 {"... / 2 * h: the 2h without parentheses (C++ divides by 2, then multiplies by h)", expected * (h * h)}});
}

WB_TEST_CASE(derivative_of_sigmoid) {
    // The test's own sigmoid, differentiated by the student's central difference, equals the
    // seeds' sigma(z)(1 - sigma(z)) to O(h^2).
    const auto z = grid();
    const ch1::Fn f = [](const xt::xarray<double>& v) { return ref_sigmoid(v); };
    const double err = wb::test::relative_error(ch1::central_difference(f, z, 1e-5), ref_sigmoid_prime(z));
    BOOST_TEST(err < 1e-8, wb::test::current_exercise() << ": central difference of sigma vs sigma(1 - sigma): relative error "
                                                       << err << " (tolerance 1e-8, h = 1e-5)");
}

WB_TEST_CASE(exact_for_a_quadratic) {
    // For f(z) = z^2 the central difference is exactly 2z (the h^2 terms cancel).
    const ch1::Fn sq = [](const xt::xarray<double>& v) -> xt::xarray<double> { return v * v; };
    const xt::xarray<double> z = xt::linspace<double>(-1, 1, 50);
    check_close("central difference of z^2", ch1::central_difference(sq, z, 1e-4), 2.0 * z,
                abs_tol(1e-9, "exact for a quadratic, up to rounding (~1e-12)"), "",
                {{"... / 2 * h: the 2h without parentheses (C++ divides by 2, then multiplies by h)", 2.0 * z * 1e-8}});
}

WB_TEST_CASE(shape_is_kept) {
    const xt::xarray<double> z = xt::reshape_view(xt::linspace<double>(-1, 1, 6), {2, 3});
    const ch1::Fn sq = [](const xt::xarray<double>& v) -> xt::xarray<double> { return v * v; };
    check_close("central difference on a 2x3 array", ch1::central_difference(sq, z, 1e-4), 2.0 * z,
                abs_tol(1e-9, "exact for a quadratic, up to rounding"));
}

BOOST_AUTO_TEST_SUITE_END()
