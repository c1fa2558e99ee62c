// Chapter 8, grading-only cases: per exercise a nested `hidden` suite whose inputs (depths,
// widths, batch sizes, activations, values) come from wb::hidden::rng(salt), i.e. from
// $WB_HIDDEN_SEED, and whose expected values the test computes itself (tests/08_deep/reference.hpp).
// Every expected value is inside WB_EXPECTED: the grader's build of the student's test program does
// not compute it (the student's process never holds a hidden answer; the grader compares the
// recorded values with its trusted run of the reference solutions).
#include <cmath>
#include <string>
#include <vector>

#include <xtensor/xadapt.hpp>
#include <xtensor/xmath.hpp>

#include "deep.hpp"
#include "hidden.hpp"
#include "reference.hpp"
#include "workbook/testing.hpp"

using ch8::Activation;
using ch8::Matrix;
using wb::test::abs_tol;
using wb::test::check_close;
using wb::test::rel_tol;

namespace {
const char* kLoops = "the test's loops, the same sums in another order";

std::string seed_note() { return " [hidden seed " + std::to_string(wb::hidden::seed()) + "]"; }

// The gradients `a` of a network of depth l against those `expected()` returns; expected is called
// only inside WB_EXPECTED (never in the grader's build of the student's program). l is an input
// (the architecture), so the guard on the number of entries needs no expected value.
template <class Expected>
void same_gradients(const std::string& what, const ch8::Gradients& a, std::size_t l, const Expected& expected,
                    const wb::test::Tolerance& tol) {
    BOOST_TEST_REQUIRE((a.dW.size() == l + 1 && a.db.size() == l + 1),
                       wb::test::current_exercise() << ": " << what << ": dW and db should have l + 1 = " << l + 1 << " entries");
    for (std::size_t k = 1; k <= l; ++k) {
        check_close(what + ": dW(" + std::to_string(k) + ")", a.dW[k], WB_EXPECTED(expected().dW[k]), tol, "n_{k-1} x n_k");
        check_close(what + ": db(" + std::to_string(k) + ")", a.db[k], WB_EXPECTED(expected().db[k]), tol, "1 x n_k");
    }
}
}  // namespace

BOOST_AUTO_TEST_SUITE(ex8_1_activation)
BOOST_AUTO_TEST_SUITE(hidden)
WB_TEST_CASE(random_matrices) {
    wb::Rng rng = wb::hidden::rng(81);
    for (int t = 0; t < 8; ++t) {
        const Matrix A = rng.normal_matrix(1 + rng.below(9), 1 + rng.below(9), rng.uniform(0.5, 30.0));
        for (Activation f : {Activation::identity, Activation::sigmoid, Activation::tanh, Activation::relu, Activation::softmax})
            check_close(ch8::name(f) + seed_note(), ch8::activation(A, f), WB_EXPECTED(ch8ref::activation(A, f)), abs_tol(1e-15, "exp/tanh rounded once or twice"),
                        "samples x units");
    }
}
BOOST_AUTO_TEST_SUITE_END()
BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(ex8_2_activation_prime)
BOOST_AUTO_TEST_SUITE(hidden)
WB_TEST_CASE(random_matrices) {
    wb::Rng rng = wb::hidden::rng(82);
    for (int t = 0; t < 8; ++t) {
        Matrix A = rng.normal_matrix(1 + rng.below(9), 1 + rng.below(9), rng.uniform(0.5, 5.0));
        for (auto& a : A)
            if (a == 0.0) a = 0.25;  // relu'(0) is a convention: not asked here
        for (Activation f : ch8ref::kElementwise) {
            // f'(f(A)) is a mistake for sigmoid and tanh only: for identity and relu it is f'(A) itself,
            // and the grader's student build (expected withheld) fails any match with a known mistake.
            const bool slope_at_activation_differs = f == Activation::sigmoid || f == Activation::tanh;
            const std::vector<wb::test::Mistake> mistakes =
                slope_at_activation_differs
                    ? std::vector<wb::test::Mistake>{{"f'(f(A)): the slope at the activation", ch8ref::activation_prime(ch8ref::activation(A, f), f)}}
                    : std::vector<wb::test::Mistake>{};
            check_close(ch8::name(f) + "'" + seed_note(), ch8::activation_prime(A, f), WB_EXPECTED(ch8ref::activation_prime(A, f)),
                        abs_tol(1e-15, "one or two roundings"), "samples x units", mistakes);
        }
    }
}
BOOST_AUTO_TEST_SUITE_END()
BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(ex8_3_forward)
BOOST_AUTO_TEST_SUITE(hidden)
WB_TEST_CASE(random_networks) {
    wb::Rng rng = wb::hidden::rng(83);
    for (int t = 0; t < 9; ++t) {
        const ch8ref::Case c = ch8ref::random_case(rng, ch8ref::kLosses[t % 3], 5, 8, 9);
        const ch8::Forward fw = ch8::forward(c.net, c.X);
        const std::size_t l = c.net.arch.depth();  // an input (the architecture)
        BOOST_TEST_REQUIRE((fw.H.size() == l + 1 && fw.A.size() == l + 1),
                           wb::test::current_exercise() << ": A and H should have l + 1 = " << l + 1 << " entries" << seed_note());
        for (std::size_t k = 1; k <= l; ++k) {
            check_close("A(" + std::to_string(k) + ") of " + c.describe + seed_note(), fw.A[k], WB_EXPECTED(ch8ref::forward(c.net, c.X).A[k]),
                        rel_tol(1e-12, kLoops), "samples x n_k");
            check_close("H(" + std::to_string(k) + ") of " + c.describe + seed_note(), fw.H[k], WB_EXPECTED(ch8ref::forward(c.net, c.X).H[k]),
                        rel_tol(1e-12, kLoops), "samples x n_k");
        }
    }
}
BOOST_AUTO_TEST_SUITE_END()
BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(ex8_4_cost)
BOOST_AUTO_TEST_SUITE(hidden)
WB_TEST_CASE(random_networks) {
    wb::Rng rng = wb::hidden::rng(84);
    for (int t = 0; t < 9; ++t) {
        const ch8ref::Case c = ch8ref::random_case(rng, ch8ref::kLosses[t % 3], 5, 8, 9);
        const Matrix Yhat = ch8ref::forward(c.net, c.X).H[c.net.arch.depth()];
        const ch8::Cost got = ch8::cost(c.net, Yhat, c.Y, c.lambda);
        check_close("L of " + c.describe + seed_note(), got.L, WB_EXPECTED(ch8ref::loss(c.net.arch.loss, Yhat, c.Y)), rel_tol(1e-12, kLoops));
        check_close("Omega of " + c.describe + seed_note(), got.Omega, WB_EXPECTED(ch8ref::omega(c.net)), rel_tol(1e-12, kLoops),
                    {{"the biases decayed too", xt::xarray<double>(ch8ref::omega(c.net, true))}});
        check_close("J of " + c.describe + seed_note(), got.J,
                    WB_EXPECTED(ch8ref::loss(c.net.arch.loss, Yhat, c.Y) + c.lambda * ch8ref::omega(c.net)), rel_tol(1e-12, kLoops));
    }
}
BOOST_AUTO_TEST_SUITE_END()
BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(ex8_5_output_delta)
BOOST_AUTO_TEST_SUITE(hidden)
WB_TEST_CASE(random_networks) {
    wb::Rng rng = wb::hidden::rng(85);
    for (int t = 0; t < 9; ++t) {
        const ch8ref::Case c = ch8ref::random_case(rng, ch8ref::kLosses[t % 3], 5, 8, 9);
        const ch8::Forward fw = ch8ref::forward(c.net, c.X);
        check_close("G(l) of " + c.describe + seed_note(), ch8::output_delta(c.net, fw, c.Y),
                    WB_EXPECTED(ch8ref::output_delta(c.net, fw, c.Y)),
                    rel_tol(1e-12, kLoops), "samples x outputs");
    }
}
BOOST_AUTO_TEST_SUITE_END()
BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(ex8_6_backward)
BOOST_AUTO_TEST_SUITE(hidden)
WB_TEST_CASE(random_networks) {
    wb::Rng rng = wb::hidden::rng(86);
    for (int t = 0; t < 15; ++t) {
        const ch8ref::Case c = ch8ref::random_case(rng, ch8ref::kLosses[t % 3], 5, 8, 9);
        const ch8::Forward fw = ch8ref::forward(c.net, c.X);
        const Matrix G = ch8ref::output_delta(c.net, fw, c.Y);
        same_gradients(c.describe + seed_note(), ch8::backward(c.net, fw, G, c.lambda), c.net.arch.depth(),
                       [&] { return ch8ref::backward(c.net, fw, G, c.lambda); }, abs_tol(1e-12, kLoops));
    }
}
BOOST_AUTO_TEST_SUITE_END()
BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(ex8_7_gradient_check)
BOOST_AUTO_TEST_SUITE(hidden)
WB_TEST_CASE(random_networks) {
    wb::Rng rng = wb::hidden::rng(87);
    for (int t = 0; t < 3; ++t) {
        const ch8ref::Case c = ch8ref::random_case(rng, ch8ref::kLosses[t % 3], 3, 4, 4, false);
        const ch8::Gradients right = ch8ref::gradients(c.net, c.X, c.Y, c.lambda);
        const ch8::GradientCheck got = ch8::gradient_check(c.net, c.X, c.Y, c.lambda, right, 1e-5);
        same_gradients("numeric of " + c.describe + seed_note(), got.numeric, c.net.arch.depth(),
                       [&] { return ch8ref::numeric(c.net, c.X, c.Y, c.lambda, 1e-5); },
                       abs_tol(1e-9, "the same central differences, J summed in another order"));
        const ch8::Gradients bad = ch8ref::scaled(right, 1.5);
        check_close("relative error of 1.5 x the gradient, " + c.describe + seed_note(), ch8::gradient_check(c.net, c.X, c.Y, c.lambda, bad, 1e-5).relative_error,
                    WB_EXPECTED(ch8ref::relative_error(bad, ch8ref::numeric(c.net, c.X, c.Y, c.lambda, 1e-5))),
                    abs_tol(1e-8, "central differences ~1e-9"));
    }
}
BOOST_AUTO_TEST_SUITE_END()
BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(ex8_8_init_network)
BOOST_AUTO_TEST_SUITE(hidden)
WB_TEST_CASE(random_architectures) {
    wb::Rng rng = wb::hidden::rng(88);
    for (int t = 0; t < 6; ++t) {
        const ch8ref::Case c = ch8ref::random_case(rng, ch8ref::kLosses[t % 3], 5, 9, 2);
        const std::uint64_t seed = rng.next_u64();
        const ch8::Network net = ch8::init_network(c.net.arch, seed);
        BOOST_TEST_REQUIRE(net.W.size() == c.net.arch.depth() + 1, wb::test::current_exercise() << ": W should have l + 1 entries" << seed_note());
        // The expected W(k): layer k's draws from wb::Rng(seed) after those of layers 1 .. k-1, with
        // He's sd for relu and Glorot's otherwise.
        const auto expected_W = [&](std::size_t k) {
            wb::Rng r(seed);
            Matrix W;
            for (std::size_t j = 1; j <= k; ++j) {
                const double in = static_cast<double>(c.net.arch.sizes[j - 1]), out = static_cast<double>(c.net.arch.sizes[j]);
                const double sd = c.net.arch.f(j) == Activation::relu ? std::sqrt(2.0 / in) : std::sqrt(2.0 / (in + out));
                W = r.normal_matrix(c.net.arch.sizes[j - 1], c.net.arch.sizes[j], sd);
            }
            return W;
        };
        for (std::size_t k = 1; k <= c.net.arch.depth(); ++k) {
            check_close("W(" + std::to_string(k) + ") of " + c.describe + seed_note(), net.W[k], WB_EXPECTED(expected_W(k)),
                        abs_tol(1e-15, "the same draws"), "n_{k-1} x n_k");
            check_close("b(" + std::to_string(k) + ")" + seed_note(), net.b[k],
                        WB_EXPECTED(Matrix(xt::zeros<double>({std::size_t{1}, c.net.arch.sizes[k]}))), abs_tol(0, "zero"), "1 x n_k");
        }
    }
}
BOOST_AUTO_TEST_SUITE_END()
BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(ex8_9_train)
BOOST_AUTO_TEST_SUITE(hidden)
WB_TEST_CASE(random_networks) {
    wb::Rng rng = wb::hidden::rng(89);
    for (int t = 0; t < 6; ++t) {
        const ch8ref::Case c = ch8ref::random_case(rng, ch8ref::kLosses[t % 3], 4, 6, 8);
        const double eta = rng.uniform(0.01, 0.1);
        const std::size_t steps = 1 + rng.below(4);
        // The reference's `steps` steps of gradient descent: the network and J before every step and after the last.
        const auto reference = [&] {
            std::pair<ch8::Network, xt::xarray<double>> out{c.net, xt::zeros<double>({steps + 1})};
            ch8::Network& ref = out.first;
            for (std::size_t e = 0; e < steps; ++e) {
                out.second(e) = ch8ref::J(ref, c.X, c.Y, c.lambda);
                const ch8::Gradients g = ch8ref::gradients(ref, c.X, c.Y, c.lambda);
                for (std::size_t k = 1; k <= ref.arch.depth(); ++k) {
                    ref.W[k] = ref.W[k] - eta * g.dW[k];
                    ref.b[k] = ref.b[k] - eta * g.db[k];
                }
            }
            out.second(steps) = ch8ref::J(ref, c.X, c.Y, c.lambda);
            return out;
        };
        const ch8::Training out = ch8::train(c.net, c.X, c.Y, c.lambda, eta, steps);
        check_close("J of " + c.describe + seed_note(), xt::adapt(out.J), WB_EXPECTED(reference().second), rel_tol(1e-12, kLoops), "epochs + 1");
        const std::size_t l = c.net.arch.depth();  // an input (the architecture)
        BOOST_TEST_REQUIRE(out.net.W.size() == l + 1, wb::test::current_exercise() << ": W should have l + 1 = " << l + 1 << " entries" << seed_note());
        for (std::size_t k = 1; k <= l; ++k)
            check_close("W(" + std::to_string(k) + ") of " + c.describe + seed_note(), out.net.W[k], WB_EXPECTED(reference().first.W[k]),
                        abs_tol(1e-12, kLoops), "n_{k-1} x n_k");
    }
}
BOOST_AUTO_TEST_SUITE_END()
BOOST_AUTO_TEST_SUITE_END()
