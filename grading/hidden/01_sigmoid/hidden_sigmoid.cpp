// Chapter 1, hidden cases (grading only): every exercise again on inputs drawn from the course
// secret (wb::hidden::rng), at shapes and values no text prints, against the test's own references
// (tests/01_sigmoid/reference.hpp). The grader gives an exercise its points only if these pass too.
// Every expected value is inside WB_EXPECTED: the grader's build of the student's test program does
// not compute it (the student's process never holds a hidden answer; the grader compares the
// recorded values with its trusted run of the reference solutions).
#include <cmath>

#include <xtensor/xbuilder.hpp>

#include "hidden.hpp"
#include "reference.hpp"

namespace {
// A random array of 1 to 3 dimensions, each of 1 to 7 elements, values N(0, scale^2).
xt::xarray<double> random_array(wb::Rng& r, double scale) {
    std::vector<std::size_t> shape(wb::hidden::size_in(r, 1, 3));
    for (auto& s : shape) s = wb::hidden::size_in(r, 1, 7);
    xt::xarray<double> a = xt::zeros<double>(shape);
    for (auto& v : a) v = r.normal(0.0, scale);
    return a;
}
}  // namespace

BOOST_AUTO_TEST_SUITE(ex1_1_sigmoid)
BOOST_AUTO_TEST_SUITE(hidden)
WB_TEST_CASE(random_arrays) {
    wb::Rng r = wb::hidden::rng("ex1_1");
    for (int k = 0; k < 3; ++k) {
        const xt::xarray<double> z = random_array(r, 4.0);
        check_close("sigma(z) of a hidden " + wb::shape_str(z.shape()) + " array", ch1::sigmoid(z), WB_EXPECTED(ref_sigmoid(z)),
                    wb::test::Tolerance{1e-15, 1e-13, "a few ulps: 1/(1 + e^-z), e^z/(1 + e^z) and (1 + tanh(z/2))/2 "
                                                      "round differently (absolute near 0, where tanh's form cancels)"});
    }
}
BOOST_AUTO_TEST_SUITE_END()
BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(ex1_2_sigmoid_prime)
BOOST_AUTO_TEST_SUITE(hidden)
WB_TEST_CASE(random_arrays) {
    wb::Rng r = wb::hidden::rng("ex1_2");
    for (int k = 0; k < 3; ++k) {
        const xt::xarray<double> z = random_array(r, 3.0);
        // The known wrong answers are sigma(z), the whole of the expected sigma(z)(1 - sigma(z)): withheld too.
        check_close("sigma'(z) of a hidden " + wb::shape_str(z.shape()) + " array", ch1::sigmoid_prime(z),
                    WB_EXPECTED(ref_sigmoid_prime(z)), wb::test::Tolerance{1e-15, 1e-12, "a few roundings (absolute near 0)"}, "",
                    WB_MISTAKES({"sigma(z)(1 + sigma(z)): a plus where sigma(z)(1 - sigma(z)) is due",
                                 ref_sigmoid(z) * (1.0 + ref_sigmoid(z))},
                                {"sigma(z) (the function, not its derivative)", ref_sigmoid(z)}));
    }
}
BOOST_AUTO_TEST_SUITE_END()
BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(ex1_3_tanh_prime)
BOOST_AUTO_TEST_SUITE(hidden)
WB_TEST_CASE(random_arrays) {
    wb::Rng r = wb::hidden::rng("ex1_3");
    for (int k = 0; k < 3; ++k) {
        const xt::xarray<double> s = random_array(r, 2.0);
        check_close("tanh'(s) of a hidden " + wb::shape_str(s.shape()) + " array", ch1::tanh_prime(s),
                    WB_EXPECTED(xt::xarray<double>(1.0 - xt::tanh(s) * xt::tanh(s))),
                    abs_tol(1e-14, "a few roundings of 1 - tanh^2 (or 1/cosh^2)"));
    }
}
BOOST_AUTO_TEST_SUITE_END()
BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(ex1_4_central_difference)
BOOST_AUTO_TEST_SUITE(hidden)
WB_TEST_CASE(random_polynomials) {
    // f(z) = a z^3 + b z^2 + c z with hidden a, b, c: the central difference is exactly
    // 3 a z^2 + 2 b z + c + a h^2 (the even terms cancel), up to rounding.
    wb::Rng r = wb::hidden::rng("ex1_4");
    for (int k = 0; k < 3; ++k) {
        const double a = r.uniform(-2, 2), b = r.uniform(-2, 2), c = r.uniform(-2, 2), h = r.uniform(1e-4, 1e-2);
        const xt::xarray<double> z = random_array(r, 1.0);
        const ch1::Fn f = [=](const xt::xarray<double>& v) -> xt::xarray<double> { return a * v * v * v + b * v * v + c * v; };
        check_close("central difference of a hidden cubic on a " + wb::shape_str(z.shape()) + " array",
                    ch1::central_difference(f, z, h),
                    WB_EXPECTED(xt::xarray<double>(3.0 * a * z * z + 2.0 * b * z + c + a * h * h)),
                    abs_tol(1e-8, "exact up to rounding (~1e-11 at h >= 1e-4)"));
    }
}
BOOST_AUTO_TEST_SUITE_END()
BOOST_AUTO_TEST_SUITE_END()
