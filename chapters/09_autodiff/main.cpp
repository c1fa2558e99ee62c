// Chapter 9 program: seed 001's chain through the scalar graph, the dynamic-programming table,
// the speed-memory table, seed 001's four graphs on the tape, and chapter 6's digits network
// trained by the engine.
//   ./workbook run 9             on your exercise files
#include <cmath>
#include <cstdio>
#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <iostream>
#include <string>
#include <vector>

#include <xtensor/xbuilder.hpp>
#include <xtensor/xmath.hpp>

#include "autodiff.hpp"
#include "workbook/csv.hpp"
#include "workbook/format.hpp"
#include "workbook/plot.hpp"
#include "workbook/program.hpp"
#include "workbook/rng.hpp"

namespace {

using ch9::Matrix;

constexpr std::uint64_t kSplitSeed = 2024;  // chapter 6's held-out split
constexpr std::uint64_t kInitSeed = 6;      // chapter 6's initial weights
constexpr std::uint64_t kShuffleSeed = 600; // epoch e shuffles with seed 600 + e, as chapter 6
constexpr std::size_t kEpochs = 20;
constexpr double kEta = 0.5;

// The local derivatives one backward pass evaluates: one per edge into the output's ancestors.
std::uint64_t backward_evaluations(const ch9::Graph& g, std::size_t output) {
    std::uint64_t e = 0;
    for (std::size_t v : ch9::topological_order(g, output)) e += g.nodes[v].parents.size();
    return e;
}

void seed_chain() {
    wb::heading("1. Seed 001's chain z = f(f(f(w))), f = sin, w = 0.7");
    ch9::Graph g;
    const std::size_t w = g.input("w", 0.7);
    const std::size_t z = ch9::chain(g, w, 3, ch9::sin_fn());
    for (std::size_t v = 0; v < g.size(); ++v) {
        const auto& n = g.nodes[v];
        std::printf("  node %zu %-3s value %.12f", v, n.name.c_str(), n.value);
        for (std::size_t k = 0; k < n.parents.size(); ++k) std::printf("   d%s/d%s = %.12f", n.name.c_str(), g.nodes[n.parents[k]].name.c_str(), n.local[k]);
        std::printf("\n");
    }
    const auto order = ch9::topological_order(g, z);
    std::printf("topological order:");
    for (auto v : order) std::printf(" %s", g.nodes[v].name.c_str());
    const auto adj = ch9::backward(g, z);
    std::printf("\nadjoints dz/d(node): w %.15f, x1 %.15f, x2 %.15f, x3 %.1f\n", adj[0], adj[1], adj[2], adj[3]);
    const double closed = std::cos(std::sin(std::sin(0.7))) * std::cos(std::sin(0.7)) * std::cos(0.7);
    std::printf("seed 001's formula f'(f(f(w))) f'(f(w)) f'(w) = %.15f (difference %.1e)\n", closed, adj[0] - closed);

    // The same graph renumbered: ids are no longer an order in which parents come first.
    std::vector<std::size_t> ids;
    const ch9::Graph s = ch9::shuffled(g, 9, &ids);
    const auto adj2 = ch9::backward(s, ids[z]);
    std::printf("renumbered (w is node %zu, z node %zu): dz/dw = %.15f, the same\n", ids[w], ids[z], adj2[ids[w]]);
}

void dp_table() {
    wb::heading("2. Dynamic programming: path by path against one backward pass");
    std::printf("%4s | %12s %14s %10s | %12s %16s %10s\n", "n", "chain paths", "path-by-path", "backward", "ladder paths",
                "path-by-path", "backward");
    std::string md =
        "Local derivatives evaluated for $dx_n/dx_0$: **path by path** (every path's product computed anew, exercise 9.3) "
        "against **one backward pass** (each edge once, exercise 9.2). Chain: seed 001's $x_{k+1} = \\sin(x_k)$; "
        "ladder: $x_{k+1} = \\sin(x_k)\\cos(x_k)$, two paths a rung.\n\n"
        "| $n$ | chain: paths | chain: path by path | chain: backward | ladder: paths | ladder: path by path | ladder: backward |\n"
        "|--:|--:|--:|--:|--:|--:|--:|\n";
    wb::plot::Figure fig{"ch09_dp", "Chapter 9: local derivatives evaluated for dx_n/dx_0", "n (steps of the chain, rungs of the ladder)",
                         "local-derivative evaluations (count)"};
    std::vector<double> ns, cn, cb, ln, lb;
    for (std::size_t n : {1u, 2u, 4u, 6u, 8u, 10u, 12u, 14u, 16u, 18u, 20u}) {
        ch9::Graph c;
        const std::size_t w = c.input("w", 0.7);
        const std::size_t z = ch9::chain(c, w, n, ch9::sin_fn());
        const ch9::PathByPath pc = ch9::path_by_path(c, z, w);
        ch9::Graph l;
        const std::size_t x0 = l.input("x0", 0.3);
        const std::size_t xn = ch9::ladder(l, x0, n);
        const ch9::PathByPath pl = ch9::path_by_path(l, xn, x0);
        const std::uint64_t bc = backward_evaluations(c, z), bl = backward_evaluations(l, xn);
        const double dl = ch9::backward(l, xn)[x0];
        if (std::abs(dl - pl.derivative) > 1e-9 * (1 + std::abs(dl)))
            std::printf("  (n = %zu: the two derivatives differ: %.15g and %.15g)\n", n, dl, pl.derivative);
        std::printf("%4zu | %12llu %14llu %10llu | %12llu %16llu %10llu\n", n, static_cast<unsigned long long>(pc.paths),
                    static_cast<unsigned long long>(pc.evaluations), static_cast<unsigned long long>(bc),
                    static_cast<unsigned long long>(pl.paths), static_cast<unsigned long long>(pl.evaluations),
                    static_cast<unsigned long long>(bl));
        md += wb::fmt("| %zu | %llu | %llu | %llu | %llu | %llu | %llu |\n", n, static_cast<unsigned long long>(pc.paths),
                      static_cast<unsigned long long>(pc.evaluations), static_cast<unsigned long long>(bc),
                      static_cast<unsigned long long>(pl.paths), static_cast<unsigned long long>(pl.evaluations),
                      static_cast<unsigned long long>(bl));
        ns.push_back(static_cast<double>(n));
        cn.push_back(static_cast<double>(pc.evaluations)), cb.push_back(static_cast<double>(bc));
        ln.push_back(static_cast<double>(pl.evaluations)), lb.push_back(static_cast<double>(bl));
    }
    md += "\nOn the chain both count $n$: one path, nothing repeated in the derivatives (what the chain repeats is the "
          "forward values, the next table). On the ladder the paths double each rung: $2n \\cdot 2^n$ evaluations path by "
          "path against $4n$ for the table-filling backward pass.\n";
    wb::write_output("ch09_dp", md);
    fig.series.push_back({"ladder, path by path (2n 2^n)", ns, ln, "linespoints"});
    fig.series.push_back({"ladder, one backward pass (4n)", ns, lb, "linespoints"});
    fig.series.push_back({"chain, path by path (n)", ns, cn, "linespoints"});
    fig.series.push_back({"chain, one backward pass (n)", ns, cb, "lines"});
    fig.logy = true;
    fig.extra = {"set key left top", "set format y \"10^{%L}\""};
    wb::plot::save(fig);
}

void memory_table() {
    wb::heading("3. Speed against memory: checkpoints on a chain of n = 1024 sin steps");
    const std::size_t n = 1024;
    std::size_t calls = 0;
    const ch9::ScalarFn counted{"sin", [&calls](double x) { ++calls; return std::sin(x); }, [](double x) { return std::cos(x); }};
    std::string md = wb::fmt("Seed 001's chain with $n = %zu$ steps of $f = \\sin$ at $w = 0.7$ (exercise 9.4): keep every "
                             "`every`-th value, recompute the others from the checkpoint below when the backward pass needs them.\n\n"
                             "| every | values kept | bytes kept | calls of $f$ | calls / $n$ | $dz/dw$ |\n|--:|--:|--:|--:|--:|--:|\n", n);
    std::printf("%6s %12s %11s %13s %8s  %s\n", "every", "values kept", "bytes kept", "calls of f", "calls/n", "dz/dw");
    wb::plot::Figure fig{"ch09_memory", "Chapter 9: memory against recomputation (chain of 1024 steps)",
                         "values kept for the backward pass (bytes)", "calls of f (forward and recomputation)"};
    std::vector<double> xs, ys;
    double first = 0;
    bool same = true;
    for (std::size_t every : {1u, 2u, 4u, 8u, 16u, 32u, 64u, 128u, 256u, 512u, 1024u}) {
        calls = 0;
        const ch9::ChainRun r = ch9::chain_checkpointed(0.7, n, counted, every);
        if (every == 1) first = r.dz_dw;
        same = same && r.dz_dw == first;
        const std::size_t bytes = r.values_kept * sizeof(double);
        std::printf("%6zu %12zu %11zu %13zu %8.1f  %.15e\n", every, r.values_kept, bytes, calls, static_cast<double>(calls) / n, r.dz_dw);
        md += wb::fmt("| %zu | %zu | %zu | %zu | %.1f | %.15e |\n", every, r.values_kept, bytes, calls, static_cast<double>(calls) / n, r.dz_dw);
        xs.push_back(static_cast<double>(bytes)), ys.push_back(static_cast<double>(calls));
    }
    md += wb::fmt("\nThe gradient is the same to the last bit in every row (%s): the same products in the same order. "
                  "`every` = 32 $\\approx \\sqrt{n}$ keeps 32 values and pays about $16n$ calls; "
                  "`every` = $n$ keeps one value and pays $n(n+1)/2$.\n", same ? "checked" : "NOT the case here");
    std::printf("dz/dw identical in every row: %s\n", same ? "yes" : "no");

    // The tape of chapter 6's network: what one training step keeps for its backward pass.
    md += "\nWhat the tape of chapter 6's digits network (64-32-10, exercise 9.10) keeps for the backward pass, per batch "
          "(every node's value and the softmax's probabilities; the parameters and the batch are counted apart):\n\n"
          "| $B$ | nodes | bytes kept | bytes per sample | parameters and batch (bytes) |\n|--:|--:|--:|--:|--:|\n";
    for (std::size_t B : {1u, 32u, 256u}) {
        ch9::Tape t;
        const ch9::Network net = ch9::init_network(64, 32, 10, kInitSeed);
        const auto X = t.input("X", xt::zeros<double>({B, std::size_t{64}}));
        const auto W1 = t.input("W1", net.W1), b1 = t.input("b1", net.b1), W2 = t.input("W2", net.W2), b2 = t.input("b2", net.b2);
        const auto H = ch9::sigmoid(t, ch9::add_bias(t, ch9::matmul(t, X, W1), b1));
        Matrix Y = xt::zeros<double>({B, std::size_t{10}});
        for (std::size_t i = 0; i < B; ++i) Y(i, i % 10) = 1.0;
        ch9::softmax_cross_entropy(t, ch9::add_bias(t, ch9::matmul(t, H, W2), b2), Y);
        md += wb::fmt("| %zu | %zu | %zu | %.0f | %zu |\n", B, t.nodes.size(), t.bytes_kept(), static_cast<double>(t.bytes_kept()) / B,
                      t.bytes_inputs());
        std::printf("tape of the digits network at B = %3zu: %zu nodes, %zu bytes kept (%zu per sample), inputs %zu bytes\n", B,
                    t.nodes.size(), t.bytes_kept(), t.bytes_kept() / B, t.bytes_inputs());
    }
    wb::write_output("ch09_memory", md);
    fig.series.push_back({"checkpoint every 1, 2, 4, ..., 1024 steps", xs, ys, "linespoints"});
    fig.logx = fig.logy = true;
    fig.extra = {"set key right top", "set format y \"10^{%L}\"", "set format x \"10^{%L}\""};
    wb::plot::save(fig);
}

void seed_graphs() {
    wb::heading("4. Seed 001's four computational graphs on the tape");
    std::string txt;
    {
        ch9::Tape t;
        const auto x = t.input("x", Matrix{{3.0}}), y = t.input("y", Matrix{{-2.0}});
        const auto z = ch9::matmul(t, x, y, "z");
        ch9::backward(t, z);
        txt += "(a) multiplication: z = x y\n" + ch9::describe(t) +
               wb::fmt("    x = 3, y = -2: z = %g, dz/dx = %g (= y), dz/dy = %g (= x)\n\n", t.value(z)(0, 0), t.grad(x)(0, 0), t.grad(y)(0, 0));
    }
    {
        ch9::Tape t;
        const auto x = t.input("x", Matrix{{1.0, -0.5, 2.0}}), w = t.input("w", Matrix{{0.3}, {0.8}, {-0.2}}), b = t.input("b", Matrix{{0.1}});
        const auto u1 = ch9::matmul(t, x, w, "u1");
        const auto u2 = ch9::add_bias(t, u1, b, "u2");
        const auto yhat = ch9::sigmoid(t, u2, "yhat");
        ch9::backward(t, yhat);
        txt += "(b) logistic regression: yhat = sigma(x^T w + b)\n" + ch9::describe(t) +
               wb::fmt("    yhat = %.6f; dyhat/dw = sigma' x^T = %s, dyhat/db = %.6f\n\n", t.value(yhat)(0, 0),
                       wb::inline_str(t.grad(w), 6).c_str(), t.grad(b)(0, 0));
    }
    {
        ch9::Tape t;
        wb::Rng rng(91);
        const auto X = t.input("X", rng.normal_matrix(4, 3)), W = t.input("W", rng.normal_matrix(3, 2)), b = t.input("b", rng.normal_matrix(1, 2));
        const auto U1 = ch9::matmul(t, X, W, "U1");
        const auto U2 = ch9::add_bias(t, U1, b, "U2");
        const auto H = ch9::relu(t, U2, "H");
        const auto s = ch9::sum(t, H, "s");
        ch9::backward(t, s);
        txt += "(c) ReLU layer: H = max{0, X W + b} (summed, to have a scalar to differentiate)\n" + ch9::describe(t) +
               wb::fmt("    ds/db = %s: the number of rows where each unit is active (wb::Rng(91))\n\n",
                       wb::inline_str(t.grad(b), 1).c_str());
    }
    {
        ch9::Tape t;
        const auto X = t.input("X", Matrix{{1, 0.875}, {0.25, 1}, {0.5, 0.45}, {0.75, 0.25}});
        const auto w = t.input("w", Matrix{{0.5}, {-0.25}});
        const auto y = t.input("y", Matrix{{1}, {0.4}, {0.5}, {0.6}});
        const auto J = ch9::weight_decay_cost(t, X, w, y, 0.1);
        ch9::backward(t, J);
        txt += "(d) linear regression and weight decay: J = 1/2 |X w - y|^2 + lambda |w|^2, lambda = 0.1 (seed 000's table)\n" +
               ch9::describe(t) +
               wb::fmt("    J = %.6f; dJ/dw = X^T (X w - y) + 2 lambda w = %s (w reaches J along two paths)\n",
                       t.value(J)(0, 0), wb::inline_str(t.grad(w), 6).c_str());
    }
    std::cout << txt;
    wb::write_output("ch09_graphs", "```\n" + txt + "```\n");
}

void train_digits() {
    wb::heading("5. Chapter 6's digits network trained by the engine");
    const auto data = wb::load_labeled(wb::data_path("digits.csv"), wb::Header::none);
    const auto split = wb::train_test_split(data, 0.2, kSplitSeed);
    const Matrix Xtr = split.train.X / 16.0, Xte = split.test.X / 16.0;
    const Matrix Ytr = wb::one_hot(split.train.y, 10);
    ch9::Network net = ch9::init_network(64, 32, 10, kInitSeed);
    std::printf("%zu training images, %zu held out; 64-32-10 from seed %llu, B = 32, eta = %g, epoch e shuffled with seed %llu + e\n",
                Xtr.shape()[0], Xte.shape()[0], static_cast<unsigned long long>(kInitSeed), kEta,
                static_cast<unsigned long long>(kShuffleSeed));
    auto evaluate = [&](double& loss, double& acc) {
        ch9::Tape t;
        const auto X = t.input("X", Xte);
        const auto H = ch9::sigmoid(t, ch9::add_bias(t, ch9::matmul(t, X, t.input("W1", net.W1)), t.input("b1", net.b1)));
        const auto Z = ch9::add_bias(t, ch9::matmul(t, H, t.input("W2", net.W2)), t.input("b2", net.b2));
        std::size_t right = 0;
        const Matrix& z = t.value(Z);
        for (std::size_t n = 0; n < z.shape()[0]; ++n) {
            std::size_t best = 0;
            for (std::size_t k = 1; k < 10; ++k)
                if (z(n, k) > z(n, best)) best = k;
            right += static_cast<int>(best) == split.test.y(n);
        }
        acc = static_cast<double>(right) / static_cast<double>(z.shape()[0]);
        ch9::Tape t2;
        const auto Ztr = ch9::add_bias(t2, ch9::matmul(t2, ch9::sigmoid(t2, ch9::add_bias(t2, ch9::matmul(t2, t2.input("X", Xtr), t2.input("W1", net.W1)), t2.input("b1", net.b1))), t2.input("W2", net.W2)), t2.input("b2", net.b2));
        loss = t2.value(ch9::softmax_cross_entropy(t2, Ztr, Ytr))(0, 0);
    };
    std::vector<double> epochs, losses, accs;
    double loss = 0, acc = 0;
    evaluate(loss, acc);
    epochs.push_back(0), losses.push_back(loss), accs.push_back(acc);
    for (std::size_t e = 1; e <= kEpochs; ++e) {
        ch9::train_epoch(net, Xtr, Ytr, 32, kEta, kShuffleSeed + e);
        evaluate(loss, acc);
        epochs.push_back(static_cast<double>(e)), losses.push_back(loss), accs.push_back(acc);
        if (e <= 2 || e % 5 == 0) std::printf("  epoch %2zu  training loss %.6f  held-out accuracy %5.1f%%\n", e, loss, 100 * acc);
    }
    wb::write_output("ch09_training",
                     wb::fmt("Chapter 6's network trained by the tape (exercise 9.10), $B = 32$, $\\eta = %g$: after %zu epochs the "
                             "training loss is %.6f and the held-out accuracy %.2f%%. The tests check that one epoch gives chapter 6's "
                             "weights to $10^{-12}$.\n", kEta, kEpochs, losses.back(), 100 * accs.back()));
    wb::plot::Figure fig{"ch09_training", "Chapter 9: chapter 6's network trained through the tape", "epoch",
                         "training loss (mean cross-entropy)"};
    fig.series.push_back({"B = 32, eta = 0.5, backward pass by the engine", epochs, losses, "linespoints"});
    fig.logy = true;
    fig.extra = {"set key right top"};
    wb::plot::save(fig);
}

// The benchmark's last run (chapters/09_autodiff/measured.csv, written by ./workbook bench 9): a
// table for the chapter text and a figure. Without the file, the text says how to make it.
void bench_results() {
    wb::heading("6. What the graph costs (chapters/09_autodiff/measured.csv, from ./workbook bench 9)");
    std::ifstream in(std::string(WB_SOURCE_DIR) + "/chapters/09_autodiff/measured.csv");
    if (!in) {
        std::printf("no measurements yet: ./workbook bench 9 writes them\n");
        wb::write_output("ch09_bench", "*No measurements yet: run `./workbook bench 9` (it writes `chapters/09_autodiff/measured.csv`).*\n");
        return;
    }
    std::vector<std::string> notes, order;
    std::map<std::string, std::string> labels;
    std::map<std::string, std::map<std::size_t, double>> cpu;
    std::set<std::size_t> batches;
    std::string line;
    while (std::getline(in, line)) {
        if (line.empty()) continue;
        if (line[0] == '#') {
            notes.push_back(line.substr(2));
            continue;
        }
        if (line.rfind("impl,", 0) == 0) continue;
        const auto q1 = line.find('"'), q2 = line.find('"', q1 + 1);
        if (q1 == std::string::npos || q2 == std::string::npos) continue;
        const std::string impl = line.substr(0, q1 - 1), label = line.substr(q1 + 1, q2 - q1 - 1);
        std::stringstream rest(line.substr(q2 + 2));
        std::string b, c;
        std::getline(rest, b, ',');
        std::getline(rest, c, ',');
        if (!labels.count(impl)) order.push_back(impl);
        labels[impl] = label;
        cpu[impl][std::stoul(b)] = std::stod(c);
        batches.insert(std::stoul(b));
    }
    std::string md = "Samples per CPU second for one epoch of mini-batch SGD on the digits (64-32-10, float64, one thread; "
                     "a training step of $B$ samples counts $B$), measured by `./workbook bench 9`:\n\n| | ";
    std::string sep = "|---|";
    for (auto b : batches) md += wb::fmt("$B = %zu$ | ", b), sep += "--:|";
    md += "\n" + sep + "\n";
    wb::plot::Figure fig{"ch09_bench", "Chapter 9: one training step, the graph engine against hand-written backward passes",
                         "batch size B (samples a step)", "throughput (samples / CPU s)"};
    for (const auto& impl : order) {
        md += "| " + labels[impl] + " |";
        std::vector<double> xs, ys;
        for (auto b : batches) {
            if (cpu[impl].count(b)) {
                md += wb::fmt(" %.0f |", cpu[impl][b]);
                xs.push_back(static_cast<double>(b)), ys.push_back(cpu[impl][b]);
            } else {
                md += " - |";
            }
        }
        md += "\n";
        fig.series.push_back({labels[impl], xs, ys, "linespoints"});
        std::printf("  %-46s", labels[impl].c_str());
        for (double y : ys) std::printf(" %10.0f", y);
        std::printf("\n");
    }
    md += "\n";
    for (const auto& n : notes) md += "<small>" + n + "</small><br>\n";
    wb::write_output("ch09_bench", md);
    fig.logx = fig.logy = true;
    fig.extra = {"set key right bottom", "set format y \"10^{%L}\""};
    wb::plot::save(fig);
}

int run() {
    std::cout << "Chapter 9: back-propagation on a computational graph, a small reverse-mode autodiff\n"
              << "  dz/dx_i = sum_j dz/dy_j dy_j/dx_i; back-propagation is the chain rule computed by dynamic\n"
              << "  programming (table filling), with a speed vs memory trade-off          [seed 001]\n";
    seed_chain();
    dp_table();
    memory_table();
    seed_graphs();
    train_digits();
    bench_results();
    return 0;
}
}  // namespace

int main() { return wb::run_chapter(9, run); }
