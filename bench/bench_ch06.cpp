// Benchmark of chapter 6's reference training loop: samples per second for one epoch of mini-batch
// SGD on digits (1797 samples), network 64-32-10 (sigmoid hidden layer, softmax output,
// cross-entropy), float64, one thread. It times ch6::train_epoch of the solution side, the same
// function that tests/06_minibatch checks against a readable reference to 1e-12.
//
//   bench/run_ch06.sh            builds this, runs it with bench/numpy_bench.py and bench/torch_bench.py
//   ./build/bin/bench_ch06 [--batches 1,32,256] [--repeats 5] [--min-seconds 0.3]
//
// Protocol (the same in the three programs): scale the pixels by 1/16, one-hot labels,
// initial weights from seed 6, learning rate 0.1, one warm-up epoch per batch size; then
// `repeats` timings, each of as many whole epochs as fill `min-seconds` of the process's CPU time
// (at least one epoch). A timing's figure is N x epochs / seconds, both per CPU second (the
// process's own CPU time: on a shared machine other jobs stretch the wall clock, not this) and
// per wall-clock second; each is the best of the timings. Output: a human-readable header, then
// one line "RESULT cxx <B> <samples per CPU second> <samples per wall second>" per batch size,
// then the same for "cxx-composed": the plain composition of the exercises 6.1 - 6.6 (for comparison).
#include <dlfcn.h>
#include <time.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>
#include <vector>

#include "bench_machine.hpp"
#include "minibatch.hpp"
#include "workbook/csv.hpp"
#include "workbook/rng.hpp"

namespace {
using bench::cpu_seconds;
using bench::loaded_blas;
using bench::openblas_info_and_one_thread;

// The same epoch as the plain composition of the solution's exercises 6.1 - 6.6 (what a student's
// train_epoch looks like): for comparison with the fused reference loop, which the tests hold to it.
std::vector<double> composed_epoch(ch6::Network& net, const ch6::Matrix& X, const ch6::Matrix& Y, std::size_t B, double eta,
                                   std::uint64_t seed) {
    const std::vector<std::size_t> order = wb::Rng(seed).permutation(X.shape()[0]);
    std::vector<double> losses;
    for (const ch6::Batch& b : ch6::batch_ranges(X.shape()[0], B)) {
        const ch6::Matrix Xb = ch6::take_rows(X, order, b), Yb = ch6::take_rows(Y, order, b);
        const ch6::Forward f = ch6::forward(Xb, net);
        losses.push_back(ch6::cross_entropy(f.P, Yb));
        ch6::sgd_step(net, ch6::gradients(Xb, f, ch6::output_delta(f.P, Yb), net), eta);
    }
    return losses;
}

std::vector<std::size_t> parse_list(const std::string& s) {
    std::vector<std::size_t> out;
    std::stringstream ss(s);
    std::string item;
    while (std::getline(ss, item, ',')) out.push_back(std::stoul(item));
    return out;
}

}  // namespace

int main(int argc, char** argv) {
    std::vector<std::size_t> batch_sizes{1, 32, 256};
    int repeats = 5;
    double min_seconds = 0.3;
    for (int i = 1; i < argc; ++i) {
        const std::string a = argv[i];
        if (a == "--batches" && i + 1 < argc) batch_sizes = parse_list(argv[++i]);
        else if (a == "--repeats" && i + 1 < argc) repeats = std::max(1, std::atoi(argv[++i]));
        else if (a == "--min-seconds" && i + 1 < argc) min_seconds = std::atof(argv[++i]);
        else {
            std::cerr << "usage: bench_ch06 [--batches 1,32,256] [--repeats 5] [--min-seconds 0.3]\n";
            return 2;
        }
    }

    const char* coretype = std::getenv("OPENBLAS_CORETYPE");
    const char* threads = std::getenv("OPENBLAS_NUM_THREADS");
    std::printf("# C++ (xtensor + xtensor-blas), chapter 6 reference train_epoch\n");
    std::printf("# OPENBLAS_CORETYPE=%s OPENBLAS_NUM_THREADS=%s\n", coretype ? coretype : "(unset)",
                threads ? threads : "(unset)");
    openblas_info_and_one_thread();
    std::printf("# BLAS libraries loaded: %s\n", loaded_blas().c_str());

    const auto data = wb::load_labeled(wb::data_path("digits.csv"), wb::Header::none);
    const ch6::Matrix X = data.X / 16.0;
    const ch6::Matrix Y = wb::one_hot(data.y, 10);
    const std::size_t N = X.shape()[0];
    std::printf("# data: %s, N = %zu samples, network 64-32-10 (sigmoid, softmax, cross-entropy), float64, eta 0.1\n",
                data.path.c_str(), N);

    std::uint64_t seed = 1;
    for (const bool fused : {true, false})
    for (std::size_t B : batch_sizes) {
        ch6::Network net = ch6::init_network(64, 32, 10, 6);
        auto epoch = [&](std::size_t e) {
            if (fused) ch6::train_epoch(net, X, Y, B, 0.1, seed++, e);
            else composed_epoch(net, X, Y, B, 0.1, seed++);
        };
        epoch(0);  // warm-up: caches, allocator, BLAS buffers
        double best_cpu = 0.0, best_wall = 0.0;
        for (int r = 0; r < repeats; ++r) {
            const double c0 = cpu_seconds();
            const auto t0 = std::chrono::steady_clock::now();
            std::size_t epochs = 0;
            double cpu = 0.0;
            do {
                epoch(epochs + 1);
                ++epochs;
                cpu = cpu_seconds() - c0;
            } while (cpu < min_seconds);
            const double wall = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
            best_cpu = std::max(best_cpu, static_cast<double>(N * epochs) / cpu);
            best_wall = std::max(best_wall, static_cast<double>(N * epochs) / wall);
        }
        std::printf("RESULT %s %zu %.0f %.0f\n", fused ? "cxx" : "cxx-composed", B, best_cpu, best_wall);
        std::fflush(stdout);
    }
    return 0;
}
