// Benchmark of chapter 7's ladder: samples per second for one epoch of mini-batch SGD on digits
// (1797 samples), network 64-32-10 (sigmoid, softmax, cross-entropy), float64, one thread, for
// every rung of solutions/07_fast (the reference solutions, which tests/07_fast holds to rung 0
// to 1e-12), at batch sizes 1, 2, 4, ..., 1024; and this core's measured double-precision FMA peak,
// with the widest FMA the CPU has (AVX-512, else AVX2, else scalar) and with AVX2 beside it.
//
//   ./workbook bench 7            builds this, runs it with bench/numpy_bench.py and bench/torch_bench.py,
//                                 prints the table, writes bench/results/ch07.{txt,csv} and plots/ch07_speed
//   ./build-bench7/bin/bench_ch07 [--batches 1,32] [--impls rung4,rung5] [--repeats 3] [--min-seconds 0.2]
//   ./build-bench7/bin/bench_ch07 --plot chapters/07_fast/measured.csv [--dir plots]   (the figure only)
//   ./build-bench7/bin/bench_ch07 --impls none                                  (the peaks only)
//   OPENBLAS_CORETYPE=SkylakeX ./build-bench7/bin/bench_ch07 --impls blas-best   (the BLAS calls alone,
//                                 named blas-best, with the kernels that OPENBLAS_CORETYPE chooses)
//
// Protocol (as bench_ch06 and the Python programs): initial weights from seed 6, learning rate 0.1,
// one warm-up epoch per implementation and batch size, then `repeats` timings of as many whole
// epochs as fill `min-seconds` of the process's CPU time; the best timing counts, per CPU second
// and per wall-clock second. The timings of one batch size go round the implementations in turn
// (round-robin), so that a busy spell of a shared machine does not fall on one of them. Output lines:
//   PEAK <avx512|avx2|scalar> <FLOP per CPU second> <FLOP per wall second>   (widest first)
//   RESULT <impl> <B> <samples per CPU second> <samples per wall second>
#include <dlfcn.h>
#include <time.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

#include <xtensor-blas/xblas.hpp>

#include "bench_machine.hpp"
#include "fast.hpp"
#include "workbook/csv.hpp"
#include "workbook/plot.hpp"
#include "workbook/rng.hpp"

#if defined(__x86_64__) && defined(__GNUC__)
#include <immintrin.h>
#define BENCH_X86 1
#endif

namespace {
using bench::cpu_seconds;
using bench::loaded_blas;
using bench::openblas_info_and_one_thread;




// ---- the peak: independent FMA chains, so that the FMA units never wait for a result --------------
// An FMA's result is ready 4-5 cycles after it starts and a core starts up to 2 a cycle, so at least
// 8-10 independent accumulators keep both units busy. Measured with the widest FMA the CPU has:
// AVX-512 (8 doubles a register, 16 chains in 16 of its 32 registers), else AVX2 + FMA (4 doubles,
// 12 chains in 12 of 16), else scalar; and, on an AVX-512 CPU, the AVX2 peak too (the figure draws
// both roofs: code written for AVX2 cannot go above the lower one). 2 FLOP per lane and FMA.
#ifdef BENCH_X86
#if defined(__clang__)
#pragma clang attribute push(__attribute__((target("avx2,fma"))), apply_to = function)
#else
#pragma GCC push_options
#pragma GCC target("avx2,fma")
#endif
double fma_loop_avx2(long iters) {
    // Twelve named accumulators (not an array): they live in twelve of the 16 ymm registers.
    __m256d c0 = _mm256_set1_pd(1.000), c1 = _mm256_set1_pd(1.001), c2 = _mm256_set1_pd(1.002), c3 = _mm256_set1_pd(1.003);
    __m256d c4 = _mm256_set1_pd(1.004), c5 = _mm256_set1_pd(1.005), c6 = _mm256_set1_pd(1.006), c7 = _mm256_set1_pd(1.007);
    __m256d c8 = _mm256_set1_pd(1.008), c9 = _mm256_set1_pd(1.009), c10 = _mm256_set1_pd(1.010), c11 = _mm256_set1_pd(1.011);
    const __m256d a = _mm256_set1_pd(0.9999999), b = _mm256_set1_pd(1e-7);
    for (long it = 0; it < iters; ++it) {
        c0 = _mm256_fmadd_pd(c0, a, b), c1 = _mm256_fmadd_pd(c1, a, b), c2 = _mm256_fmadd_pd(c2, a, b);
        c3 = _mm256_fmadd_pd(c3, a, b), c4 = _mm256_fmadd_pd(c4, a, b), c5 = _mm256_fmadd_pd(c5, a, b);
        c6 = _mm256_fmadd_pd(c6, a, b), c7 = _mm256_fmadd_pd(c7, a, b), c8 = _mm256_fmadd_pd(c8, a, b);
        c9 = _mm256_fmadd_pd(c9, a, b), c10 = _mm256_fmadd_pd(c10, a, b), c11 = _mm256_fmadd_pd(c11, a, b);
    }
    const __m256d s = _mm256_add_pd(_mm256_add_pd(_mm256_add_pd(c0, c1), _mm256_add_pd(c2, c3)),
                                    _mm256_add_pd(_mm256_add_pd(_mm256_add_pd(c4, c5), _mm256_add_pd(c6, c7)),
                                                  _mm256_add_pd(_mm256_add_pd(c8, c9), _mm256_add_pd(c10, c11))));
    double o[4];
    _mm256_storeu_pd(o, s);
    return o[0] + o[1] + o[2] + o[3];
}
#if defined(__clang__)
#pragma clang attribute pop
#pragma clang attribute push(__attribute__((target("avx512f,avx2,fma"))), apply_to = function)
#else
#pragma GCC pop_options
#pragma GCC push_options
#pragma GCC target("avx512f,avx2,fma")
#endif
double fma_loop_avx512(long iters) {
    // Sixteen named accumulators of 8 doubles, in 16 of the 32 zmm registers.
    __m512d c0 = _mm512_set1_pd(1.000), c1 = _mm512_set1_pd(1.001), c2 = _mm512_set1_pd(1.002), c3 = _mm512_set1_pd(1.003);
    __m512d c4 = _mm512_set1_pd(1.004), c5 = _mm512_set1_pd(1.005), c6 = _mm512_set1_pd(1.006), c7 = _mm512_set1_pd(1.007);
    __m512d c8 = _mm512_set1_pd(1.008), c9 = _mm512_set1_pd(1.009), c10 = _mm512_set1_pd(1.010), c11 = _mm512_set1_pd(1.011);
    __m512d c12 = _mm512_set1_pd(1.012), c13 = _mm512_set1_pd(1.013), c14 = _mm512_set1_pd(1.014), c15 = _mm512_set1_pd(1.015);
    const __m512d a = _mm512_set1_pd(0.9999999), b = _mm512_set1_pd(1e-7);
    for (long it = 0; it < iters; ++it) {
        c0 = _mm512_fmadd_pd(c0, a, b), c1 = _mm512_fmadd_pd(c1, a, b), c2 = _mm512_fmadd_pd(c2, a, b);
        c3 = _mm512_fmadd_pd(c3, a, b), c4 = _mm512_fmadd_pd(c4, a, b), c5 = _mm512_fmadd_pd(c5, a, b);
        c6 = _mm512_fmadd_pd(c6, a, b), c7 = _mm512_fmadd_pd(c7, a, b), c8 = _mm512_fmadd_pd(c8, a, b);
        c9 = _mm512_fmadd_pd(c9, a, b), c10 = _mm512_fmadd_pd(c10, a, b), c11 = _mm512_fmadd_pd(c11, a, b);
        c12 = _mm512_fmadd_pd(c12, a, b), c13 = _mm512_fmadd_pd(c13, a, b), c14 = _mm512_fmadd_pd(c14, a, b);
        c15 = _mm512_fmadd_pd(c15, a, b);
    }
    const __m512d s = _mm512_add_pd(
        _mm512_add_pd(_mm512_add_pd(_mm512_add_pd(c0, c1), _mm512_add_pd(c2, c3)), _mm512_add_pd(_mm512_add_pd(c4, c5), _mm512_add_pd(c6, c7))),
        _mm512_add_pd(_mm512_add_pd(_mm512_add_pd(c8, c9), _mm512_add_pd(c10, c11)), _mm512_add_pd(_mm512_add_pd(c12, c13), _mm512_add_pd(c14, c15))));
    double o[8];
    _mm512_storeu_pd(o, s);
    return o[0] + o[1] + o[2] + o[3] + o[4] + o[5] + o[6] + o[7];
}
#if defined(__clang__)
#pragma clang attribute pop
#else
#pragma GCC pop_options
#endif
#endif
double fma_loop_scalar(long iters) {
    double acc[12];
    for (int i = 0; i < 12; ++i) acc[i] = 1.0 + 1e-3 * i;
    for (long it = 0; it < iters; ++it)
        for (int i = 0; i < 12; ++i) acc[i] = acc[i] * 0.9999999 + 1e-7;
    double s = 0;
    for (double v : acc) s += v;
    return s;
}

// The instruction sets this CPU has, widest first: "avx512", "avx2", "scalar".
std::vector<std::string> fma_isas() {
    std::vector<std::string> out;
#ifdef BENCH_X86
    if (__builtin_cpu_supports("avx512f")) out.push_back("avx512");
    if (__builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma")) out.push_back("avx2");
#endif
    if (out.empty()) out.push_back("scalar");
    return out;
}
int lanes(const std::string& isa) { return isa == "avx512" ? 8 : isa == "avx2" ? 4 : 1; }
std::string describe(const std::string& isa) {
    if (isa == "avx512") return "16 independent chains of _mm512_fmadd_pd (AVX-512F, 8 doubles a register), 2 FLOP per lane";
    if (isa == "avx2") return "12 independent chains of _mm256_fmadd_pd (AVX2 + FMA, 4 doubles a register), 2 FLOP per lane";
    return "12 independent chains of scalar a*b+c (no AVX2/FMA on this CPU)";
}

struct Peak {
    std::string isa;
    double cpu = 0, wall = 0;
};
Peak measure_peak(const std::string& isa, int repeats) {
    Peak p;
    p.isa = isa;
    const double flops_per_iter = (isa == "avx512" ? 16 : 12) * lanes(isa) * 2.0;
    const long iters = isa == "avx512" ? 10'000'000 : 20'000'000;
    volatile double sink = 0;
    for (int r = 0; r < repeats + 1; ++r) {  // the first one warms the clock up
        const double c0 = cpu_seconds();
        const auto t0 = std::chrono::steady_clock::now();
#ifdef BENCH_X86
        sink = sink + (isa == "avx512" ? fma_loop_avx512(iters) : isa == "avx2" ? fma_loop_avx2(iters) : fma_loop_scalar(iters));
#else
        sink = sink + fma_loop_scalar(iters);
#endif
        const double c = cpu_seconds() - c0;
        const double w = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
        if (r == 0) continue;
        p.cpu = std::max(p.cpu, flops_per_iter * static_cast<double>(iters) / c);
        p.wall = std::max(p.wall, flops_per_iter * static_cast<double>(iters) / w);
    }
    return p;
}

// The peaks of every FMA width the CPU has, widest first, as "PEAK <isa> <FLOP per CPU s> <per wall s>".
std::vector<Peak> measure_peaks(int repeats) {
    std::vector<Peak> out;
    for (const auto& isa : fma_isas()) {
        out.push_back(measure_peak(isa, repeats));
        std::printf("PEAK %s %.0f %.0f\n", isa.c_str(), out.back().cpu, out.back().wall);
    }
    return out;
}

// The machine as /proc/cpuinfo describes it (not a guess from the model name): vendor, family,
// model, the vector flags, the clock it reports.
struct CpuInfo {
    std::string vendor, model_name, family, model, mhz, flags;
};
CpuInfo cpu_info() {
    CpuInfo c;
    std::ifstream in("/proc/cpuinfo");
    std::string line;
    while (std::getline(in, line)) {
        const auto colon = line.find(':');
        if (colon == std::string::npos) {
            if (!c.flags.empty()) break;  // the first processor is enough
            continue;
        }
        std::string key = line.substr(0, colon), val = colon + 2 <= line.size() ? line.substr(colon + 2) : "";
        key.erase(key.find_last_not_of(" \t") + 1);
        if (key == "vendor_id") c.vendor = val;
        else if (key == "model name") c.model_name = val;
        else if (key == "cpu family") c.family = val;
        else if (key == "model") c.model = val;
        else if (key == "cpu MHz") c.mhz = val;
        else if (key == "flags") {
            std::stringstream ss(val);
            std::string f;
            while (ss >> f)
                if (f == "fma" || f == "avx2" || f.rfind("avx512", 0) == 0) c.flags += (c.flags.empty() ? "" : " ") + f;
        }
    }
    return c;
}
// The highest clock the kernel knows (cpufreq's cpuinfo_max_freq, kHz), else /proc/cpuinfo's "cpu MHz"
// (in a virtual machine often the nominal clock, not the boost clock the core really runs at).
std::pair<double, std::string> clock_ghz(const CpuInfo& c) {
    std::ifstream f("/sys/devices/system/cpu/cpu0/cpufreq/cpuinfo_max_freq");
    double khz = 0;
    if (f >> khz && khz > 0) return {khz / 1e6, "cpufreq cpuinfo_max_freq"};
    if (!c.mhz.empty()) return {std::atof(c.mhz.c_str()) / 1e3, "/proc/cpuinfo cpu MHz"};
    return {0.0, ""};
}
// lanes x 2 FMA units x 2 FLOP x clock, beside the measured peak.
void check_peak(const Peak& p, const CpuInfo& c) {
    const auto [ghz, where] = clock_ghz(c);
    const double per_cycle = lanes(p.isa) * 2.0 * 2.0;  // lanes x 2 FLOP x 2 FMA units
    if (ghz <= 0) {
        std::printf("# peak check (%s): no clock to read; measured %.1f GFLOP/s = %.0f FLOP a cycle at %.2f GHz\n",
                    p.isa.c_str(), p.cpu / 1e9, per_cycle, p.cpu / 1e9 / per_cycle);
        return;
    }
    const double expect = per_cycle * ghz;
    std::printf("# peak check (%s): %d lanes x 2 FLOP x 2 FMA units x %.2f GHz (%s) = %.1f GFLOP/s; measured %.1f (%.2fx),"
                " which is %d lanes x 2 x 2 at %.2f GHz%s\n",
                p.isa.c_str(), lanes(p.isa), ghz, where.c_str(), expect, p.cpu / 1e9, p.cpu / 1e9 / expect, lanes(p.isa),
                p.cpu / 1e9 / per_cycle,
                p.cpu / 1e9 > 1.15 * expect   ? " (the core runs above the clock reported: boost)"
                : p.cpu / 1e9 < 0.6 * expect ? " (below: fewer or narrower FMA units than 2 full-width ones, or a busy core)"
                                              : "");
}

// Which kernels 7.5 runs here: the widest the CPU has, narrowed by WB_CH7_ISA / WB_CH7_PLAIN
// (the same rule as solutions/07_fast/ex5_epoch_vectorised.cpp).
std::string rung5_isa() {
    const std::string best = fma_isas().front() == "scalar" ? "plain" : fma_isas().front();
    std::string want = best;
    if (std::getenv("WB_CH7_PLAIN")) want = "plain";
    if (const char* e = std::getenv("WB_CH7_ISA")) {
        const std::string s = e;
        if (s == "plain" || s == "avx2") want = s;
    }
    auto rank = [](const std::string& s) { return s == "avx512" ? 2 : s == "avx2" ? 1 : 0; };
    return rank(want) < rank(best) ? want : best;
}

// ---- "the five BLAS calls alone": the products of one step and nothing else -------------------------
// Forward X W1 and A1 W2, backward (P - Y) W2^T, A1^T delta2 and X^T delta1 into the weights (alpha
// tiny so that the weights stay put): what OpenBLAS alone costs for this network, per call and per FLOP.
void blas_only_epoch(ch7::Network& net, const ch7::Matrix& X, std::size_t B, std::uint64_t seed, ch7::Workspace& ws) {
    using xt::blas::gemm;
    const std::size_t N = X.shape()[0], D = X.shape()[1], H = net.W1.shape()[1], K = net.W2.shape()[1];
    const auto order = wb::Rng(seed).permutation(N);
    for (std::size_t begin = 0; begin < N; begin += B) {
        const std::size_t end = std::min(begin + B, N);
        ws.fit(end - begin, D, H, K);
        ch7::gather(X, order, begin, end, ws.Xb);
        gemm(ws.Xb, net.W1, ws.A1);
        gemm(ws.A1, net.W2, ws.P);
        gemm(ws.P, net.W2, ws.D1, false, true);
        gemm(ws.A1, ws.P, net.W2, true, false, 1e-30, 1.0);
        gemm(ws.Xb, ws.D1, net.W1, true, false, 1e-30, 1.0);
    }
}

std::vector<std::string> split(const std::string& s) {
    std::vector<std::string> out;
    std::stringstream ss(s);
    std::string item;
    while (std::getline(ss, item, ',')) out.push_back(item);
    return out;
}

}  // namespace

int main(int argc, char** argv) {
    std::vector<std::size_t> batch_sizes;
    for (std::size_t b = 1; b <= 1024; b *= 2) batch_sizes.push_back(b);
    std::vector<std::string> impls = {"rung0", "rung1", "rung2", "rung3", "rung4", "rung5", "blas-only"};
    int repeats = 3;
    double min_seconds = 0.2;
    std::string plot_csv, plot_dir = wb::plot::plots_dir();
    for (int i = 1; i < argc; ++i) {
        const std::string a = argv[i];
        if (a == "--batches" && i + 1 < argc) {
            batch_sizes.clear();
            for (const auto& s : split(argv[++i])) batch_sizes.push_back(std::stoul(s));
        } else if (a == "--impls" && i + 1 < argc) impls = split(argv[++i]);
        else if (a == "--repeats" && i + 1 < argc) repeats = std::max(1, std::atoi(argv[++i]));
        else if (a == "--min-seconds" && i + 1 < argc) min_seconds = std::atof(argv[++i]);
        else if (a == "--plot" && i + 1 < argc) plot_csv = argv[++i];
        else if (a == "--dir" && i + 1 < argc) plot_dir = argv[++i];
        else {
            std::cerr << "usage: bench_ch07 [--batches 1,2,...] [--impls rung0,...,rung5,blas-only] [--repeats 3] "
                         "[--min-seconds 0.2] | --plot CSV [--dir DIR]\n";
            return 2;
        }
    }
    if (!plot_csv.empty()) {
        const ch7::BenchData d = ch7::read_bench(plot_csv);
        if (d.rows.empty()) {
            std::cerr << "bench_ch07: no measurements in " << plot_csv << "\n";
            return 1;
        }
        return ch7::plot_speed(d, plot_dir) ? 0 : 1;
    }

    if (impls.size() == 1 && impls[0] == "none") {  // the peaks alone (./workbook bench 7 measures them again at the end)
        measure_peaks(std::max(3, repeats));
        return 0;
    }
    for (const auto& impl : impls)
        if (impl != "rung0" && impl != "rung1" && impl != "rung2" && impl != "rung3" && impl != "rung4" &&
            impl != "rung5" && impl.rfind("blas-", 0) != 0) {
            std::cerr << "bench_ch07: unknown implementation " << impl
                      << " (rung0, ..., rung5, blas-only (or blas-NAME: the same, named so), none)\n";
            return 2;
        }
    const char* coretype = std::getenv("OPENBLAS_CORETYPE");
    const char* threads = std::getenv("OPENBLAS_NUM_THREADS");
    std::printf("# C++ (xtensor + xtensor-blas), chapter 7 reference solutions\n");
    const CpuInfo cpu = cpu_info();
    std::printf("# CPU: %s, %s, family %s model %s; vector flags: %s\n", cpu.vendor.c_str(), cpu.model_name.c_str(),
                cpu.family.c_str(), cpu.model.c_str(), cpu.flags.empty() ? "(none)" : cpu.flags.c_str());
    std::printf("# OPENBLAS_CORETYPE=%s OPENBLAS_NUM_THREADS=%s\n", coretype ? coretype : "(unset)", threads ? threads : "(unset)");
    openblas_info_and_one_thread();
    std::printf("# BLAS libraries loaded: %s\n", loaded_blas().c_str());
    std::printf("# 7.5 runs its %s kernels (the widest this CPU has unless WB_CH7_ISA=avx2|plain narrows them)\n",
                rung5_isa().c_str());
    const std::vector<Peak> peaks = measure_peaks(std::max(3, repeats));
    for (const auto& p : peaks) {
        std::printf("# peak (%s): %s\n", p.isa.c_str(), describe(p.isa).c_str());
        check_peak(p, cpu);
    }
    std::fflush(stdout);

    const auto data = wb::load_labeled(wb::data_path("digits.csv"), wb::Header::none);
    const ch7::Matrix X = data.X / 16.0;
    const ch7::Matrix Y = wb::one_hot(data.y, 10);
    const std::size_t N = X.shape()[0];
    std::printf("# data: %s, N = %zu samples, network 64-32-10, float64, eta 0.1\n", data.path.c_str(), N);

    // Round-robin: for each batch size, the repeats go round all implementations in turn, so that a
    // busy spell of the machine (other jobs, the other hyper-thread) falls on all of them alike and
    // each one's best timing comes from the quietest moments of the whole round.
    std::uint64_t seed = 1;
    struct Cell {
        std::string impl;
        ch7::Network net;
        ch7::Workspace ws;
        double best_cpu = 0, best_wall = 0;
    };
    for (std::size_t B : batch_sizes) {
        std::vector<Cell> cells;
        for (const auto& impl : impls) cells.push_back({impl, ch7::init_network(64, 32, 10, 6), {}, 0, 0});
        auto epoch = [&](Cell& c) {
            const std::string& impl = c.impl;
            if (impl == "rung0") ch7::epoch_readable(c.net, X, Y, B, 0.1, seed++);
            else if (impl == "rung1") ch7::epoch_values(c.net, X, Y, B, 0.1, seed++);
            else if (impl == "rung2") ch7::epoch_noalias(c.net, X, Y, B, 0.1, seed++);
            else if (impl == "rung3") ch7::epoch_gemm_forward(c.net, X, Y, B, 0.1, seed++);
            else if (impl == "rung4") ch7::epoch_workspace(c.net, X, Y, B, 0.1, seed++, c.ws);
            else if (impl == "rung5") ch7::epoch_vectorised(c.net, X, Y, B, 0.1, seed++, c.ws);
            else if (impl.rfind("blas-", 0) == 0) blas_only_epoch(c.net, X, B, seed++, c.ws);
            else throw std::invalid_argument("unknown implementation " + impl + " (rung0, ..., rung5, blas-only, none)");
        };
        for (auto& c : cells) epoch(c);  // warm-up: caches, allocator, BLAS buffers
        for (int r = 0; r < repeats; ++r)
            for (auto& c : cells) {
                const double c0 = cpu_seconds();
                const auto t0 = std::chrono::steady_clock::now();
                std::size_t epochs = 0;
                double cpu = 0;
                do {
                    epoch(c);
                    ++epochs;
                    cpu = cpu_seconds() - c0;
                } while (cpu < min_seconds);
                const double wall = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
                c.best_cpu = std::max(c.best_cpu, static_cast<double>(N * epochs) / cpu);
                c.best_wall = std::max(c.best_wall, static_cast<double>(N * epochs) / wall);
            }
        for (const auto& c : cells) std::printf("RESULT %s %zu %.0f %.0f\n", c.impl.c_str(), B, c.best_cpu, c.best_wall);
        std::fflush(stdout);
    }
    return 0;
}
