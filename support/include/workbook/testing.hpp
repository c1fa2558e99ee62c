// What every test suite uses: Boost.Test, tolerance-aware comparisons that explain themselves,
// and a central finite-difference gradient check.
//
// Suites are named after their exercise, BOOST_AUTO_TEST_SUITE(ex3_4_dW2) for exercise 3.4 dW2;
// the driver (./workbook check) and CTest run one such suite a process.
//
//   wb::test::check_close("dW2", dW2, expected, wb::test::abs_tol(1e-12, "exact arithmetic"),
//                         "hidden x outputs", {{"the 1/2 of the loss kept as a factor", 2.0 * expected}});
//
// On a mismatch the report names the exercise (from the suite), the quantity, the element, the
// expected and actual values and the tolerance, and adds a guess where a known mistake explains
// the numbers: a wrong shape that is the transpose, NaN/Inf, a constant factor (2, 1/2, -1, N),
// or one of the caller's known wrong answers.
#pragma once
#include <functional>
#include <string>
#include <vector>

#include <boost/test/unit_test.hpp>

#include "workbook/errors.hpp"
#include <xtensor/xarray.hpp>

namespace wb::test {

struct Tolerance {
    double abs = 0.0;  // an element passes when |actual - expected| <= abs + rel * |expected|
    double rel = 0.0;
    std::string why;   // printed with every failure: where the tolerance comes from
};
inline Tolerance abs_tol(double a, std::string why) { return {a, 0.0, std::move(why)}; }
inline Tolerance rel_tol(double r, std::string why) { return {0.0, r, std::move(why)}; }

struct Mistake {
    std::string description;       // "sigma(z) used where sigma'(z) is due"
    xt::xarray<double> value;      // what that mistake would return for this test's input
};

// "exercise 3.4 dW2" for the running suite ex3_4_dW2 (or the suite name as it is).
std::string current_exercise();

// Compares; reports every problem through Boost.Test; returns true when all is well.
// (file and line default to the caller's, so a failure points at the test, not at this helper.)
bool check_close(const std::string& what, const xt::xarray<double>& actual, const xt::xarray<double>& expected,
                 const Tolerance& tol, const std::string& legend = "", const std::vector<Mistake>& mistakes = {},
                 const char* file = __builtin_FILE(), int line = __builtin_LINE());
bool check_close(const std::string& what, double actual, double expected, const Tolerance& tol,
                 const std::vector<Mistake>& mistakes = {}, const char* file = __builtin_FILE(),
                 int line = __builtin_LINE());

// Compares two values the exercise itself computed: a property (the same seed gives the same
// network, a second backward pass the same gradients), not an answer. check_close's report; for the
// grader both values go into the record and it compares them itself (comparing them with the
// course's own results would hold a correct variant to another implementation's last bits).
bool check_same(const std::string& what, const xt::xarray<double>& actual, const xt::xarray<double>& earlier,
                const Tolerance& tol, const std::string& legend = "", const std::vector<Mistake>& mistakes = {},
                const char* file = __builtin_FILE(), int line = __builtin_LINE());

// Checks only the shape (legend: "samples x hidden"): "delta2 should be 4x3 (samples x hidden), got 3x4".
bool check_shape(const std::string& what, const xt::xarray<double>& actual, const std::vector<std::size_t>& expected,
                 const std::string& legend = "", const char* file = __builtin_FILE(), int line = __builtin_LINE());

// A gradient check: relative_error(analytic, numeric) < tol, numeric from central differences with
// h = 1e-6; on failure, names a known mistake whose value is within tol of `analytic`.
bool check_gradient(const std::string& what, const std::string& legend, const xt::xarray<double>& analytic,
                    const xt::xarray<double>& numeric, double tol, const std::vector<Mistake>& mistakes = {},
                    const char* file = __builtin_FILE(), int line = __builtin_LINE());

// Runs fn, which must throw E (wb::shape_error, wb::numeric_error, ...) whose message contains every
// one of `parts`; `type` names E in the report. A stub's wb::not_implemented passes through, so the
// test fails as "not implemented". Returns true when fn threw E with all the parts.
template <class E>
bool expect_error(const std::string& what, const std::function<void()>& fn, const std::vector<std::string>& parts,
                  const std::string& type);

// ---- Withheld expected values (the hidden cases, grading/hidden/) --------------------------------
// In the grader's build of the student's test program (WB_WITHHOLD_EXPECTED) a hidden case's expected
// value is not computed at all: WB_EXPECTED(expr) becomes a Withheld tag, the check only records the
// exercise's value, and the grader compares it with the trusted run's (support/src/test_main.cpp).
// Nothing in the student's process knows the hidden answers. Everywhere else WB_EXPECTED(expr) is expr.
// WB_MISTAKES(...) wraps known wrong answers that are computed from the expected one (2 x expected):
// withheld too.
struct Withheld {};
#ifdef WB_WITHHOLD_EXPECTED
#define WB_EXPECTED(...) (static_cast<void>(sizeof((__VA_ARGS__))), ::wb::test::Withheld{})
#define WB_MISTAKES(...) std::vector<::wb::test::Mistake>{}
#else
#define WB_EXPECTED(...) (__VA_ARGS__)
#define WB_MISTAKES(...) std::vector<::wb::test::Mistake>{__VA_ARGS__}
#endif
bool check_close(const std::string& what, const xt::xarray<double>& actual, Withheld, const Tolerance& tol,
                 const std::string& legend = "", const std::vector<Mistake>& mistakes = {},
                 const char* file = __builtin_FILE(), int line = __builtin_LINE());
bool check_close(const std::string& what, double actual, Withheld, const Tolerance& tol,
                 const std::vector<Mistake>& mistakes = {}, const char* file = __builtin_FILE(),
                 int line = __builtin_LINE());
bool check_gradient(const std::string& what, const std::string& legend, const xt::xarray<double>& analytic,
                    Withheld, double tol, const std::vector<Mistake>& mistakes = {},
                    const char* file = __builtin_FILE(), int line = __builtin_LINE());

// Central differences: g_i = (f(W + h e_i) - f(W - h e_i)) / 2h for every element i of W.
xt::xarray<double> numerical_gradient(const std::function<double(const xt::xarray<double>&)>& f,
                                      const xt::xarray<double>& W, double h = 1e-6);
// max_i |a_i - b_i| / max(max_i |a_i| + max_i |b_i|, 1e-300): the relative error of a gradient check.
double relative_error(const xt::xarray<double>& a, const xt::xarray<double>& b);

template <class E>
bool expect_error(const std::string& what, const std::function<void()>& fn, const std::vector<std::string>& parts,
                  const std::string& type) {
    const std::string ex = current_exercise();
    try {
        fn();
    } catch (const E& e) {
        const std::string msg = e.what();
        bool ok = true;
        for (const auto& p : parts) {
            const bool found = msg.find(p) != std::string::npos;
            ok = ok && found;
            BOOST_TEST(found, ex << ": " << what << ": the " << type << " says \"" << msg << "\", which should contain \"" << p << "\"");
        }
        return ok;
    } catch (const wb::not_implemented&) {
        throw;
    } catch (const std::exception& e) {
        BOOST_TEST(false, ex << ": " << what << ": expected a " << type << ", got another exception: " << e.what());
        return false;
    }
    BOOST_TEST(false, ex << ": " << what << ": expected a " << type << ", but nothing was thrown");
    return false;
}

}  // namespace wb::test

// A test case with a time limit: student code that loops forever costs this test only
// ("Test case ... has timed out"), not the suite.
#ifndef WB_TEST_TIMEOUT
#define WB_TEST_TIMEOUT 20
#endif
#define WB_TEST_CASE(name) BOOST_AUTO_TEST_CASE(name, *boost::unit_test::timeout(WB_TEST_TIMEOUT))
