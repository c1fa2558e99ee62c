// Chapter 5, hidden cases (grading only): every exercise again on networks drawn from the course
// secret (wb::hidden::rng), with layer sizes no text prints, against the test's own references
// (tests/05_tanh_network/reference.hpp). The grader gives an exercise its points only if these pass.
// Every expected value is inside WB_EXPECTED: the grader's build of the student's test program does
// not compute it (the student's process never holds a hidden answer; the grader compares the
// recorded values with its trusted run of the reference solutions).
#include "hidden.hpp"
#include "reference.hpp"

namespace {
// Units {d(0), ..., d(L)}: L = 2 or 3 layers, 1 to 4 units each, one output.
std::vector<std::size_t> hidden_units(wb::Rng& r) {
    std::vector<std::size_t> u{wb::hidden::size_in(r, 1, 4)};
    const std::size_t L = wb::hidden::size_in(r, 2, 3);
    for (std::size_t l = 1; l < L; ++l) u.push_back(wb::hidden::size_in(r, 1, 4));
    u.push_back(1);
    return u;
}
std::string units_str(const std::vector<std::size_t>& u) {
    std::string s;
    for (std::size_t i = 0; i < u.size(); ++i) s += (i ? "-" : "") + std::to_string(u[i]);
    return "a hidden " + s + " network";
}
const auto kRound = abs_tol(1e-12, "a few roundings (N(0, 1) weights)");
// The known wrong answers that are other formulas, then those computed from the expected value (in
// WB_MISTAKES: withheld with it in the grader's student build).
std::vector<Mistake> join(std::vector<Mistake> others, const std::vector<Mistake>& from_expected) {
    others.insert(others.end(), from_expected.begin(), from_expected.end());
    return others;
}
}  // namespace

BOOST_AUTO_TEST_SUITE(ex5_1_forward)
BOOST_AUTO_TEST_SUITE(hidden)
WB_TEST_CASE(random_networks) {
    wb::Rng r = wb::hidden::rng("ex5_1");
    for (int k = 0; k < 3; ++k) {
        const auto u = hidden_units(r);
        const Weights W = random_W(u, r.next_u64());
        const Vector x = random_vector(u[0], r.next_u64());
        const ch5::Forward got = ch5::forward(x, W);
        const std::size_t L = u.size() - 1;
        require_layers("s", got.s, L + 1, "there is no s(0)");
        BOOST_TEST_REQUIRE(got.x.size() == L + 1, wb::test::current_exercise() << ": x should have L + 1 = " << L + 1 << " entries");
        for (std::size_t l = 1; l <= L; ++l) {
            check_close("s(" + std::to_string(l) + ") of " + units_str(u), got.s[l], WB_EXPECTED(ref_forward(x, W).s[l]), kRound,
                        "units of layer l");
            check_close("x(" + std::to_string(l) + ") of " + units_str(u), got.x[l], WB_EXPECTED(ref_forward(x, W).x[l]), kRound,
                        "bias unit + units of layer l");
        }
    }
}
BOOST_AUTO_TEST_SUITE_END()
BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(ex5_2_output_sensitivity)
BOOST_AUTO_TEST_SUITE(hidden)
WB_TEST_CASE(random_outputs) {
    wb::Rng r = wb::hidden::rng("ex5_2");
    for (int k = 0; k < 4; ++k) {
        const double s = r.normal(0.0, 1.5), x = std::tanh(s), y = r.uniform(-1.0, 1.0);
        check_close("delta(L) at a hidden s(L), y", ch5::output_sensitivity(Vector{s}, Vector{x}, y),
                    WB_EXPECTED(Vector{2.0 * (x - y) * tprime(s)}), abs_tol(1e-14, "a few roundings"), "one output",
                    join(sensitivity_mistakes(s, x, y, Mistakes::other_formulas),
                         WB_MISTAKES(sensitivity_mistakes(s, x, y, Mistakes::from_expected))));
    }
}
BOOST_AUTO_TEST_SUITE_END()
BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(ex5_3_backward_step)
BOOST_AUTO_TEST_SUITE(hidden)
WB_TEST_CASE(random_layers) {
    wb::Rng r = wb::hidden::rng("ex5_3");
    for (int k = 0; k < 4; ++k) {
        const std::size_t d = wb::hidden::size_in(r, 1, 5), dn = wb::hidden::size_in(r, 1, 4);
        const Vector s = random_vector(d, r.next_u64()), delta_next = random_vector(dn, r.next_u64());
        const Matrix Wn = r.normal_matrix(d + 1, dn);
        check_close("delta(l) of a hidden layer of " + std::to_string(d) + " units (" + std::to_string(dn) + " above)",
                    ch5::backward_step(s, Wn, delta_next), WB_EXPECTED(ref_step(s, Wn, delta_next)), kRound,
                    "d(l) units: the bias row dropped",
                    join(step_mistakes(s, Wn, delta_next, Mistakes::other_formulas),
                         WB_MISTAKES(step_mistakes(s, Wn, delta_next, Mistakes::from_expected))));
    }
}
BOOST_AUTO_TEST_SUITE_END()
BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(ex5_4_sensitivities)
BOOST_AUTO_TEST_SUITE(hidden)
WB_TEST_CASE(random_networks) {
    wb::Rng r = wb::hidden::rng("ex5_4");
    for (int k = 0; k < 3; ++k) {
        const auto u = hidden_units(r);
        const Weights W = random_W(u, r.next_u64());
        const ch5::Forward fw = ref_forward(random_vector(u[0], r.next_u64()), W);
        const double y = r.uniform(-1.0, 1.0);
        const ch5::Sensitivities got = ch5::sensitivities(fw, W, y);
        const std::size_t L = u.size() - 1;
        require_layers("delta", got, L + 1, "there is no delta(0)");
        for (std::size_t l = 1; l <= L; ++l)
            check_close("delta(" + std::to_string(l) + ") of " + units_str(u), got[l], WB_EXPECTED(ref_sensitivities(fw, W, y)[l]),
                        kRound, "units of layer l");
    }
}
BOOST_AUTO_TEST_SUITE_END()
BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(ex5_5_gradients)
BOOST_AUTO_TEST_SUITE(hidden)
WB_TEST_CASE(random_networks) {
    wb::Rng r = wb::hidden::rng("ex5_5");
    for (int k = 0; k < 3; ++k) {
        const auto u = hidden_units(r);
        const Weights W = random_W(u, r.next_u64());
        const ch5::Forward fw = ref_forward(random_vector(u[0], r.next_u64()), W);
        const ch5::Sensitivities d = ref_sensitivities(fw, W, r.uniform(-1.0, 1.0));
        const Weights got = ch5::gradients(fw, d);
        const std::size_t L = u.size() - 1;
        require_layers("dW", got, L + 1, "there is no W(0)");
        for (std::size_t l = 1; l <= L; ++l)
            // The known wrong answer is the transpose of the expected value: withheld too.
            check_close("dW(" + std::to_string(l) + ") of " + units_str(u), got[l], WB_EXPECTED(outer(fw.x[l - 1], d[l])), kRound,
                        "like W(l)", WB_MISTAKES({"delta(l) x(l-1)^T (the outer product the wrong way round)", outer(d[l], fw.x[l - 1])}));
    }
}
BOOST_AUTO_TEST_SUITE_END()
BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(ex5_6_batch_gradient)
BOOST_AUTO_TEST_SUITE(hidden)
WB_TEST_CASE(random_batches) {
    wb::Rng r = wb::hidden::rng("ex5_6");
    for (int k = 0; k < 2; ++k) {
        const auto u = hidden_units(r);
        const Weights W = random_W(u, r.next_u64());
        const std::size_t N = wb::hidden::size_in(r, 2, 9);
        const Matrix X = r.normal_matrix(N, u[0]);
        const Vector y = random_vector(N, r.next_u64(), 0.5);
        const ch5::Batch got = ch5::batch_gradient(X, y, W);
        check_close("E of " + std::to_string(N) + " points on " + units_str(u), got.E, WB_EXPECTED(ref_batch(X, y, W).E),
                    abs_tol(1e-12, "a few roundings"));
        const std::size_t L = u.size() - 1;
        require_layers("dW", got.dW, L + 1, "there is no W(0)");
        for (std::size_t l = 1; l <= L; ++l)
            check_close("dW(" + std::to_string(l) + ") of " + std::to_string(N) + " points on " + units_str(u), got.dW[l],
                        WB_EXPECTED(ref_batch(X, y, W).dW[l]), kRound, "like W(l)");
    }
}
BOOST_AUTO_TEST_SUITE_END()
BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(ex5_7_train)
BOOST_AUTO_TEST_SUITE(hidden)
WB_TEST_CASE(random_runs) {
    wb::Rng r = wb::hidden::rng("ex5_7");
    const auto u = hidden_units(r);
    const Weights W0 = random_W(u, r.next_u64());
    const std::size_t N = wb::hidden::size_in(r, 3, 10), epochs = wb::hidden::size_in(r, 2, 8);
    const Matrix X = r.normal_matrix(N, u[0]);
    const Vector y = random_vector(N, r.next_u64(), 0.5);
    const double eta = r.uniform(0.05, 0.3);
    const ch5::Training out = ch5::train(X, y, W0, eta, epochs);
    const std::size_t L = u.size() - 1;
    require_layers("W", out.W, L + 1, "there is no W(0)");
    const auto tol = abs_tol(1e-10, "double rounding over a few epochs");
    for (std::size_t l = 1; l <= L; ++l)
        check_close("W(" + std::to_string(l) + ") after " + std::to_string(epochs) + " epochs on " + units_str(u), out.W[l],
                    WB_EXPECTED(ref_train(X, y, W0, eta, epochs).W[l]), tol, "like W(l)");
    BOOST_TEST_REQUIRE(out.E.size() == epochs, wb::test::current_exercise() << ": E should have " << epochs << " entries");
    check_close("E history on " + units_str(u), xt::xarray<double>(xt::adapt(out.E)),
                WB_EXPECTED(xt::xarray<double>(xt::adapt(ref_train(X, y, W0, eta, epochs).E))), tol, "epochs");
}
BOOST_AUTO_TEST_SUITE_END()
BOOST_AUTO_TEST_SUITE_END()
