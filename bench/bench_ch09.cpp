// Benchmark of chapter 9: what the computational graph costs. Samples per second for one epoch of
// mini-batch SGD on digits (1797 samples), network 64-32-10 (sigmoid hidden layer, softmax output,
// mean cross-entropy), float64, one thread, three ways:
//   engine  ch9::train_epoch of the solution side: a fresh tape per batch, a node per operation,
//           every value and gradient allocated, the backward pass by ch9::backward (tests/09 tie it
//           to chapter 6's gradients to 1e-12)
//   hand    a hand-written backward pass (chapter 6's reference step: BLAS gemm into buffers kept
//           across batches, softmax, delta and the update fused; the same numbers)
//   ch8     chapter 8's reference forward, output_delta and backward (L layers, weight decay, here
//           lambda = 0) per batch, when chapter 8 is built with it (WB_CHAPTERS="8;9")
// PyTorch's autograd is measured by bench/torch_bench.py with the same protocol (./workbook bench 9).
//
//   ./build/bin/bench_ch09 [--batches 1,32,256] [--repeats 3] [--min-seconds 0.2]
//
// Protocol (as bench_ch06): pixels / 16, one-hot labels, initial weights from seed 6, eta = 0.1, one
// warm-up epoch per batch size, then `repeats` timings of whole epochs filling `min-seconds` of the
// process's CPU time; the best. Output: "RESULT <name> <B> <samples per CPU second> <per wall second>".
#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <iostream>
#include <sstream>
#include <string>
#include <vector>

#include <xtensor-blas/xblas.hpp>
#include <xtensor/xnoalias.hpp>

#include "autodiff.hpp"
#ifdef WB_BENCH_CH8
#include "deep.hpp"
#endif
#include "bench_machine.hpp"
#include "workbook/csv.hpp"
#include "workbook/given.hpp"
#include "workbook/rng.hpp"

namespace {
using ch9::Matrix;

// The hand-written step (chapter 6's reference train_epoch, copied: the bench links chapter 9 only).
struct Buffers {
    Matrix ones, Xb, Yb, A1, P, D1;
    void fit(std::size_t rows, std::size_t D, std::size_t H, std::size_t K) {
        if (Xb.shape()[0] == rows && Xb.shape()[1] == D) return;
        ones = xt::ones<double>({rows, std::size_t{1}});
        Xb = xt::empty<double>({rows, D}), Yb = xt::empty<double>({rows, K}), P = xt::empty<double>({rows, K});
        A1 = xt::empty<double>({rows, H}), D1 = xt::empty<double>({rows, H});
    }
};
void hand_epoch(ch9::Network& net, const Matrix& X, const Matrix& Y, std::size_t B, double eta, std::uint64_t seed) {
    using xt::blas::gemm;
    const std::size_t N = X.shape()[0], D = X.shape()[1], H = net.W1.shape()[1], K = net.W2.shape()[1];
    const std::vector<std::size_t> order = wb::Rng(seed).permutation(N);
    Buffers w;
    for (const auto& [begin, end] : ch9::batch_ranges(N, B)) {
        const std::size_t n = end - begin;
        w.fit(n, D, H, K);
        for (std::size_t i = begin; i < end; ++i) {
            std::copy_n(X.data() + order[i] * D, D, w.Xb.data() + (i - begin) * D);
            std::copy_n(Y.data() + order[i] * K, K, w.Yb.data() + (i - begin) * K);
        }
        gemm(w.ones, net.b1, w.A1);
        gemm(w.Xb, net.W1, w.A1, false, false, 1.0, 1.0);
        std::transform(w.A1.begin(), w.A1.end(), w.A1.begin(), [](double z) { return wb::given::sigmoid(z); });
        gemm(w.ones, net.b2, w.P);
        gemm(w.A1, net.W2, w.P, false, false, 1.0, 1.0);
        double loss = 0.0;
        for (std::size_t r = 0; r < n; ++r) {
            double* p = w.P.data() + r * K;
            const double* y = w.Yb.data() + r * K;
            const double m = *std::max_element(p, p + K);
            double s = 0.0;
            for (std::size_t k = 0; k < K; ++k) s += (p[k] = std::exp(p[k] - m));
            for (std::size_t k = 0; k < K; ++k) {
                p[k] /= s;
                if (y[k] != 0.0) loss -= y[k] * std::log(p[k] + ch9::kLogEps);
                p[k] -= y[k];
            }
        }
        const double a = -eta / static_cast<double>(n);
        gemm(w.P, net.W2, w.D1, false, true);
        xt::noalias(w.D1) *= w.A1 * (1.0 - w.A1);
        gemm(w.A1, w.P, net.W2, true, false, a, 1.0);
        gemm(w.ones, w.P, net.b2, true, false, a, 1.0);
        gemm(w.Xb, w.D1, net.W1, true, false, a, 1.0);
        gemm(w.ones, w.D1, net.b1, true, false, a, 1.0);
        if (!std::isfinite(loss)) std::abort();
    }
}

#ifdef WB_BENCH_CH8
// Chapter 8's hand-written backward pass, the same epoch: its solution's forward, output_delta and
// backward for the 64-32-10 sigmoid/softmax network, the SGD step here.
ch8::Network ch8_network(const ch9::Network& n) {
    ch8::Network net;
    net.arch.sizes = {64, 32, 10};
    net.arch.activations = {ch8::Activation::sigmoid, ch8::Activation::softmax};
    net.arch.loss = ch8::Loss::softmax_cross_entropy;
    net.W = {Matrix{}, n.W1, n.W2};
    net.b = {Matrix{}, n.b1, n.b2};
    return net;
}
void ch8_epoch(ch8::Network& net, const Matrix& X, const Matrix& Y, std::size_t B, double eta, std::uint64_t seed) {
    const std::vector<std::size_t> order = wb::Rng(seed).permutation(X.shape()[0]);
    for (const auto& [begin, end] : ch9::batch_ranges(X.shape()[0], B)) {
        const Matrix Xb = ch9::take_rows(X, order, begin, end), Yb = ch9::take_rows(Y, order, begin, end);
        const ch8::Forward fw = ch8::forward(net, Xb);
        const ch8::Gradients g = ch8::backward(net, fw, ch8::output_delta(net, fw, Yb), 0.0);
        for (std::size_t k = 1; k <= 2; ++k) {
            net.W[k] -= eta * g.dW[k];
            net.b[k] -= eta * g.db[k];
        }
    }
}
#endif

std::vector<std::size_t> parse_list(const std::string& s) {
    std::vector<std::size_t> out;
    std::stringstream ss(s);
    std::string item;
    while (std::getline(ss, item, ',')) out.push_back(std::stoul(item));
    return out;
}

template <class Epoch>
void time_it(const char* name, std::size_t B, std::size_t N, int repeats, double min_seconds, Epoch epoch) {
    epoch();  // warm-up
    double best_cpu = 0, best_wall = 0;
    for (int r = 0; r < repeats; ++r) {
        const double c0 = bench::cpu_seconds();
        const auto t0 = std::chrono::steady_clock::now();
        std::size_t epochs = 0;
        double cpu = 0;
        do {
            epoch();
            ++epochs;
            cpu = bench::cpu_seconds() - c0;
        } while (cpu < min_seconds);
        const double wall = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
        best_cpu = std::max(best_cpu, static_cast<double>(N * epochs) / cpu);
        best_wall = std::max(best_wall, static_cast<double>(N * epochs) / wall);
    }
    std::printf("RESULT %s %zu %.0f %.0f\n", name, B, best_cpu, best_wall);
    std::fflush(stdout);
}
}  // namespace

int main(int argc, char** argv) {
    std::vector<std::size_t> batch_sizes{1, 32, 256};
    int repeats = 3;
    double min_seconds = 0.2;
    for (int i = 1; i < argc; ++i) {
        const std::string a = argv[i];
        if (a == "--batches" && i + 1 < argc) batch_sizes = parse_list(argv[++i]);
        else if (a == "--repeats" && i + 1 < argc) repeats = std::max(1, std::atoi(argv[++i]));
        else if (a == "--min-seconds" && i + 1 < argc) min_seconds = std::atof(argv[++i]);
        else {
            std::cerr << "usage: bench_ch09 [--batches 1,32,256] [--repeats 3] [--min-seconds 0.2]\n";
            return 2;
        }
    }
    bench::openblas_info_and_one_thread();
    const auto data = wb::load_labeled(wb::data_path("digits.csv"), wb::Header::none);
    const Matrix X = data.X / 16.0, Y = wb::one_hot(data.y, 10);
    const std::size_t N = X.shape()[0];
    std::printf("# BLAS libraries loaded: %s\n", bench::loaded_blas().c_str());
    std::printf("# data: N = %zu samples, network 64-32-10, float64, eta 0.1, one thread\n", N);

    // The two ways give the same weights (the tests' tie); checked here once so the timings compare like with like.
    {
        ch9::Network a = ch9::init_network(64, 32, 10, 6), b = a;
        ch9::train_epoch(a, X, Y, 32, 0.1, 1);
        hand_epoch(b, X, Y, 32, 0.1, 1);
        double diff = 0;
        for (std::size_t i = 0; i < a.W1.size(); ++i) diff = std::max(diff, std::abs(a.W1.data()[i] - b.W1.data()[i]));
        std::printf("# one epoch at B = 32, engine against hand-written: max |W1 difference| = %.1e\n", diff);
#ifdef WB_BENCH_CH8
        ch8::Network c = ch8_network(ch9::init_network(64, 32, 10, 6));
        ch8_epoch(c, X, Y, 32, 0.1, 1);
        double d8 = 0;
        for (std::size_t i = 0; i < a.W1.size(); ++i) d8 = std::max(d8, std::abs(a.W1.data()[i] - c.W[1].data()[i]));
        std::printf("# one epoch at B = 32, engine against chapter 8's backward: max |W1 difference| = %.1e\n", d8);
#endif
    }
    for (std::size_t B : batch_sizes) {
        ch9::Network net = ch9::init_network(64, 32, 10, 6);
        std::uint64_t e = 0;
        time_it("engine", B, N, repeats, min_seconds, [&] { ch9::train_epoch(net, X, Y, B, 0.1, ++e); });
        ch9::Network hn = ch9::init_network(64, 32, 10, 6);
        std::uint64_t f = 0;
        time_it("hand", B, N, repeats, min_seconds, [&] { hand_epoch(hn, X, Y, B, 0.1, ++f); });
#ifdef WB_BENCH_CH8
        ch8::Network n8 = ch8_network(ch9::init_network(64, 32, 10, 6));
        std::uint64_t g = 0;
        time_it("ch8", B, N, repeats, min_seconds, [&] { ch8_epoch(n8, X, Y, B, 0.1, ++g); });
#endif
    }
    return 0;
}
