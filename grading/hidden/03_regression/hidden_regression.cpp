// Chapter 3, hidden cases (grading only): every exercise again on networks drawn from the course
// secret (wb::hidden::rng), at sizes no text prints, against the test's own references
// (tests/03_regression/reference.hpp). The grader gives an exercise its points only if these pass.
// Every expected value is inside WB_EXPECTED: the grader's build of the student's test program does
// not compute it (the student's process never holds a hidden answer; the grader compares the
// recorded values with its trusted run of the reference solutions).
#include "hidden.hpp"
#include "reference.hpp"

namespace {
Case hidden_case(wb::Rng& r) {
    const std::size_t N = wb::hidden::size_in(r, 2, 9), D = wb::hidden::size_in(r, 1, 4), H = wb::hidden::size_in(r, 2, 6);
    return {r.uniform_matrix(N, D, -1.0, 1.0), r.uniform_matrix(N, 1, 0.0, 1.0), r.normal_matrix(D, H, 0.8),
            r.normal_matrix(H, 1, 0.8)};
}
std::string size_of(const Case& c) {
    return "a hidden network (N = " + std::to_string(c.X.shape()[0]) + ", D = " + std::to_string(c.X.shape()[1]) +
           ", H = " + std::to_string(c.W1.shape()[1]) + ")";
}
const auto kRound = abs_tol(1e-13, "a few roundings of terms below 1 (hidden inputs)");
}  // namespace

BOOST_AUTO_TEST_SUITE(ex3_1_forward)
BOOST_AUTO_TEST_SUITE(hidden)
WB_TEST_CASE(random_networks) {
    wb::Rng r = wb::hidden::rng("ex3_1");
    for (int k = 0; k < 3; ++k) {
        const Case c = hidden_case(r);
        const ch3::Forward fw = ch3::forward(c.X, c.W1, c.W2);
        check_close("Z2 of " + size_of(c), fw.Z2, WB_EXPECTED(ref_forward(c.X, c.W1, c.W2).Z2), kRound, "samples x hidden");
        check_close("a2 of " + size_of(c), fw.a2, WB_EXPECTED(ref_forward(c.X, c.W1, c.W2).a2), kRound, "samples x hidden");
        check_close("Z3 of " + size_of(c), fw.Z3, WB_EXPECTED(ref_forward(c.X, c.W1, c.W2).Z3), kRound, "samples x outputs");
        check_close("f of " + size_of(c), fw.f, WB_EXPECTED(ref_forward(c.X, c.W1, c.W2).f), kRound, "samples x outputs");
    }
}
BOOST_AUTO_TEST_SUITE_END()
BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(ex3_2_loss)
BOOST_AUTO_TEST_SUITE(hidden)
WB_TEST_CASE(random_networks) {
    wb::Rng r = wb::hidden::rng("ex3_2");
    for (int k = 0; k < 3; ++k) {
        const Case c = hidden_case(r);
        const Matrix f = ref_forward(c.X, c.W1, c.W2).f;
        check_close("L of " + size_of(c), ch3::loss(f, c.t), WB_EXPECTED(ref_loss(f, c.t)), rel_tol(1e-12, "a few roundings"));
    }
}
BOOST_AUTO_TEST_SUITE_END()
BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(ex3_3_delta3)
BOOST_AUTO_TEST_SUITE(hidden)
WB_TEST_CASE(random_networks) {
    wb::Rng r = wb::hidden::rng("ex3_3");
    for (int k = 0; k < 3; ++k) {
        const Case c = hidden_case(r);
        const ch3::Forward fw = ref_forward(c.X, c.W1, c.W2);
        check_close("delta3 of " + size_of(c), ch3::delta3(fw, c.t), WB_EXPECTED(ref_delta3(fw, c.t)), kRound, "samples x outputs",
                    {{"sigma(Z3) = f used where sigma'(Z3) is due", ref_delta3(fw, c.t, D3::SigmaForSigmaPrime)}});
    }
}
BOOST_AUTO_TEST_SUITE_END()
BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(ex3_4_dW2)
BOOST_AUTO_TEST_SUITE(hidden)
WB_TEST_CASE(random_networks) {
    wb::Rng r = wb::hidden::rng("ex3_4");
    for (int k = 0; k < 3; ++k) {
        const Case c = hidden_case(r);
        const ch3::Forward fw = ref_forward(c.X, c.W1, c.W2);
        const Matrix d3 = ref_delta3(fw, c.t);
        check_close("dW2 of " + size_of(c), ch3::dW2(fw, d3), WB_EXPECTED(ref_dW2(fw.a2, d3)), kRound, "hidden x outputs",
                    {{"Z2^T delta3 (the pre-activation where the activation a2 is due)", ref_dW2(fw.Z2, d3)}});
    }
}
BOOST_AUTO_TEST_SUITE_END()
BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(ex3_5_delta2)
BOOST_AUTO_TEST_SUITE(hidden)
WB_TEST_CASE(random_networks) {
    wb::Rng r = wb::hidden::rng("ex3_5");
    for (int k = 0; k < 3; ++k) {
        const Case c = hidden_case(r);
        const ch3::Forward fw = ref_forward(c.X, c.W1, c.W2);
        const Matrix d3 = ref_delta3(fw, c.t);
        check_close("delta2 of " + size_of(c), ch3::delta2(fw, d3, c.W2), WB_EXPECTED(ref_delta2(fw, d3, c.W2)), kRound, "samples x hidden",
                    {{"sigma'(a2) where sigma'(Z2) is due", ref_delta2(fw, d3, c.W2, D2::SigmaPrimeOfA2)}});
    }
}
BOOST_AUTO_TEST_SUITE_END()
BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(ex3_6_dW1)
BOOST_AUTO_TEST_SUITE(hidden)
WB_TEST_CASE(random_networks) {
    wb::Rng r = wb::hidden::rng("ex3_6");
    for (int k = 0; k < 3; ++k) {
        const Case c = hidden_case(r);
        const ch3::Forward fw = ref_forward(c.X, c.W1, c.W2);
        const Matrix d2 = ref_delta2(fw, ref_delta3(fw, c.t), c.W2);
        check_close("dW1 of " + size_of(c), ch3::dW1(c.X, d2), WB_EXPECTED(ref_dW1(c.X, d2)), kRound, "inputs x hidden");
    }
}
BOOST_AUTO_TEST_SUITE_END()
BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(ex3_7_train)
BOOST_AUTO_TEST_SUITE(hidden)
WB_TEST_CASE(random_networks) {
    wb::Rng r = wb::hidden::rng("ex3_7");
    for (int k = 0; k < 2; ++k) {
        const Case c = hidden_case(r);
        const double eta = r.uniform(0.2, 2.0);
        const std::size_t iters = wb::hidden::size_in(r, 3, 25);
        const ch3::Training got = ch3::train(c.X, c.t, c.W1, c.W2, eta, iters);
        const auto tol = abs_tol(1e-10, "the same steps, rounded in another order");
        check_close("W1 after " + std::to_string(iters) + " iterations on " + size_of(c), got.W1, WB_EXPECTED(ref_train(c.X, c.t, c.W1, c.W2, eta, iters).W1), tol, "inputs x hidden");
        check_close("W2 after " + std::to_string(iters) + " iterations on " + size_of(c), got.W2, WB_EXPECTED(ref_train(c.X, c.t, c.W1, c.W2, eta, iters).W2), tol, "hidden x outputs");
        check_close("losses on " + size_of(c), got.losses, WB_EXPECTED(ref_train(c.X, c.t, c.W1, c.W2, eta, iters).losses), tol, "iterations + 1");
    }
}
BOOST_AUTO_TEST_SUITE_END()
BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(ex3_8_brute_force_seconds)
BOOST_AUTO_TEST_SUITE(hidden)
WB_TEST_CASE(random_grids) {
    wb::Rng r = wb::hidden::rng("ex3_8");
    for (int k = 0; k < 4; ++k) {
        const std::size_t params = wb::hidden::size_in(r, 1, 7);
        const double grid = static_cast<double>(wb::hidden::size_in(r, 2, 60)), per_trial = r.uniform(1e-6, 1e-2);
        check_close("seconds for " + std::to_string(params) + " parameters, a hidden grid and time a trial",
                    ch3::brute_force_seconds(params, grid, per_trial),
                    WB_EXPECTED(std::pow(grid, static_cast<double>(params)) * per_trial),
                    rel_tol(1e-12, "a few roundings of grid^parameters"));
    }
}
BOOST_AUTO_TEST_SUITE_END()
BOOST_AUTO_TEST_SUITE_END()
