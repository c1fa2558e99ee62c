// Chapter 7 program: every rung of the ladder trains one epoch of digits at B = 32 from the same
// network; they must agree, and a rough timing of each is printed (one epoch each: the benchmark,
// ./workbook bench 7, measures properly). Then the benchmark's last measurements, from
// chapters/07_fast/measured.csv, as the chapter's table (plots/ch07_bench.md) and figure (plots/ch07_speed).
//   ./workbook run 7             on your exercise files
#include <chrono>
#include <cstdio>
#include <functional>
#include <iostream>
#include <string>
#include <vector>

#include "fast.hpp"
#include "workbook/csv.hpp"
#include "workbook/format.hpp"
#include "workbook/plot.hpp"
#include "workbook/program.hpp"

namespace {

constexpr std::uint64_t kInitSeed = 6;      // chapter 6's initial weights
constexpr std::uint64_t kShuffleSeed = 701; // the epoch's shuffle
constexpr std::size_t kHidden = 32, kBatch = 32;
constexpr double kEta = 0.1;

int run() {
    std::cout << "Chapter 7: making backprop fast. The same epoch of mini-batch SGD as chapter 6\n"
              << "  (sigmoid hidden layer, softmax output, cross-entropy; seeds 004, 002, 000), computed\n"
              << "  six ways, each one change faster than the one before.\n";

    wb::heading("1. Data and network");
    const auto data = wb::load_labeled(wb::data_path("digits.csv"), wb::Header::none);
    const ch7::Matrix X = data.X / 16.0;
    const ch7::Matrix Y = wb::one_hot(data.y, 10);
    const std::size_t N = X.shape()[0];
    const ch7::Network start = ch7::init_network(64, kHidden, 10, kInitSeed);
    std::printf("%s: N = %zu images, network 64-%zu-10 from seed %llu, B = %zu, eta = %g, shuffle seed %llu\n",
                data.path.c_str(), N, kHidden, static_cast<unsigned long long>(kInitSeed), kBatch, kEta,
                static_cast<unsigned long long>(kShuffleSeed));

    wb::heading("2. The ladder: one epoch each, from the same start");
    struct Rung {
        std::string name;
        std::function<double(ch7::Network&)> epoch;
    };
    ch7::Workspace ws4, ws5;
    const std::vector<Rung> rungs = {
        {"0 readable (lazy auto)", [&](ch7::Network& n) { return ch7::epoch_readable(n, X, Y, kBatch, kEta, kShuffleSeed); }},
        {"7.1 values", [&](ch7::Network& n) { return ch7::epoch_values(n, X, Y, kBatch, kEta, kShuffleSeed); }},
        {"7.2 noalias", [&](ch7::Network& n) { return ch7::epoch_noalias(n, X, Y, kBatch, kEta, kShuffleSeed); }},
        {"7.3 gemm forward", [&](ch7::Network& n) { return ch7::epoch_gemm_forward(n, X, Y, kBatch, kEta, kShuffleSeed); }},
        {"7.4 workspace", [&](ch7::Network& n) { return ch7::epoch_workspace(n, X, Y, kBatch, kEta, kShuffleSeed, ws4); }},
        {"7.5 vectorised", [&](ch7::Network& n) { return ch7::epoch_vectorised(n, X, Y, kBatch, kEta, kShuffleSeed, ws5); }},
    };
    ch7::Network reference = start;
    std::printf("%-24s %12s %16s %14s %10s\n", "rung", "epoch loss", "max |W - W_0|", "samples/s", "speed-up");
    double prev_rate = 0.0;
    bool all_agree = true;
    for (std::size_t i = 0; i < rungs.size(); ++i) {
        ch7::Network net = start;
        const auto t0 = std::chrono::steady_clock::now();
        const double loss = rungs[i].epoch(net);
        const double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
        if (i == 0) reference = net;
        const double diff = ch7::max_abs_diff(net, reference);
        const double rate = static_cast<double>(N) / s;
        all_agree = all_agree && diff <= 1e-12;
        std::printf("%-24s %12.6f %16.2e %14.0f %9s\n", rungs[i].name.c_str(), loss, diff, rate,
                    i == 0 ? "" : (std::to_string(rate / prev_rate).substr(0, 4) + "x").c_str());
        std::fflush(stdout);
        prev_rate = rate;
    }
    std::printf("%s\n", all_agree ? "every rung's weights equal rung 0's to 1e-12 (max |W - W_0| above)"
                                  : "SOME RUNG DISAGREES with rung 0 by more than 1e-12: see ./workbook check 7");
    std::printf("(one epoch each, by the wall clock, on whatever else this machine is doing: rough. The\n"
                " measurement is ./workbook bench 7: best of several, CPU time, every batch size.)\n");

    wb::heading("3. The roofline (7.6)");
    const double flops = ch7::flops_per_sample(64, kHidden, 10, kBatch);
    std::printf("flops_per_sample(64, 32, 10, B = 32) = %.1f FLOP (products %d, the rest element-wise and the update)\n",
                flops, 4 * 64 * 32 + 6 * 32 * 10);
    std::printf("flops_per_sample(64, 32, 10, B = 1)  = %.1f FLOP (the whole update every sample)\n",
                ch7::flops_per_sample(64, kHidden, 10, 1));

    wb::heading("4. The benchmark's last run (chapters/07_fast/measured.csv, from ./workbook bench 7)");
    const ch7::BenchData bench = ch7::read_bench(ch7::bench_csv_path());
    const std::string md = ch7::bench_markdown(bench);
    std::cout << md;
    if (bench.peak_flops > 0) {
        std::printf("%s: %.1f GFLOP/s; 7.5 at B = 32 would be at %.0f%% of it at the measured samples/s\n",
                    bench.peak_label.empty() ? "measured peak" : bench.peak_label.c_str(), bench.peak_flops / 1e9,
                    [&] {
                        for (const auto& r : bench.rows)
                            if (r.impl == "rung5" && r.B == 32) return 100 * ch7::fraction_of_peak(r.cpu, flops, bench.peak_flops);
                        return 0.0;
                    }());
    }
    wb::write_output("ch07_bench", md);  // plots/ch07_bench.md: <!-- output:ch07:bench -->
    if (!bench.rows.empty()) ch7::plot_speed(bench, wb::plot::plots_dir());
    return all_agree ? 0 : 1;
}
}  // namespace

int main() { return wb::run_chapter(7, run); }
