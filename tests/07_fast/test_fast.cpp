// Chapter 7 suite: every rung of the ladder trains the same epoch as the readable rung 0.
//
// Expected values come from
//   - the given readable version ch7::epoch_readable (rung 0, chapters/07_fast/network.cpp), run on
//     a copy of the same network: the weights after one epoch must agree to 1e-12 (the same
//     arithmetic, summed in another order by BLAS or by the vectorised kernels);
//   - the test's own loop reference below (one sample at a time), which rung 0 and 7.1 must match;
//   - FLOP counts worked by hand for the roofline (7.6).
// Inputs: random data from wb::Rng (N = 100, 8-5-4 with non-zero biases) and the first 150
// digits (64-32-10 as in the benchmark); batch sizes 32, 7 (a short last batch of 2), 1, and B > N.
// No test measures time: speed is ./workbook bench 7's business.
#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <functional>
#include <stdexcept>
#include <string>
#include <vector>

#include <xtensor/xview.hpp>

#include "fast.hpp"
#include "workbook/csv.hpp"
#include "workbook/given.hpp"
#include "workbook/rng.hpp"
#include "workbook/testing.hpp"

using ch7::Matrix;
using wb::test::abs_tol;
using wb::test::check_close;
using wb::test::Mistake;

#include "reference.hpp"  // the test's own references and data (shared with the hidden cases)

// ---- 7.1 -----------------------------------------------------------------------------------------
BOOST_AUTO_TEST_SUITE(ex7_1_epoch_values)
CH7_RUNG_CASES(Rung(ch7::epoch_values))

WB_TEST_CASE(rung_0_and_values_equal_a_loop_reference) {
    // rung 0 is what every other rung is held to: check it (and 7.1) against plain loops first.
    const Problem p = random_problem();
    ch7::Network loops = p.net, readable = p.net, values = p.net;
    const double l_loop = loop_epoch(loops, p.X, p.Y, 7, 0.3, 11);
    const double l_read = ch7::epoch_readable(readable, p.X, p.Y, 7, 0.3, 11);
    check_close("rung 0: W1", readable.W1, loops.W1, kSameArithmetic, "inputs x hidden");
    check_close("rung 0: b2", readable.b2, loops.b2, kSameArithmetic, "1 x classes");
    check_close("rung 0: loss", l_read, l_loop, kSameArithmetic);
    const double l_val = ch7::epoch_values(values, p.X, p.Y, 7, 0.3, 11);
    check_close("7.1: W1", values.W1, loops.W1, kSameArithmetic, "inputs x hidden");
    check_close("7.1: b1", values.b1, loops.b1, kSameArithmetic, "1 x hidden");
    check_close("7.1: W2", values.W2, loops.W2, kSameArithmetic, "hidden x classes");
    check_close("7.1: b2", values.b2, loops.b2, kSameArithmetic, "1 x classes");
    check_close("7.1: loss", l_val, l_loop, kSameArithmetic);
}
BOOST_AUTO_TEST_SUITE_END()

// ---- 7.2 -----------------------------------------------------------------------------------------
BOOST_AUTO_TEST_SUITE(ex7_2_epoch_noalias)
CH7_RUNG_CASES(Rung(ch7::epoch_noalias))
BOOST_AUTO_TEST_SUITE_END()

// ---- 7.3 -----------------------------------------------------------------------------------------
BOOST_AUTO_TEST_SUITE(ex7_3_epoch_gemm_forward)
CH7_RUNG_CASES(Rung(ch7::epoch_gemm_forward))
BOOST_AUTO_TEST_SUITE_END()

// ---- 7.4 -----------------------------------------------------------------------------------------
BOOST_AUTO_TEST_SUITE(ex7_4_epoch_workspace)
CH7_RUNG_CASES(with_workspace(ch7::epoch_workspace))

WB_TEST_CASE(workspace_is_allocated_once) {
    // 96 samples in batches of 32: no short batch, so epochs after the first allocate nothing.
    Problem p = digits_problem();
    const Matrix X = xt::view(p.X, xt::range(0, 96), xt::all()), Y = xt::view(p.Y, xt::range(0, 96), xt::all());
    ch7::Workspace ws;
    for (std::uint64_t e = 1; e <= 3; ++e) ch7::epoch_workspace(p.net, X, Y, 32, 0.5, e, ws);
    BOOST_CHECK_MESSAGE(ws.fits == 1, "ws.fit allocated " << ws.fits << " times in 3 epochs of 3 equal batches: "
                                                          "call ws.fit(rows, D, H, K) and keep the workspace");
}
BOOST_AUTO_TEST_SUITE_END()

// ---- 7.5 -----------------------------------------------------------------------------------------
BOOST_AUTO_TEST_SUITE(ex7_5_epoch_vectorised)
CH7_RUNG_CASES(with_workspace(ch7::epoch_vectorised))

WB_TEST_CASE(extreme_inputs_stay_finite_and_agree) {
    // Huge inputs drive the sigmoid to 0 and 1 and the softmax far from 0: a vectorised exp must
    // saturate as std::exp does (e^-800 = 0, no NaN), and the epoch still equal rung 0.
    Problem p = random_problem();
    p.X *= 300.0;
    check_against_readable(with_workspace(ch7::epoch_vectorised), p, 7, 0.1);
}

// N = 60 samples of 6 inputs, a 6-4-K network, soft targets: two non-zero classes a row (0.7 and
// 0.3), so that a softmax written for one-hot targets is caught, and K = 20 classes (more than two
// AVX-512 registers a row) or K = 3 (fewer than one AVX2 register).
Problem soft_target_problem(std::size_t K) {
    wb::Rng rng(7100 + K);
    Problem p;
    p.name = "random 60 x 6, network 6-4-" + std::to_string(K) + ", two non-zero targets a row";
    p.X = rng.normal_matrix(60, 6);
    p.Y = xt::zeros<double>({std::size_t{60}, K});
    for (std::size_t n = 0; n < 60; ++n) p.Y(n, (5 * n + 2) % K) = 0.7, p.Y(n, (5 * n + 3) % K) = 0.3;
    p.net.W1 = rng.normal_matrix(6, 4, 0.8);
    p.net.b1 = rng.normal_matrix(1, 4, 0.3);
    p.net.W2 = rng.normal_matrix(4, K, 0.8);
    p.net.b2 = rng.normal_matrix(1, K, 0.3);
    return p;
}

WB_TEST_CASE(soft_targets_and_other_class_counts) {
    for (std::size_t K : {3, 20}) check_against_readable(with_workspace(ch7::epoch_vectorised), soft_target_problem(K), 7, 0.3);
}

WB_TEST_CASE(every_kernel_path_the_same_numbers) {
    // The course's 7.5 chooses its kernels at run time: AVX-512 where the CPU has it, else
    // AVX2 + FMA, else plain C++; WB_CH7_ISA=avx2 or plain forces a narrower path (asking for more
    // than the CPU has gives what it has), so each path this CPU can run is checked here. A
    // student's 7.5 may ignore the switch: then these are more runs of the same checks.
    struct Isa {  // set for one pass only, also when it throws; the previous value back afterwards
        const char* old = std::getenv("WB_CH7_ISA");
        std::string saved = old ? old : "";
        explicit Isa(const char* isa) { setenv("WB_CH7_ISA", isa, 1); }
        ~Isa() { old ? setenv("WB_CH7_ISA", saved.c_str(), 1) : unsetenv("WB_CH7_ISA"); }
    };
    for (const char* isa : {"avx512", "avx2", "plain"}) {
        BOOST_TEST_CONTEXT("WB_CH7_ISA=" << isa) {
            Isa set(isa);
            check_against_readable(with_workspace(ch7::epoch_vectorised), digits_problem(), 32, 0.5);
            check_against_readable(with_workspace(ch7::epoch_vectorised), random_problem(), 7, 0.3);
            check_against_readable(with_workspace(ch7::epoch_vectorised), random_problem(), 1, 0.1);
            Problem big = random_problem();
            big.X *= 300.0;  // exp saturating at both ends
            check_against_readable(with_workspace(ch7::epoch_vectorised), big, 7, 0.1);
            for (std::size_t K : {3, 20})
                check_against_readable(with_workspace(ch7::epoch_vectorised), soft_target_problem(K), 7, 0.3);
        }
    }
}
BOOST_AUTO_TEST_SUITE_END()

// ---- 7.6 -----------------------------------------------------------------------------------------
BOOST_AUTO_TEST_SUITE(ex7_6_roofline)

WB_TEST_CASE(the_64_32_10_network_at_batch_32) {
    // products: forward 2*64*32 + 2*32*10 = 4736; backward 2*32*10 (delta2 W2^T) + 2*32*10
    // (A1^T delta2) + 2*64*32 (X^T delta1) = 5376; bias 2*(32 + 10) = 84; sigmoid 4*32 = 128;
    // softmax and delta2 5*10 = 50; delta1 3*32 = 96; update 2*(2048 + 32 + 320 + 10)/32 = 150.625.
    // Sum: 10620.625 FLOP a sample.
    const double d2 = 2.0 * 64 * 32, d3 = 2.0 * 32 * 10;
    check_close("flops_per_sample(64, 32, 10, 32)", ch7::flops_per_sample(64, 32, 10, 32), 10620.625,
                abs_tol(1e-9, "a sum of integers and one division by 32"),
                {{"a multiply-add counted as 1 FLOP, not 2", xt::xarray<double>(10620.625 - (2 * d2 + 3 * d3) / 2)},
                 {"the backward products left out", xt::xarray<double>(10620.625 - (d2 + 2 * d3))},
                 {"the update counted per sample, not once a batch",
                  xt::xarray<double>(10620.625 - 150.625 + 2.0 * (2048 + 32 + 320 + 10))}});
}

WB_TEST_CASE(smallest_network_by_hand) {
    // D = H = K = 1, B = 1: products 5 * 2 = 10, bias 4, element-wise 4 + 5 + 3 = 12, update 2 * 4 = 8.
    check_close("flops_per_sample(1, 1, 1, 1)", ch7::flops_per_sample(1, 1, 1, 1), 34.0, abs_tol(1e-12, "integers"));
    // The update is shared by the batch: B = 4 costs 8/4 = 2 for it.
    check_close("flops_per_sample(1, 1, 1, 4)", ch7::flops_per_sample(1, 1, 1, 4), 28.0, abs_tol(1e-12, "integers"));
}

WB_TEST_CASE(batch_1_pays_the_whole_update) {
    // 10620.625 - 150.625 + 4820 = 15290 at B = 1.
    check_close("flops_per_sample(64, 32, 10, 1)", ch7::flops_per_sample(64, 32, 10, 1), 15290.0,
                abs_tol(1e-9, "integers"));
}

WB_TEST_CASE(zero_batch_throws) { BOOST_CHECK_THROW(ch7::flops_per_sample(64, 32, 10, 0), std::invalid_argument); }

WB_TEST_CASE(fraction_of_peak_by_hand) {
    // 2 M samples/s x 10 kFLOP = 20 GFLOP/s of a 40 GFLOP/s peak: one half.
    check_close("fraction_of_peak(2e6, 1e4, 4e10)", ch7::fraction_of_peak(2e6, 1e4, 4e10), 0.5,
                abs_tol(1e-15, "exact in binary"), {{"peak / achieved (upside down)", xt::xarray<double>(2.0)}});
    check_close("fraction_of_peak(1e6, 10620.625, 42482.5e6)", ch7::fraction_of_peak(1e6, 10620.625, 42482.5e6), 0.25,
                abs_tol(1e-15, "exact"));
}

WB_TEST_CASE(a_peak_that_is_not_positive_throws) {
    BOOST_CHECK_THROW(ch7::fraction_of_peak(1e6, 1e4, 0.0), std::invalid_argument);
    BOOST_CHECK_THROW(ch7::fraction_of_peak(1e6, 1e4, -1.0), std::invalid_argument);
}
BOOST_AUTO_TEST_SUITE_END()
