// Chapter 2, hidden cases (grading only): every exercise again on inputs drawn from the course
// secret (wb::hidden::rng), at sizes no text prints, against the test's own references
// (tests/02_perceptron/reference.hpp). The grader gives an exercise its points only if these pass.
// Every expected value is inside WB_EXPECTED: the grader's build of the student's test program does
// not compute it (the student's process never holds a hidden answer; the grader compares the
// recorded values with its trusted run of the reference solutions).
#include "hidden.hpp"
#include "reference.hpp"

namespace {
struct Problem {
    Matrix X;  // N x D, column 0 = 1
    Vector w;  // (D,)
    Vector t;  // (N,) 0 or 1
};
Problem random_problem(wb::Rng& r) {
    const std::size_t N = wb::hidden::size_in(r, 3, 12), D = wb::hidden::size_in(r, 2, 5);
    Problem p{r.uniform_matrix(N, D, -2.0, 2.0), xt::zeros<double>({D}), xt::zeros<double>({N})};
    for (std::size_t n = 0; n < N; ++n) p.X(n, 0) = 1.0;
    for (auto& v : p.w) v = r.normal(0.0, 0.8);
    for (auto& v : p.t) v = static_cast<double>(r.below(2));
    return p;
}
std::string size_of(const Problem& p) { return "a hidden " + wb::shape_str(p.X.shape()) + " problem"; }
}  // namespace

BOOST_AUTO_TEST_SUITE(ex2_1_output)
BOOST_AUTO_TEST_SUITE(hidden)
WB_TEST_CASE(random_problems) {
    wb::Rng r = wb::hidden::rng("ex2_1");
    for (int k = 0; k < 3; ++k) {
        const Problem p = random_problem(r);
        // The known wrong answer X w is the expected value before its sigma: withheld too.
        check_close("out on " + size_of(p), ch2::output(p.X, p.w), WB_EXPECTED(ref_output(p.X, p.w)),
                    rel_tol(1e-12, "a few roundings"), "samples",
                    WB_MISTAKES({"the net input X w without sigma", ref_net(p.X, p.w)}));
    }
}
BOOST_AUTO_TEST_SUITE_END()
BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(ex2_2_error)
BOOST_AUTO_TEST_SUITE(hidden)
WB_TEST_CASE(random_problems) {
    wb::Rng r = wb::hidden::rng("ex2_2");
    for (int k = 0; k < 3; ++k) {
        const Problem p = random_problem(r);
        const Vector out = ref_output(p.X, p.w);
        check_close("E on " + size_of(p), ch2::error(out, p.t), WB_EXPECTED(ref_error(out, p.t)), rel_tol(1e-12, "a few roundings"));
    }
}
BOOST_AUTO_TEST_SUITE_END()
BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(ex2_3_gradient)
BOOST_AUTO_TEST_SUITE(hidden)
WB_TEST_CASE(random_problems) {
    wb::Rng r = wb::hidden::rng("ex2_3");
    for (int k = 0; k < 3; ++k) {
        const Problem p = random_problem(r);
        check_close("dE/dw on " + size_of(p), ch2::gradient(p.X, p.w, p.t), WB_EXPECTED(ref_gradient(p.X, p.w, p.t)),
                    abs_tol(1e-13, "a few roundings of terms below 1"), "weights",
                    {{"sigma(net) used where sigma'(net) is due", ref_gradient(p.X, p.w, p.t, Grad::SigmaForSigmaPrime)}});
    }
}
BOOST_AUTO_TEST_SUITE_END()
BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(ex2_4_gradient_step)
BOOST_AUTO_TEST_SUITE(hidden)
WB_TEST_CASE(random_problems) {
    wb::Rng r = wb::hidden::rng("ex2_4");
    for (int k = 0; k < 3; ++k) {
        const Problem p = random_problem(r);
        const Vector g = ref_gradient(p.X, p.w, p.t);
        const double eta = r.uniform(0.05, 3.0);
        // The known wrong answer w + eta grad is the expected step with its sign flipped: withheld too.
        check_close("w_new on " + size_of(p), ch2::gradient_step(p.w, g, eta), WB_EXPECTED(Vector(p.w - eta * g)),
                    abs_tol(1e-14, "one rounding"), "weights", WB_MISTAKES({"w + eta grad (uphill)", Vector(p.w + eta * g)}));
    }
}
BOOST_AUTO_TEST_SUITE_END()
BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(ex2_5_train)
BOOST_AUTO_TEST_SUITE(hidden)
WB_TEST_CASE(random_problems) {
    wb::Rng r = wb::hidden::rng("ex2_5");
    for (int k = 0; k < 2; ++k) {
        const Problem p = random_problem(r);
        const double eta = r.uniform(0.1, 2.0);
        const std::size_t epochs = wb::hidden::size_in(r, 3, 30);
        const ch2::Training got = ch2::train(p.X, p.t, p.w, eta, epochs);
        check_close("w after " + std::to_string(epochs) + " epochs on " + size_of(p), got.w,
                    WB_EXPECTED(ref_train(p.X, p.t, p.w, eta, epochs).w), abs_tol(1e-11, "the same steps, rounded in another order"),
                    "weights");
        check_close("losses on " + size_of(p), got.losses, WB_EXPECTED(ref_train(p.X, p.t, p.w, eta, epochs).losses),
                    abs_tol(1e-11, "the same steps, rounded in another order"), "epochs + 1");
    }
}
BOOST_AUTO_TEST_SUITE_END()
BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(ex2_6_perceptron_epoch)
BOOST_AUTO_TEST_SUITE(hidden)
WB_TEST_CASE(random_problems) {
    wb::Rng r = wb::hidden::rng("ex2_6");
    for (int k = 0; k < 3; ++k) {
        const Problem p = random_problem(r);
        const double eta = r.uniform(0.1, 1.0);
        // The batch update is the right answer too whenever no update changes a later sample's verdict
        // (at most one update, say): the grader's student build, which judges a known wrong answer
        // without the expected value, would fail the right answer there. So it is withheld as well.
        check_close("w after one epoch on " + size_of(p), ch2::perceptron_epoch(p.X, p.w, p.t, eta),
                    WB_EXPECTED(ref_perceptron_epoch(p.X, p.w, p.t, eta)), abs_tol(1e-12, "sums of a few terms"), "weights",
                    WB_MISTAKES({"one summed (batch) update with the old w for every sample",
                                 ref_perceptron_epoch(p.X, p.w, p.t, eta, Rule::Batch)}));
    }
}
BOOST_AUTO_TEST_SUITE_END()
BOOST_AUTO_TEST_SUITE_END()
