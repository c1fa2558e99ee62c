// Chapter 7: making backprop fast, one measured change at a time.
// The network, data and arithmetic of chapter 6 (seeds 004, 002, 000): a D-H-K network with a
// sigmoid hidden layer and a softmax output, mean cross-entropy, mini-batch SGD, row layout with
// bias rows. What changes from rung to rung is only how the same numbers are computed.
//
// Shape legend (row layout, one sample a row, as in chapter 6):
//   N  samples in the training set          B  samples in a batch (the last batch may be short)
//   D  inputs (64 pixels of an 8x8 image)   H  hidden units      K  classes (10 digits)
//   X: N x D (samples x inputs)   Y: N x K one-hot targets (samples x classes)
//   W1: D x H   b1: 1 x H   W2: H x K   b2: 1 x K
//
// Every rung trains ONE EPOCH in place: order = wb::Rng(seed).permutation(N), batches
// [0, B), [B, 2B), ... of that order (the last one short), and for each batch
//   A1 = sigma(Xb W1 + 1 b1),  P = softmax(A1 W2 + 1 b2) row by row,
//   L_b = -(1/n) sum y log(p + 1e-300)                (n = the rows of this batch)
//   delta2 = (P - Yb)/n,  delta1 = (delta2 W2^T) (x) A1 (x) (1 - A1)
//   W2 -= eta A1^T delta2, b2 -= eta 1^T delta2, W1 -= eta Xb^T delta1, b1 -= eta 1^T delta1
// and returns the mean of the batch losses L_b (each taken before its update).
// The exercise statements are in the exercise files exK_*.cpp.
#pragma once
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>
#include <xtensor/xtensor.hpp>

#include "workbook/errors.hpp"  // wb::not_implemented (the stubs), wb::shape_error

namespace ch7 {

using Matrix = xt::xtensor<double, 2>;

// A 2-layer network D-H-K (chapter 6's struct, copied: chapter 7 builds on its own).
struct Network {
    Matrix W1;  // D x H  (inputs x hidden)
    Matrix b1;  // 1 x H  (a row)
    Matrix W2;  // H x K  (hidden x classes)
    Matrix b2;  // 1 x K  (a row)
};

inline constexpr double kLogEps = 1e-300;  // log(p + 1e-300): never log(0)

// Every buffer one iteration needs, allocated once and reused (rungs 7.4 and 7.5).
// fit() (re)allocates only when the shapes change: the first batch, and the short last batch.
struct Workspace {
    Matrix Xb;   // B x D  the batch's inputs (rows of X in the epoch's order)
    Matrix Yb;   // B x K  the batch's targets
    Matrix A1;   // B x H  hidden activations (first Z1 = 1 b1 + Xb W1, then sigma of it)
    Matrix P;    // B x K  probabilities (first Z2, then softmax, then P - Y)
    Matrix D1;   // B x H  delta1 (without the 1/B, which goes into gemm's alpha)
    Matrix ones; // B x 1  a column of ones: 1 b adds b to every row; 1^T M sums M's rows
    Matrix W2T;  // K x H  a transposed copy of W2, for kernels that want W2^T row by row
    std::size_t fits = 0;  // how many times fit() allocated (the tests check "allocated once")
    void fit(std::size_t rows, std::size_t D, std::size_t H, std::size_t K);
};

// ---- the exercises ---------------------------------------------------------------------------
double epoch_values(Network& net, const Matrix& X, const Matrix& Y, std::size_t B, double eta,
                    std::uint64_t seed);                                                  // 7.1
double epoch_noalias(Network& net, const Matrix& X, const Matrix& Y, std::size_t B, double eta,
                     std::uint64_t seed);                                                 // 7.2
double epoch_gemm_forward(Network& net, const Matrix& X, const Matrix& Y, std::size_t B, double eta,
                          std::uint64_t seed);                                            // 7.3
double epoch_workspace(Network& net, const Matrix& X, const Matrix& Y, std::size_t B, double eta,
                       std::uint64_t seed, Workspace& ws);                                // 7.4
double epoch_vectorised(Network& net, const Matrix& X, const Matrix& Y, std::size_t B, double eta,
                        std::uint64_t seed, Workspace& ws);                               // 7.5
double flops_per_sample(std::size_t D, std::size_t H, std::size_t K, std::size_t B);      // 7.6
double fraction_of_peak(double samples_per_s, double flops_per_sample, double peak_flops);  // 7.6

// ---- given (network.cpp): shared by both sides, calls no exercise ----------------------------
// Rung 0, the readable starting point: chapter 6's math written the natural way, with lazy `auto`
// expressions and xt::linalg::dot. Every rung must give its weights to 1e-12.
double epoch_readable(Network& net, const Matrix& X, const Matrix& Y, std::size_t B, double eta,
                      std::uint64_t seed);
// Random initial weights from wb::Rng(seed): W1 ~ N(0, 1/D), W2 ~ N(0, 1/H), biases 0 (chapter 6's).
Network init_network(std::size_t D, std::size_t H, std::size_t K, std::uint64_t seed);
// Throws wb::shape_error naming both shapes unless X (N x D), Y (N x K) and the network fit,
// std::invalid_argument if B == 0.
void check_inputs(const Network& net, const Matrix& X, const Matrix& Y, std::size_t B);
// Copies rows order[begin..end) of A into out (out already has end - begin rows): no allocation.
void gather(const Matrix& A, const std::vector<std::size_t>& order, std::size_t begin, std::size_t end, Matrix& out);
// Rows order[begin..end) of A as a new matrix.
Matrix take_rows(const Matrix& A, const std::vector<std::size_t>& order, std::size_t begin, std::size_t end);
// The largest absolute difference between two networks' parameters (for the program's checks).
double max_abs_diff(const Network& a, const Network& b);

// ---- given (benchdata.cpp): the benchmark's measured numbers, for the chapter text ---------------
// One line of chapters/07_fast/measured.csv: an implementation at one batch size.
struct BenchRow {
    std::string impl;       // "rung0", ..., "rung5", "blas-only", "blas-auto", "blas-best", "numpy",
                            // "torch-autograd", "torch-manual", "peak", "peak-avx2"
    std::string label;      // what the plot's legend says
    std::size_t B = 0;
    double cpu = 0, wall = 0;  // samples per CPU second, per wall-clock second
};
struct BenchData {
    std::vector<BenchRow> rows;
    double peak_flops = 0;         // the measured FMA peak, FLOP per CPU second (the widest FMA the CPU has)
    std::string peak_label;        // which: "the AVX-512 FMA peak (measured)"
    double peak_avx2_flops = 0;    // the AVX2 FMA peak as well, on a CPU with a wider one (else 0)
    double flops_b32 = 0;          // flops_per_sample(64, 32, 10, 32) as the benchmark computed it
    std::vector<std::string> notes;  // "# ..." lines: machine, BLAS, load, date
};
// Reads the benchmark's CSV (chapters/07_fast/measured.csv by default); empty rows if it does not exist.
BenchData read_bench(const std::string& path);
std::string bench_csv_path();  // <source tree>/chapters/07_fast/measured.csv
// Writes the chapter's figure ch07_speed (samples/s against batch size, log-log, one line per
// implementation, the peaks as lines: the widest FMA's and AVX2's) into dir; returns false without gnuplot.
bool plot_speed(const BenchData& d, const std::string& dir);
// Markdown: the table at B = 32 and B = 1 (samples/s, speed-up over the previous rung, fraction of
// peak) and the ratios against numpy and PyTorch, for the chapter text.
std::string bench_markdown(const BenchData& d);

}  // namespace ch7
