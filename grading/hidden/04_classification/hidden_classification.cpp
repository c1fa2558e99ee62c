// Chapter 4, hidden cases (grading only): every exercise again on problems drawn from the course
// secret (wb::hidden::rng), at sizes no text prints, against the test's own references
// (tests/04_classification/reference.hpp). The grader gives an exercise its points only if these pass.
// Every expected value is inside WB_EXPECTED: the grader's build of the student's test program does
// not compute it (the student's process never holds a hidden answer; the grader compares the
// recorded values with its trusted run of the reference solutions).
#include <xtensor/xadapt.hpp>

#include "hidden.hpp"
#include "reference.hpp"

namespace {
Problem hidden_problem(wb::Rng& r) {
    const std::size_t N = wb::hidden::size_in(r, 3, 15), D = wb::hidden::size_in(r, 1, 5), H = wb::hidden::size_in(r, 2, 6);
    return random_problem(N, D, H, r.next_u64());
}
std::string size_of(const Problem& p) {
    return "a hidden problem (N = " + std::to_string(p.X.shape()[0]) + ", D = " + std::to_string(p.X.shape()[1]) +
           ", H = " + std::to_string(p.W1.shape()[1]) + ")";
}
}  // namespace

BOOST_AUTO_TEST_SUITE(ex4_1_forward)
BOOST_AUTO_TEST_SUITE(hidden)
WB_TEST_CASE(random_problems) {
    wb::Rng r = wb::hidden::rng("ex4_1");
    for (int k = 0; k < 3; ++k) {
        const Problem p = hidden_problem(r);
        const ch4::Forward fw = ch4::forward(p.X, p.W1, p.W2);
        const auto tol = abs_tol(1e-12, "a few roundings (N(0, 1) inputs and weights)");
        check_close("Z2 of " + size_of(p), fw.Z2, WB_EXPECTED(ref_forward(p.X, p.W1, p.W2).Z2), tol, "samples x hidden");
        check_close("a2 of " + size_of(p), fw.a2, WB_EXPECTED(ref_forward(p.X, p.W1, p.W2).a2), tol, "samples x hidden");
        check_close("Z3 of " + size_of(p), fw.Z3, WB_EXPECTED(ref_forward(p.X, p.W1, p.W2).Z3), tol, "samples x outputs");
        check_close("f of " + size_of(p), fw.f, WB_EXPECTED(ref_forward(p.X, p.W1, p.W2).f), tol, "samples x outputs");
    }
}
BOOST_AUTO_TEST_SUITE_END()
BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(ex4_2_cross_entropy)
BOOST_AUTO_TEST_SUITE(hidden)
WB_TEST_CASE(random_problems) {
    wb::Rng r = wb::hidden::rng("ex4_2");
    for (int k = 0; k < 3; ++k) {
        const Problem p = hidden_problem(r);
        const Matrix Z3 = ref_forward(p.X, p.W1, p.W2).Z3;
        check_close("L of " + size_of(p), ch4::cross_entropy(Z3, p.t), WB_EXPECTED(ref_loss(Z3, p.t)),
                    rel_tol(1e-10, "log(sigma) and softplus round differently"));
    }
}
BOOST_AUTO_TEST_SUITE_END()
BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(ex4_3_output_delta)
BOOST_AUTO_TEST_SUITE(hidden)
WB_TEST_CASE(random_problems) {
    wb::Rng r = wb::hidden::rng("ex4_3");
    for (int k = 0; k < 3; ++k) {
        const Problem p = hidden_problem(r);
        const Matrix f = ref_forward(p.X, p.W1, p.W2).f;
        // The known wrong answer (f - t) sigma'(Z3) is the expected f - t times a factor: withheld too.
        check_close("delta3 of " + size_of(p), ch4::output_delta(f, p.t), WB_EXPECTED(Matrix(f - p.t)), abs_tol(1e-15, "one rounding"),
                    "samples x outputs",
                    WB_MISTAKES({"(f - t) sigma'(Z3): the MSE delta, which cross-entropy cancels", Matrix((f - p.t) * f * (1.0 - f))}));
    }
}
BOOST_AUTO_TEST_SUITE_END()
BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(ex4_4_gradients)
BOOST_AUTO_TEST_SUITE(hidden)
WB_TEST_CASE(random_problems) {
    wb::Rng r = wb::hidden::rng("ex4_4");
    for (int k = 0; k < 3; ++k) {
        const Problem p = hidden_problem(r);
        const ch4::Forward fw = ref_forward(p.X, p.W1, p.W2);
        const Matrix d3 = fw.f - p.t;
        const ch4::Gradients g = ch4::gradients(p.X, fw, p.W2, d3);
        const auto tol = abs_tol(1e-12, "a few roundings (N(0, 1) inputs and weights)");
        check_close("dW1 of " + size_of(p), g.dW1, WB_EXPECTED(ref_gradients(p.X, fw, p.W2, d3).dW1), tol, "features x hidden",
                    {{"sigma'(a2) where sigma'(Z2) is due", ref_gradients(p.X, fw, p.W2, d3, Slip::prime_of_a2).dW1}});
        check_close("dW2 of " + size_of(p), g.dW2, WB_EXPECTED(ref_gradients(p.X, fw, p.W2, d3).dW2), tol, "hidden x outputs");
    }
}
BOOST_AUTO_TEST_SUITE_END()
BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(ex4_5_accuracy)
BOOST_AUTO_TEST_SUITE(hidden)
WB_TEST_CASE(random_outputs) {
    wb::Rng r = wb::hidden::rng("ex4_5");
    for (int k = 0; k < 3; ++k) {
        const std::size_t N = wb::hidden::size_in(r, 5, 80);
        const Matrix f = r.uniform_matrix(N, 1, 0.0, 1.0);
        Matrix t = xt::zeros<double>({N, std::size_t{1}});
        for (auto& v : t) v = static_cast<double>(r.below(2));
        check_close("accuracy of " + std::to_string(N) + " hidden outputs", ch4::accuracy(f, t), WB_EXPECTED(ref_accuracy(f, t)),
                    abs_tol(1e-15, "a count divided by N"));
    }
}
BOOST_AUTO_TEST_SUITE_END()
BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(ex4_6_train)
BOOST_AUTO_TEST_SUITE(hidden)
WB_TEST_CASE(random_problems) {
    wb::Rng r = wb::hidden::rng("ex4_6");
    for (int k = 0; k < 2; ++k) {
        const Problem p = hidden_problem(r);
        const double eta = r.uniform(0.01, 0.2);
        const std::size_t epochs = wb::hidden::size_in(r, 2, 8);
        const ch4::Training out = ch4::train(p.X, p.t, p.W1, p.W2, eta, epochs);
        const auto tol = abs_tol(1e-9, "double rounding over a few epochs");
        check_close("W1 after " + std::to_string(epochs) + " epochs on " + size_of(p), out.W1,
                    WB_EXPECTED(ref_train(p.X, p.t, p.W1, p.W2, eta, epochs).W1), tol, "features x hidden");
        check_close("W2 after " + std::to_string(epochs) + " epochs on " + size_of(p), out.W2,
                    WB_EXPECTED(ref_train(p.X, p.t, p.W1, p.W2, eta, epochs).W2), tol, "hidden x outputs");
        check_close("loss history on " + size_of(p), xt::adapt(out.loss, {out.loss.size()}),
                    WB_EXPECTED(xt::xarray<double>(xt::adapt(ref_train(p.X, p.t, p.W1, p.W2, eta, epochs).loss))), tol, "epochs");
        check_close("accuracy history on " + size_of(p), xt::adapt(out.accuracy, {out.accuracy.size()}),
                    WB_EXPECTED(xt::xarray<double>(xt::adapt(ref_train(p.X, p.t, p.W1, p.W2, eta, epochs).accuracy))),
                    abs_tol(1e-12, "counts divided by N"), "epochs");
    }
}
BOOST_AUTO_TEST_SUITE_END()
BOOST_AUTO_TEST_SUITE_END()
