// Chapter 6, hidden cases (grading only): every exercise again on data and networks drawn from the
// course secret (wb::hidden::rng), at sizes no text prints, against the test's own references
// (tests/06_minibatch/reference.hpp). The grader gives an exercise its points only if these pass.
// Every expected value is inside WB_EXPECTED: the grader's build of the student's test program does
// not compute it (the student's process never holds a hidden answer; the grader compares the
// recorded values with its trusted run of the reference solutions).
#include <xtensor/xadapt.hpp>

#include "hidden.hpp"
#include "reference.hpp"

namespace {
struct Sizes {
    std::size_t N, D, H, K;
};
Sizes hidden_sizes(wb::Rng& r) {
    return {wb::hidden::size_in(r, 2, 17), wb::hidden::size_in(r, 1, 6), wb::hidden::size_in(r, 1, 5), wb::hidden::size_in(r, 2, 5)};
}
std::string size_of(const Sizes& s) {
    return "a hidden " + std::to_string(s.D) + "-" + std::to_string(s.H) + "-" + std::to_string(s.K) + " network on " +
           std::to_string(s.N) + " samples";
}
Matrix hidden_Y(wb::Rng& r, std::size_t N, std::size_t K) {
    std::vector<int> labels(N);
    for (auto& l : labels) l = static_cast<int>(r.below(K));
    return one_hot_rows(labels, K);
}
const auto kRound = abs_tol(1e-12, "a few roundings (weights below 1, N(0, 1) inputs)");
// The four parameters of `actual` against the network `expected()` returns; expected is called only
// inside WB_EXPECTED (never in the grader's build of the student's program).
template <class Expected>
void check_net_withheld(const std::string& what, const ch6::Network& actual, const Expected& expected, const wb::test::Tolerance& tol) {
    check_close(what + ": W1", actual.W1, WB_EXPECTED(expected().W1), tol, "inputs x hidden");
    check_close(what + ": b1", actual.b1, WB_EXPECTED(expected().b1), tol, "1 x hidden");
    check_close(what + ": W2", actual.W2, WB_EXPECTED(expected().W2), tol, "hidden x classes");
    check_close(what + ": b2", actual.b2, WB_EXPECTED(expected().b2), tol, "1 x classes");
}
}  // namespace

BOOST_AUTO_TEST_SUITE(ex6_1_batch_ranges)
BOOST_AUTO_TEST_SUITE(hidden)
WB_TEST_CASE(random_sizes) {
    wb::Rng r = wb::hidden::rng("ex6_1");
    // [b, min(b + B, N)) for b = 0, B, 2B, ... < N, as (begin, end) rows.
    const auto ranges = [](std::size_t N, std::size_t B) {
        std::vector<double> expected;
        for (std::size_t b = 0; b < N; b += B) expected.insert(expected.end(), {double(b), double(std::min(b + B, N))});
        return xt::xarray<double>(xt::adapt(expected, {expected.size() / 2, std::size_t{2}}));
    };
    for (int k = 0; k < 6; ++k) {
        const std::size_t N = wb::hidden::size_in(r, 1, 200), B = wb::hidden::size_in(r, 1, 40);
        check_close("batch_ranges(" + std::to_string(N) + ", " + std::to_string(B) + ") as (begin, end) rows",
                    as_pairs(ch6::batch_ranges(N, B)), WB_EXPECTED(ranges(N, B)), abs_tol(0, "whole numbers"), "batches x 2");
    }
}
BOOST_AUTO_TEST_SUITE_END()
BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(ex6_2_forward)
BOOST_AUTO_TEST_SUITE(hidden)
WB_TEST_CASE(random_networks) {
    wb::Rng r = wb::hidden::rng("ex6_2");
    for (int k = 0; k < 3; ++k) {
        const Sizes s = hidden_sizes(r);
        const Matrix X = r.normal_matrix(s.N, s.D);
        const ch6::Network net = tiny_net(s.D, s.H, s.K, r.next_u64());
        const ch6::Forward got = ch6::forward(X, net);
        check_close("H of " + size_of(s), got.H, WB_EXPECTED(ref_forward(X, net).H), kRound, "samples x hidden");
        check_close("P of " + size_of(s), got.P, WB_EXPECTED(ref_forward(X, net).P), kRound, "samples x classes");
    }
}
BOOST_AUTO_TEST_SUITE_END()
BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(ex6_3_cross_entropy)
BOOST_AUTO_TEST_SUITE(hidden)
WB_TEST_CASE(random_networks) {
    wb::Rng r = wb::hidden::rng("ex6_3");
    for (int k = 0; k < 3; ++k) {
        const Sizes s = hidden_sizes(r);
        const Matrix P = ref_forward(r.normal_matrix(s.N, s.D), tiny_net(s.D, s.H, s.K, r.next_u64())).P;
        const Matrix Y = hidden_Y(r, s.N, s.K);
        check_close("L of " + size_of(s), ch6::cross_entropy(P, Y), WB_EXPECTED(ref_loss(P, Y)), rel_tol(1e-12, "a few roundings"));
    }
}
BOOST_AUTO_TEST_SUITE_END()
BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(ex6_4_output_delta)
BOOST_AUTO_TEST_SUITE(hidden)
WB_TEST_CASE(random_networks) {
    wb::Rng r = wb::hidden::rng("ex6_4");
    for (int k = 0; k < 3; ++k) {
        const Sizes s = hidden_sizes(r);
        const Matrix P = ref_forward(r.normal_matrix(s.N, s.D), tiny_net(s.D, s.H, s.K, r.next_u64())).P;
        const Matrix Y = hidden_Y(r, s.N, s.K);
        check_close("delta of " + size_of(s), ch6::output_delta(P, Y), WB_EXPECTED(ref_delta(P, Y)), abs_tol(1e-15, "one rounding"),
                    "samples x classes", WB_MISTAKES({"P - Y without the 1/B of the mean loss (B x the expected value)", Matrix(P - Y)}));
    }
}
BOOST_AUTO_TEST_SUITE_END()
BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(ex6_5_gradients)
BOOST_AUTO_TEST_SUITE(hidden)
WB_TEST_CASE(random_networks) {
    wb::Rng r = wb::hidden::rng("ex6_5");
    for (int k = 0; k < 3; ++k) {
        const Sizes s = hidden_sizes(r);
        const Matrix X = r.normal_matrix(s.N, s.D), Y = hidden_Y(r, s.N, s.K);
        const ch6::Network net = tiny_net(s.D, s.H, s.K, r.next_u64());
        const ch6::Forward f = ref_forward(X, net);
        const Matrix delta = ref_delta(f.P, Y);
        const ch6::Gradients got = ch6::gradients(X, f, delta, net);
        check_close("dW1 of " + size_of(s), got.dW1, WB_EXPECTED(ref_gradients(X, f, delta, net).dW1), kRound, "inputs x hidden");
        check_close("db1 of " + size_of(s), got.db1, WB_EXPECTED(ref_gradients(X, f, delta, net).db1), kRound, "1 x hidden");
        check_close("dW2 of " + size_of(s), got.dW2, WB_EXPECTED(ref_gradients(X, f, delta, net).dW2), kRound, "hidden x classes");
        check_close("db2 of " + size_of(s), got.db2, WB_EXPECTED(ref_gradients(X, f, delta, net).db2), kRound, "1 x classes");
    }
}
BOOST_AUTO_TEST_SUITE_END()
BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(ex6_6_sgd_step)
BOOST_AUTO_TEST_SUITE(hidden)
WB_TEST_CASE(random_networks) {
    wb::Rng r = wb::hidden::rng("ex6_6");
    for (int k = 0; k < 3; ++k) {
        const Sizes s = hidden_sizes(r);
        const Matrix X = r.normal_matrix(s.N, s.D), Y = hidden_Y(r, s.N, s.K);
        const ch6::Network start = tiny_net(s.D, s.H, s.K, r.next_u64());
        const ch6::Gradients g = ref_batch_gradients(X, Y, start);  // an input of the step
        const double eta = r.uniform(0.01, 2.0);
        ch6::Network net = start;
        ch6::sgd_step(net, g, eta);
        const auto expected = [&] {
            ch6::Network e = start;
            ref_step(e, g, eta);
            return e;
        };
        check_net_withheld("the network after one step on " + size_of(s), net, expected, abs_tol(1e-14, "one rounding"));
    }
}
BOOST_AUTO_TEST_SUITE_END()
BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(ex6_7_train_epoch)
BOOST_AUTO_TEST_SUITE(hidden)
WB_TEST_CASE(random_runs) {
    // A few epochs, each with its own seed (a new shuffle every epoch), a hidden batch size.
    wb::Rng r = wb::hidden::rng("ex6_7");
    for (int k = 0; k < 2; ++k) {
        const Sizes s = hidden_sizes(r);
        const Matrix X = r.normal_matrix(s.N, s.D), Y = hidden_Y(r, s.N, s.K);
        const ch6::Network start = tiny_net(s.D, s.H, s.K, r.next_u64());
        ch6::Network net = start;
        const std::size_t B = wb::hidden::size_in(r, 1, s.N + 2);
        const double eta = r.uniform(0.05, 0.8);
        std::vector<std::uint64_t> seeds;
        // The reference's epochs 1 .. seeds.size() from the start: its network, its last epoch's losses.
        const auto reference = [&] {
            std::pair<ch6::Network, std::vector<double>> out{start, {}};
            for (const std::uint64_t seed : seeds) out.second = ref_train_epoch(out.first, X, Y, B, eta, seed);
            return out;
        };
        for (std::size_t epoch = 1; epoch <= 3; ++epoch) {
            seeds.push_back(r.next_u64());
            const std::vector<double> got = ch6::train_epoch(net, X, Y, B, eta, seeds.back(), epoch);
            const std::string at = "epoch " + std::to_string(epoch) + ": ";
            check_close(at + "the number of batch losses, " + size_of(s) + ", B = " + std::to_string(B), static_cast<double>(got.size()),
                        WB_EXPECTED(static_cast<double>((s.N + B - 1) / B)), abs_tol(0, "exact: a count"));
            check_close(at + "the batch losses, " + size_of(s) + ", B = " + std::to_string(B), vec(got), WB_EXPECTED(vec(reference().second)),
                        abs_tol(1e-12, "the same arithmetic in another order"), "iterations");
        }
        check_net_withheld("the network after 3 epochs, " + size_of(s), net, [&] { return reference().first; },
                           abs_tol(1e-12, "the same arithmetic in another order"));
    }
}
BOOST_AUTO_TEST_SUITE_END()
BOOST_AUTO_TEST_SUITE_END()
