#include "workbook/testing.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cctype>
#include <iomanip>
#include <regex>
#include <sstream>

#include <xtensor/xmath.hpp>
#include <xtensor/xmanipulation.hpp>

#include "workbook/errors.hpp"

namespace wb::test {
namespace utf = boost::unit_test;

std::string current_exercise() {
    const auto& tc = utf::framework::current_test_case();
    const auto& parent = utf::framework::get<utf::test_suite>(tc.p_parent_id);
    std::string suite = parent.p_name, tail;
    if (suite == "hidden" && parent.p_parent_id != utf::INV_TEST_UNIT_ID) {  // grading/hidden: exN_K_name/hidden/case
        suite = utf::framework::get<utf::test_suite>(parent.p_parent_id).p_name;
        tail = " (hidden check)";
    }
    std::smatch m;
    static const std::regex re("^ex([0-9]+)_([0-9]+)_(.*)$");
    if (std::regex_match(suite, m, re)) return "exercise " + m[1].str() + "." + m[2].str() + " " + m[3].str() + tail;
    return suite + tail;
}

namespace {
std::string num(double v) {
    std::ostringstream os;
    os << std::setprecision(12) << v;
    return os.str();
}
std::string tol_str(const Tolerance& t) {
    std::ostringstream os;
    os << std::setprecision(3);
    if (t.abs > 0 && t.rel > 0) os << t.abs << " + " << t.rel << " x |expected|";
    else if (t.rel > 0) os << t.rel << " x |expected| (relative)";
    else os << t.abs << " (absolute)";
    if (!t.why.empty()) os << "; " << t.why;
    return os.str();
}
std::string index_str(const xt::xarray<double>& a, std::size_t flat) {
    if (a.dimension() == 0) return "";
    std::vector<std::size_t> idx(a.dimension());
    for (std::size_t d = a.dimension(); d-- > 0;) {
        idx[d] = flat % a.shape()[d];
        flat /= a.shape()[d];
    }
    std::string s = "(";
    for (std::size_t d = 0; d < idx.size(); ++d) s += (d ? "," : "") + std::to_string(idx[d]);
    return s + ")";
}
bool within(double a, double e, const Tolerance& t) { return std::abs(a - e) <= t.abs + t.rel * std::abs(e); }
bool all_within(const xt::xarray<double>& a, const xt::xarray<double>& e, const Tolerance& t) {
    if (a.shape() != e.shape()) return false;
    for (std::size_t i = 0; i < a.size(); ++i)
        if (!within(a.data()[i], e.data()[i], t)) return false;
    return true;
}

// A guess at the mistake behind a mismatch, or "".
std::string guess(const xt::xarray<double>& a, const xt::xarray<double>& e, const Tolerance& tol,
                  const std::vector<Mistake>& mistakes) {
    for (const auto& m : mistakes)
        if (all_within(a, m.value, tol)) return "it matches what " + m.description + " gives";
    if (e.dimension() == 2 && e.shape()[0] == e.shape()[1] && e.shape()[0] > 1 &&
        all_within(a, xt::xarray<double>(xt::transpose(e)), tol))
        return "it is the transpose of the expected value: rows and columns swapped?";
    // Close everywhere but outside the tolerance: too few correct digits (float arithmetic), which
    // is no "constant factor" even when the ratios happen to agree.
    {
        double worst = 0;
        bool close = a.size() > 0;
        for (std::size_t i = 0; i < a.size() && close; ++i) {
            const double ev = e.data()[i], av = a.data()[i];
            if (std::abs(ev) < 1e-300) {
                close = std::abs(av) < 1e-6;
                continue;
            }
            worst = std::max(worst, std::abs(av - ev) / std::abs(ev));
        }
        const std::string digits = num(std::floor(-std::log10(worst)));
        if (close && worst >= 1e-9 && worst < 1e-4)
            return "it agrees with the expected value to about " + digits + " significant digits only (largest relative error " +
                   num(worst) + "): float (single-precision) arithmetic or a float variable where double is due, or a "
                   "numerically poor formula? (not a constant factor: the formula looks right)";
        if (close && worst > 0 && worst < 1e-9)
            return "it agrees with the expected value to about " + digits + " significant digits (largest relative error " +
                   num(worst) + "): a difference of rounding, not of formula";
    }
    // A constant factor between actual and expected?
    // Only where at least two elements are non-zero: one element always has "a constant factor".
    double ratio = 0;
    bool constant = true;
    std::size_t nonzero = 0;
    for (std::size_t i = 0; i < a.size() && constant; ++i) {
        const double ev = e.data()[i], av = a.data()[i];
        if (std::abs(ev) < 1e-12) {
            constant = std::abs(av) < 1e-9;
            continue;
        }
        const double r = av / ev;
        if (nonzero++ == 0) ratio = r;
        else constant = std::abs(r - ratio) <= 1e-6 * std::max(1.0, std::abs(ratio));
    }
    if (!constant || nonzero < 2 || std::abs(ratio - 1.0) < 1e-9 || std::abs(ratio) < 1e-6) return "";
    auto near = [&](double x) { return std::abs(ratio - x) <= 1e-6 * std::max(1.0, std::abs(x)); };
    if (near(-1)) return "it is the expected value with the wrong sign: (t - f) where (f - t) is due, or a lost minus?";
    if (near(2)) return "it is 2x the expected value: the factor 1/2 of the loss dropped, or 2 kept where it cancels?";
    if (near(0.5)) return "it is half the expected value: a factor 1/2 too many, or a missing 2 from the derivative of a square?";
    if (near(-2) || near(-0.5)) return "it is " + num(ratio) + "x the expected value: a sign and a factor 2 (or 1/2) off?";
    const double rounded = std::round(ratio);
    if (rounded >= 3 && near(rounded)) return "it is " + num(rounded) + "x the expected value: a missing 1/N (N = " + num(rounded) + ")?";
    if (ratio > 0 && ratio < 1 && near(1.0 / std::round(1.0 / ratio)))
        return "it is 1/" + num(std::round(1.0 / ratio)) + " of the expected value: a 1/N too many (N = " + num(std::round(1.0 / ratio)) + ")?";
    return "every element is " + num(ratio) + "x the expected value: a constant factor is off";
}
}  // namespace

namespace {
// "tests/01_sigmoid/test_sigmoid.cpp:92": where the failing check stands.
std::string where(const char* file, int line) {
    std::string f = file ? file : "?";
    auto pos = f.rfind("/tests/");
    if (pos == std::string::npos) pos = f.rfind("/grading/");  // the hidden cases (grading/hidden/NN_x/)
    if (pos != std::string::npos) f = f.substr(pos + 1);
    return " [" + f + ":" + std::to_string(line) + "]";
}
}  // namespace

// ---- Value records for the grader (support/src/test_main.cpp has the channel) -------------------
namespace detail {
bool grading();                               // test_main.cpp: the verdict channel is open
void send_record(const std::string& rest);    // "<case path> <rest>", signed, on the channel
}  // namespace detail

namespace {
std::string encode(const std::string& s) {    // no spaces or separators in a record's fields
    static const char* hex = "0123456789ABCDEF";
    std::string out;
    for (unsigned char c : s) {
        if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '/' || c == ':') out += static_cast<char>(c);
        else {
            out += '%';
            out += hex[c >> 4];
            out += hex[c & 15];
        }
    }
    return out;
}
std::string shape_field(const std::vector<std::size_t>& shape) {
    std::string s = "s";   // "s" for a scalar, "s2x3" for a 2x3 matrix
    for (std::size_t d = 0; d < shape.size(); ++d) s += (d ? "x" : "") + std::to_string(shape[d]);
    return s;
}
std::string values_field(const xt::xarray<double>& a) {
    std::string s;
    char buf[40];
    for (std::size_t i = 0; i < a.size(); ++i) {
        std::snprintf(buf, sizeof buf, "%s%.17g", i ? "," : "", a.data()[i]);
        s += buf;
    }
    return s;
}
std::vector<std::size_t> shape_of(const xt::xarray<double>& a) { return {a.shape().begin(), a.shape().end()}; }

// One record: "<index in the case> k=<kind>;at=<file:line>;w=<what>;a=<shape>;v=<values>", where the
// values are what the exercise computed. A trusted run (the course's implementations, WB_TRUSTED_RECORDS)
// adds ";e=<shape>;ev=<expected values>;tol=<abs>,<rel>": the grader's truth. The student's build
// writes no expected value, so reading its own records back teaches the student's code nothing.
void record(const char* kind, const std::string& what, const char* file, int line,
            const std::vector<std::size_t>& actual_shape, const xt::xarray<double>* actual,
            [[maybe_unused]] const std::vector<std::size_t>* expected_shape,
            [[maybe_unused]] const xt::xarray<double>* expected, [[maybe_unused]] double abs,
            [[maybe_unused]] double rel, const std::string& guess = "", bool own_expected = false) {
    if (!detail::grading()) return;
    static utf::test_unit_id last = utf::INV_TEST_UNIT_ID;
    static unsigned long index = 0;
    const utf::test_unit_id id = utf::framework::current_test_case().p_id;
    if (id != last) {
        last = id;
        index = 0;
    }
    std::string f = file ? file : "?";
    for (const char* root : {"/tests/", "/grading/"}) {
        const auto pos = f.rfind(root);
        if (pos != std::string::npos) {
            f = f.substr(pos + 1);
            break;
        }
    }
    std::string rest = std::to_string(index++) + " k=" + kind + ";at=" + encode(f + ":" + std::to_string(line)) +
                       ";w=" + encode(what) + ";a=" + shape_field(actual_shape);
    if (actual) rest += ";v=" + values_field(*actual);
    if (!guess.empty()) rest += ";g=" + encode(guess);   // a withheld check's value matches a known wrong answer
#ifndef WB_TRUSTED_RECORDS
    if (own_expected)   // check_same: both values are the exercise's own, no answer of the tests
#endif
    {
        if (expected_shape) rest += ";e=" + shape_field(*expected_shape);
        if (expected) rest += ";ev=" + values_field(*expected);
        char buf[64];
        std::snprintf(buf, sizeof buf, ";tol=%.17g,%.17g", abs, rel);
        rest += buf;
    }
    detail::send_record(rest);
}
}  // namespace

namespace {
// The shape check without a record of its own (check_close and check_gradient have written theirs).
bool shape_ok(const std::string& what, const xt::xarray<double>& actual, const std::vector<std::size_t>& expected,
              const std::string& legend, const char* file, int line) {
    bool ok = actual.dimension() == expected.size() && std::equal(expected.begin(), expected.end(), actual.shape().begin());
    std::string msg;
    if (!ok) {
        msg = current_exercise() + ": " + what + " should be " + shape_str(expected) + (legend.empty() ? "" : " (" + legend + ")") +
              ", got " + shape_str(actual.shape());
        std::vector<std::size_t> rev(expected.rbegin(), expected.rend());
        if (actual.dimension() == rev.size() && std::equal(rev.begin(), rev.end(), actual.shape().begin()))
            msg += ": a missing transpose?";
        else if (actual.size() == 1 && expected.size() > 0)
            msg += ": a sum where an element-wise product or a matrix was due?";
        msg += where(file, line);
    }
    BOOST_TEST(ok, msg);
    return ok;
}

// NaN or Inf in the exercise's value: reported (with the expected value where there is one).
bool all_finite(const std::string& what, const xt::xarray<double>& actual, const xt::xarray<double>* expected,
                const char* file, int line) {
    for (std::size_t i = 0; i < actual.size(); ++i) {
        const double v = actual.data()[i];
        if (!std::isfinite(v)) {
            // "sigma(z) element (2) is NaN"; a scalar is just "loss is NaN" (no empty index)
            const std::string at = actual.dimension() ? " element " + index_str(actual, i) : "";
            BOOST_TEST(false, current_exercise() + ": " + what + at + " is " + (std::isnan(v) ? "NaN" : "Inf") +
                                  (expected ? " (expected " + num(expected->data()[i]) + ")" : "") +
                                  ": the exercise produced a non-finite number" + where(file, line));
            return false;
        }
    }
    return true;
}
}  // namespace

bool check_shape(const std::string& what, const xt::xarray<double>& actual, const std::vector<std::size_t>& expected,
                 const std::string& legend, const char* file, int line) {
    record("shape", what, file, line, shape_of(actual), nullptr, &expected, nullptr, 0, 0);
    return shape_ok(what, actual, expected, legend, file, line);
}

namespace {
bool close_impl(const std::string& what, const xt::xarray<double>& actual, const xt::xarray<double>& expected,
                const Tolerance& tol, const std::string& legend, const std::vector<Mistake>& mistakes,
                const char* file, int line);
}  // namespace

bool check_close(const std::string& what, const xt::xarray<double>& actual, const xt::xarray<double>& expected,
                 const Tolerance& tol, const std::string& legend, const std::vector<Mistake>& mistakes,
                 const char* file, int line) {
    const std::vector<std::size_t> shape(expected.shape().begin(), expected.shape().end());
    record("close", what, file, line, shape_of(actual), &actual, &shape, &expected, tol.abs, tol.rel);
    return close_impl(what, actual, expected, tol, legend, mistakes, file, line);
}

bool check_same(const std::string& what, const xt::xarray<double>& actual, const xt::xarray<double>& earlier,
                const Tolerance& tol, const std::string& legend, const std::vector<Mistake>& mistakes,
                const char* file, int line) {
    const std::vector<std::size_t> shape(earlier.shape().begin(), earlier.shape().end());
    record("same", what, file, line, shape_of(actual), &actual, &shape, &earlier, tol.abs, tol.rel, "", true);
    return close_impl(what, actual, earlier, tol, legend, mistakes, file, line);
}

namespace {
bool close_impl(const std::string& what, const xt::xarray<double>& actual, const xt::xarray<double>& expected,
                const Tolerance& tol, const std::string& legend, const std::vector<Mistake>& mistakes,
                const char* file, int line) {
    const std::vector<std::size_t> shape(expected.shape().begin(), expected.shape().end());
    const bool same_shape = actual.dimension() == shape.size() && std::equal(shape.begin(), shape.end(), actual.shape().begin());
    if (!same_shape) {
        // A known mistake may well have another shape (x delta^T for delta x^T): say so with the shape message.
        for (const auto& m : mistakes)
            if (m.value.shape() == actual.shape() && all_within(actual, m.value, tol)) {
                BOOST_TEST(false, current_exercise() + ": " + what + " should be " + shape_str(shape) +
                                      (legend.empty() ? "" : " (" + legend + ")") + ", got " + shape_str(actual.shape()) +
                                      where(file, line) + "\n    guess (not a verdict): it matches what " + m.description + " gives");
                return false;
            }
        return shape_ok(what, actual, shape, legend, file, line);
    }
    const std::string ex = current_exercise();
    if (!all_finite(what, actual, &expected, file, line)) return false;
    std::vector<std::size_t> bad;
    for (std::size_t i = 0; i < actual.size(); ++i)
        if (!within(actual.data()[i], expected.data()[i], tol)) bad.push_back(i);
    if (bad.empty()) {
        BOOST_TEST(true);
        return true;
    }
    std::ostringstream msg;
    msg << ex << ": " << what << " differs in " << bad.size() << " of " << actual.size() << " elements (tolerance "
        << tol_str(tol) << ")" << where(file, line);
    const std::size_t show = std::min<std::size_t>(bad.size(), 4);
    for (std::size_t k = 0; k < show; ++k) {
        const std::size_t i = bad[k];
        msg << "\n    element " << (actual.dimension() ? index_str(actual, i) : "(scalar)") << ": expected "
            << num(expected.data()[i]) << ", got " << num(actual.data()[i]) << ", |diff| "
            << num(std::abs(actual.data()[i] - expected.data()[i]));
    }
    if (bad.size() > show) msg << "\n    ... and " << bad.size() - show << " more";
    const std::string g = guess(actual, expected, tol, mistakes);
    if (!g.empty()) msg << "\n    guess (not a verdict): " << g;
    BOOST_TEST(false, msg.str());
    return false;
}
}  // namespace

bool check_close(const std::string& what, double actual, double expected, const Tolerance& tol,
                 const std::vector<Mistake>& mistakes, const char* file, int line) {
    return check_close(what, xt::xarray<double>(actual), xt::xarray<double>(expected), tol, "", mistakes, file, line);
}

// A hidden check in the grader's student build: the expected value was never computed here. The
// value is recorded for the grader, which judges it against the trusted run; here only NaN is judged.
// A known wrong answer the value matches goes into the record as a guess: the grader shows it if the
// value turns out wrong (a wrong answer can equal the right one on some inputs: it is no verdict).
namespace {
std::string matched(const xt::xarray<double>& actual, const std::vector<Mistake>& mistakes, const Tolerance* tol,
                    double grad_tol) {
    for (const auto& m : mistakes)
        if (m.value.shape() == actual.shape() &&
            (tol ? all_within(actual, m.value, *tol) : relative_error(actual, m.value) < grad_tol))
            return "it matches what " + m.description + " gives";
    return "";
}
}  // namespace

bool check_close(const std::string& what, const xt::xarray<double>& actual, Withheld, const Tolerance& tol,
                 const std::string& /*legend*/, const std::vector<Mistake>& mistakes, const char* file, int line) {
    record("close", what, file, line, shape_of(actual), &actual, nullptr, nullptr, tol.abs, tol.rel,
           matched(actual, mistakes, &tol, 0));
    if (!all_finite(what, actual, nullptr, file, line)) return false;
    BOOST_TEST(true);
    return true;
}

bool check_close(const std::string& what, double actual, Withheld w, const Tolerance& tol,
                 const std::vector<Mistake>& mistakes, const char* file, int line) {
    return check_close(what, xt::xarray<double>(actual), w, tol, "", mistakes, file, line);
}

bool check_gradient(const std::string& what, const std::string& legend, const xt::xarray<double>& analytic,
                    const xt::xarray<double>& numeric, double tol, const std::vector<Mistake>& mistakes,
                    const char* file, int line) {
    const std::vector<std::size_t> shape(numeric.shape().begin(), numeric.shape().end());
    record("grad", what, file, line, shape_of(analytic), &analytic, &shape, &numeric, tol, 0);
    if (!shape_ok(what, analytic, shape, legend, file, line)) return false;
    const double err = relative_error(analytic, numeric);
    std::string guess_text;
    for (const auto& m : mistakes)
        if (m.value.shape() == analytic.shape() && relative_error(analytic, m.value) < tol)
            guess_text = "\n    guess (not a verdict): it matches what " + m.description + " gives";
    BOOST_TEST(err < tol, current_exercise() << ": " << what << " vs central differences: relative error " << err
                                             << " (tolerance " << tol
                                             << ": central differences with h = 1e-6 are good to ~1e-9 relative)"
                                             << where(file, line) << guess_text);
    return err < tol;
}

bool check_gradient(const std::string& what, const std::string& /*legend*/, const xt::xarray<double>& analytic,
                    Withheld, double tol, const std::vector<Mistake>& mistakes, const char* file, int line) {
    record("grad", what, file, line, shape_of(analytic), &analytic, nullptr, nullptr, tol, 0,
           matched(analytic, mistakes, nullptr, tol));
    if (!all_finite(what, analytic, nullptr, file, line)) return false;
    BOOST_TEST(true);
    return true;
}

xt::xarray<double> numerical_gradient(const std::function<double(const xt::xarray<double>&)>& f,
                                      const xt::xarray<double>& W, double h) {
    xt::xarray<double> g = xt::zeros<double>(W.shape());
    xt::xarray<double> Wp = W;
    for (std::size_t i = 0; i < W.size(); ++i) {
        const double orig = Wp.data()[i];
        Wp.data()[i] = orig + h;
        const double fp = f(Wp);
        Wp.data()[i] = orig - h;
        const double fm = f(Wp);
        Wp.data()[i] = orig;
        g.data()[i] = (fp - fm) / (2 * h);
    }
    return g;
}

double relative_error(const xt::xarray<double>& a, const xt::xarray<double>& b) {
    if (a.shape() != b.shape()) return INFINITY;
    double diff = 0, ma = 0, mb = 0;
    for (std::size_t i = 0; i < a.size(); ++i) {
        diff = std::max(diff, std::abs(a.data()[i] - b.data()[i]));
        ma = std::max(ma, std::abs(a.data()[i]));
        mb = std::max(mb, std::abs(b.data()[i]));
    }
    if (!std::isfinite(diff)) return INFINITY;
    return diff / std::max(ma + mb, 1e-300);
}

}  // namespace wb::test
