// Chapter 7, hidden cases (grading only): every rung again on problems drawn from the course secret
// (wb::hidden::rng), at sizes, batch sizes and seeds no text prints, against the test's own loop
// reference (tests/07_fast/reference.hpp); 7.6's counts on hidden network sizes. The grader gives
// an exercise its points only if these pass.
// Every expected value is inside WB_EXPECTED: the grader's build of the student's test program does
// not compute it (the student's process never holds a hidden answer; the grader compares the
// recorded values with its trusted run of the reference solutions).
#include "hidden.hpp"
#include "reference.hpp"

namespace {
Problem hidden_problem(wb::Rng& r) {
    const std::size_t N = wb::hidden::size_in(r, 5, 60), D = wb::hidden::size_in(r, 1, 12), H = wb::hidden::size_in(r, 1, 9),
                      K = wb::hidden::size_in(r, 2, 6);
    Problem p;
    p.name = "a hidden " + std::to_string(N) + " x " + std::to_string(D) + " problem, network " + std::to_string(D) + "-" +
             std::to_string(H) + "-" + std::to_string(K);
    p.X = r.normal_matrix(N, D);
    std::vector<int> y(N);
    for (auto& v : y) v = static_cast<int>(r.below(K));
    p.Y = one_hot_rows(y, K);
    p.net.W1 = r.normal_matrix(D, H, 0.8);
    p.net.b1 = r.normal_matrix(1, H, 0.3);
    p.net.W2 = r.normal_matrix(H, K, 0.8);
    p.net.b2 = r.normal_matrix(1, K, 0.3);
    return p;
}
// Two epochs of the rung and of the loop reference, each with its own hidden seed.
void check_hidden_rung(const Rung& rung, const char* salt) {
    wb::Rng r = wb::hidden::rng(salt);
    for (int k = 0; k < 2; ++k) {
        const Problem p = hidden_problem(r);
        const std::size_t B = wb::hidden::size_in(r, 1, p.X.shape()[0] + 3);
        const double eta = r.uniform(0.05, 0.6);
        ch7::Network got = p.net;
        std::vector<std::uint64_t> seeds;
        // The loop reference's epochs 1 .. seeds.size() from p.net: its network and its last mean loss.
        const auto reference = [&] {
            std::pair<ch7::Network, double> out{p.net, 0.0};
            for (const std::uint64_t seed : seeds) out.second = loop_epoch(out.first, p.X, p.Y, B, eta, seed);
            return out;
        };
        for (int e = 1; e <= 2; ++e) {
            seeds.push_back(r.next_u64());
            const double l_got = rung(got, p.X, p.Y, B, eta, seeds.back());
            const std::string at = " (" + p.name + ", B = " + std::to_string(B) + ", epoch " + std::to_string(e) + ")";
            check_close("the mean batch loss" + at, l_got, WB_EXPECTED(reference().second), kSameArithmetic);
            check_close("W1 after the epoch" + at, got.W1, WB_EXPECTED(reference().first.W1), kSameArithmetic, "inputs x hidden");
            check_close("b1 after the epoch" + at, got.b1, WB_EXPECTED(reference().first.b1), kSameArithmetic, "1 x hidden");
            check_close("W2 after the epoch" + at, got.W2, WB_EXPECTED(reference().first.W2), kSameArithmetic, "hidden x classes");
            check_close("b2 after the epoch" + at, got.b2, WB_EXPECTED(reference().first.b2), kSameArithmetic, "1 x classes");
        }
    }
}
}  // namespace

BOOST_AUTO_TEST_SUITE(ex7_1_epoch_values)
BOOST_AUTO_TEST_SUITE(hidden)
WB_TEST_CASE(random_problems) { check_hidden_rung(Rung(ch7::epoch_values), "ex7_1"); }
BOOST_AUTO_TEST_SUITE_END()
BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(ex7_2_epoch_noalias)
BOOST_AUTO_TEST_SUITE(hidden)
WB_TEST_CASE(random_problems) { check_hidden_rung(Rung(ch7::epoch_noalias), "ex7_2"); }
BOOST_AUTO_TEST_SUITE_END()
BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(ex7_3_epoch_gemm_forward)
BOOST_AUTO_TEST_SUITE(hidden)
WB_TEST_CASE(random_problems) { check_hidden_rung(Rung(ch7::epoch_gemm_forward), "ex7_3"); }
BOOST_AUTO_TEST_SUITE_END()
BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(ex7_4_epoch_workspace)
BOOST_AUTO_TEST_SUITE(hidden)
WB_TEST_CASE(random_problems) { check_hidden_rung(with_workspace(ch7::epoch_workspace), "ex7_4"); }
BOOST_AUTO_TEST_SUITE_END()
BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(ex7_5_epoch_vectorised)
BOOST_AUTO_TEST_SUITE(hidden)
WB_TEST_CASE(random_problems) { check_hidden_rung(with_workspace(ch7::epoch_vectorised), "ex7_5"); }
BOOST_AUTO_TEST_SUITE_END()
BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(ex7_6_roofline)
BOOST_AUTO_TEST_SUITE(hidden)
WB_TEST_CASE(random_networks) {
    // The count of 7.6's statement, term by term: products 2DH + 2HK forward, 2HK + 2HK + 2DH
    // backward; biases 2(H + K); sigmoid 4H; softmax and delta2 5K; delta1 3H; the update
    // 2(DH + H + HK + K), shared by the B samples of a batch.
    wb::Rng r = wb::hidden::rng("ex7_6");
    for (int k = 0; k < 5; ++k) {
        const double D = double(wb::hidden::size_in(r, 1, 300)), H = double(wb::hidden::size_in(r, 1, 200)),
                     K = double(wb::hidden::size_in(r, 1, 50)), B = double(wb::hidden::size_in(r, 1, 512));
        const std::string at = "(" + std::to_string(int(D)) + ", " + std::to_string(int(H)) + ", " + std::to_string(int(K)) + ", " +
                               std::to_string(int(B)) + ")";
        check_close("flops_per_sample" + at + " (hidden sizes)",
                    ch7::flops_per_sample(std::size_t(D), std::size_t(H), std::size_t(K), std::size_t(B)),
                    WB_EXPECTED(2 * D * H + 2 * H * K + 2 * H * K + 2 * H * K + 2 * D * H + 2 * (H + K) + 4 * H + 5 * K + 3 * H +
                                2 * (D * H + H + H * K + K) / B),
                    wb::test::rel_tol(1e-12, "sums of integers and one division"));
        // Its own flop count (an input here): flops_per_sample's expected value is withheld.
        const double rate = r.uniform(1e3, 1e7), peak = r.uniform(1e9, 1e11), flops = r.uniform(10.0, 1e6);
        check_close("fraction_of_peak at hidden rates", ch7::fraction_of_peak(rate, flops, peak), WB_EXPECTED(rate * flops / peak),
                    wb::test::rel_tol(1e-12, "one product and one division"));
    }
}
BOOST_AUTO_TEST_SUITE_END()
BOOST_AUTO_TEST_SUITE_END()
