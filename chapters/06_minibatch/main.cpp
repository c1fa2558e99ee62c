// Chapter 6 program: mini-batch SGD on handwritten digits with batch sizes 1, 32 and N, then the plots.
//   ./workbook run 6             on your exercise files
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <iostream>
#include <string>
#include <utility>
#include <vector>

#include "minibatch.hpp"
#include "workbook/csv.hpp"
#include "workbook/format.hpp"
#include "workbook/plot.hpp"
#include "workbook/program.hpp"

namespace {

constexpr std::uint64_t kSplitSeed = 2024;  // the held-out split
constexpr std::uint64_t kInitSeed = 6;      // the initial weights (the same for every batch size)
constexpr std::uint64_t kShuffleSeed = 600; // epoch e shuffles with wb::Rng(kShuffleSeed + e)
constexpr std::size_t kHidden = 32;
constexpr std::size_t kEpochs = 60;
constexpr double kEta = 0.5;

struct Run {
    std::string label;
    std::size_t B = 0, iterations = 0;  // iterations (updates) an epoch
    std::vector<double> epochs, updates, train_loss, test_accuracy;
    std::vector<std::pair<double, double>> within_first;  // (updates, training loss) inside epoch 1
};

wb::plot::Figure figure(const std::string& name, const std::string& title, const std::string& xlabel, const std::string& ylabel) {
    wb::plot::Figure f;
    f.name = name, f.title = title, f.xlabel = xlabel, f.ylabel = ylabel;
    return f;
}

// Training loss over the whole training set and held-out accuracy: one forward pass each.
void evaluate(const ch6::Network& net, const ch6::Matrix& Xtr, const ch6::Matrix& Ytr, const ch6::Matrix& Xte,
              const xt::xtensor<int, 1>& yte, double& loss, double& acc) {
    loss = ch6::cross_entropy(ch6::forward(Xtr, net).P, Ytr);
    acc = ch6::accuracy(ch6::forward(Xte, net).P, yte);
}

Run train(const std::string& label, std::size_t B, const ch6::Matrix& Xtr, const ch6::Matrix& Ytr, const ch6::Matrix& Xte,
          const xt::xtensor<int, 1>& yte) {
    const std::size_t N = Xtr.shape()[0];
    Run run;
    run.label = label;
    run.B = B;
    run.iterations = ch6::batch_ranges(N, B).size();
    ch6::Network net = ch6::init_network(Xtr.shape()[1], kHidden, Ytr.shape()[1], kInitSeed);
    double loss = 0, acc = 0;
    evaluate(net, Xtr, Ytr, Xte, yte, loss, acc);
    run.epochs.push_back(0), run.updates.push_back(0), run.train_loss.push_back(loss), run.test_accuracy.push_back(acc);
    std::printf("\n%s: B = %zu, %zu iterations (weight updates) an epoch, eta = %g\n", label.c_str(), B, run.iterations, kEta);
    std::printf("  epoch %3d  updates %7d  training loss %.4f  held-out accuracy %5.1f%%\n", 0, 0, loss, 100 * acc);
    // Within the first epoch the loss is also logged after 1, 2, 5, 10, 20, ... updates, so that on
    // the per-update figure every batch size's curve starts at update 1 (B = 1 makes N updates an
    // epoch). That epoch runs the steps of train_epoch (6.7) one batch at a time, as 6.7 states them:
    // the same shuffle, the same batches, the same network afterwards (the tests of 6.7 hold it to
    // this composition to 1e-12).
    {
        const auto order = wb::Rng(kShuffleSeed + 1).permutation(N);
        const auto batches = ch6::batch_ranges(N, B);
        const std::vector<std::size_t> logged = {1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000};
        for (std::size_t i = 0; i < batches.size(); ++i) {
            const ch6::Matrix Xb = ch6::take_rows(Xtr, order, batches[i]), Yb = ch6::take_rows(Ytr, order, batches[i]);
            const ch6::Forward f = ch6::forward(Xb, net);
            ch6::sgd_step(net, ch6::gradients(Xb, f, ch6::output_delta(f.P, Yb), net), kEta);
            const std::size_t done = i + 1;
            if (done < batches.size() && std::find(logged.begin(), logged.end(), done) != logged.end()) {
                evaluate(net, Xtr, Ytr, Xte, yte, loss, acc);
                run.within_first.push_back({static_cast<double>(done), loss});
            }
        }
    }
    for (std::size_t e = 1; e <= kEpochs; ++e) {
        if (e > 1) ch6::train_epoch(net, Xtr, Ytr, B, kEta, kShuffleSeed + e, e);
        evaluate(net, Xtr, Ytr, Xte, yte, loss, acc);
        const auto updates = static_cast<double>(e * run.iterations);
        run.epochs.push_back(static_cast<double>(e)), run.updates.push_back(updates);
        run.train_loss.push_back(loss), run.test_accuracy.push_back(acc);
        if (e <= 3 || e % 10 == 0)
            std::printf("  epoch %3zu  updates %7.0f  training loss %.4f  held-out accuracy %5.1f%%\n", e, updates, loss, 100 * acc);
        std::fflush(stdout);
    }
    return run;
}

int run() {
    std::cout << "Chapter 6: batch, stochastic and mini-batch gradient descent on handwritten digits\n"
              << "  E = 1/N sum_n e_n, dE/dW = 1/N sum_n de_n/dW; an epoch is a pass over the whole\n"
              << "  training set, one batch's forward and backward pass an iteration       [seed 004]\n"
              << "  softmax output, cross-entropy, delta at the output = yhat - y             [seed 002]\n"
              << "  row layout with bias rows: Z = X W + 1_B b                                [seed 000]\n";

    wb::heading("1. Data");
    const auto data = wb::load_labeled(wb::data_path("digits.csv"), wb::Header::none);
    const auto split = wb::train_test_split(data, 0.2, kSplitSeed);
    const ch6::Matrix Xtr = split.train.X / 16.0, Xte = split.test.X / 16.0;  // pixels 0..16 -> 0..1
    const ch6::Matrix Ytr = wb::one_hot(split.train.y, 10);
    const std::size_t N = Xtr.shape()[0];
    std::printf("%s: %zu images of 8x8 pixels (0..16, scaled by 1/16), 10 classes\n", data.path.c_str(), data.X.shape()[0]);
    std::printf("held-out split with seed %llu: %zu for training, %zu held out\n",
                static_cast<unsigned long long>(kSplitSeed), N, Xte.shape()[0]);

    wb::heading("2. One epoch in batches");
    const auto example = ch6::batch_ranges(10, 3);
    std::printf("batch_ranges(N = 10, B = 3):");
    for (const auto& b : example) std::printf(" [%zu,%zu)", b.begin, b.end);
    std::printf("  -> ceil(10/3) = %zu iterations, the last one short\n", example.size());
    for (std::size_t B : {std::size_t{1}, std::size_t{32}, N}) {
        const auto bs = ch6::batch_ranges(N, B);
        std::printf("N = %zu, B = %4zu: %4zu iterations an epoch, the last batch of %zu\n", N, B, bs.size(), bs.back().size());
    }

    wb::heading("3. One iteration, B = 32 (the first batch of the epoch, shuffled with seed " + std::to_string(kShuffleSeed + 1) + ")");
    {
        const ch6::Network net = ch6::init_network(Xtr.shape()[1], kHidden, 10, kInitSeed);
        std::printf("network 64-%zu-10 from seed %llu: W1 %s, b1 %s, W2 %s, b2 %s\n", kHidden,
                    static_cast<unsigned long long>(kInitSeed), wb::shape_str(net.W1.shape()).c_str(),
                    wb::shape_str(net.b1.shape()).c_str(), wb::shape_str(net.W2.shape()).c_str(), wb::shape_str(net.b2.shape()).c_str());
        const auto order = wb::Rng(kShuffleSeed + 1).permutation(N);
        const ch6::Batch first = ch6::batch_ranges(N, 32).front();
        const ch6::Matrix Xb = ch6::take_rows(Xtr, order, first), Yb = ch6::take_rows(Ytr, order, first);
        const ch6::Forward f = ch6::forward(Xb, net);
        const ch6::Matrix delta = ch6::output_delta(f.P, Yb);
        const ch6::Gradients g = ch6::gradients(Xb, f, delta, net);
        std::printf("X %s -> H %s -> P %s; loss %.6f (ln 10 = %.6f: a guess among 10 classes)\n", wb::shape_str(Xb.shape()).c_str(),
                    wb::shape_str(f.H.shape()).c_str(), wb::shape_str(f.P.shape()).c_str(), ch6::cross_entropy(f.P, Yb), std::log(10.0));
        wb::show("P, first row (sums to 1)", xt::xarray<double>(xt::view(f.P, 0, xt::all())), 4);
        wb::show("delta2 = (P - Y)/B, first row", xt::xarray<double>(xt::view(delta, 0, xt::all())), 4);
        std::printf("gradients: dW1 %s, db1 %s, dW2 %s, db2 %s (each the mean over the batch's 32 samples)\n",
                    wb::shape_str(g.dW1.shape()).c_str(), wb::shape_str(g.db1.shape()).c_str(), wb::shape_str(g.dW2.shape()).c_str(),
                    wb::shape_str(g.db2.shape()).c_str());
    }

    wb::heading("4. Training: the same network, the same learning rate, " + std::to_string(kEpochs) + " epochs each");
    std::vector<Run> runs;
    runs.push_back(train("stochastic gradient descent", 1, Xtr, Ytr, Xte, split.test.y));
    runs.push_back(train("mini-batch gradient descent", 32, Xtr, Ytr, Xte, split.test.y));
    runs.push_back(train("batch gradient descent", N, Xtr, Ytr, Xte, split.test.y));

    wb::heading("5. The trade-off (seed 004, Remarks 1-2)");
    std::printf("%-30s %6s %10s %14s %10s\n", "", "B", "updates", "training loss", "held-out");
    for (const auto& r : runs)
        std::printf("%-30s %6zu %10.0f %14.4f %9.1f%%\n", r.label.c_str(), r.B, r.updates.back(), r.train_loss.back(),
                    100 * r.test_accuracy.back());
    std::printf("per epoch, B = 1 makes %zu updates and B = N one: small batches learn most per pass over the data;\n"
                "per update, B = N follows the true gradient and B = 1 a noisy estimate of it. B = 32 sits between:\n"
                "frequent updates, each on an average of 32 per-sample gradients.\n", N);
    std::printf("final held-out accuracy (B = 32): %.1f%%\n", 100 * runs[1].test_accuracy.back());
    {
        const std::size_t M = Xte.shape()[0];
        std::string md = wb::fmt("After %zu epochs, $\\eta = %g$, the same initial weights (training set $N = %zu$, held out %zu):\n\n",
                                 kEpochs, kEta, N, M);
        md += "| | $B$ | updates an epoch | updates in all | training loss | held-out accuracy |\n|---|--:|--:|--:|--:|--:|\n";
        for (const auto& r : runs)
            md += wb::fmt("| %s | %zu | %zu | %.0f | %.6f | %.2f%% (%ld of %zu) |\n",
                          r.label.substr(0, r.label.find(" gradient descent")).c_str(), r.B, r.iterations, r.updates.back(),
                          r.train_loss.back(), 100 * r.test_accuracy.back(), std::lround(r.test_accuracy.back() * M), M);
        // The loss at (nearly) equal numbers of weight updates: after one epoch of B = 1 (N updates)
        // and after one epoch of B = 32, for each batch size at the epoch that comes closest.
        md += "\nThe training loss at (nearly) the same number of weight updates, at the end of an epoch:\n\n"
              "| after about | $B = 1$ | $B = 32$ | $B = N$ |\n|---|--:|--:|--:|\n";
        for (const std::size_t target : {runs[0].iterations, runs[1].iterations}) {
            md += wb::fmt("| %zu updates", target);
            for (const auto& r : runs) {
                const auto e = static_cast<std::size_t>(std::lround(static_cast<double>(target) / r.iterations));
                if (e < 1 || e > kEpochs) md += " | -";
                else md += wb::fmt(" | %.4f (%zu updates, epoch %zu)", r.train_loss[e], e * r.iterations, e);
            }
            md += " |\n";
        }
        wb::write_output("ch06_results", md);
    }

    const char* names[] = {"B = 1 (stochastic)", "B = 32 (mini-batch)", "B = N (batch)"};
    wb::plot::Figure by_epoch = figure("ch06_loss_epochs", "Chapter 6: training loss per epoch", "epoch",
                                       "training loss (mean cross-entropy)");
    wb::plot::Figure by_update = figure("ch06_loss_updates", "Chapter 6: training loss per weight update",
                                        "weight updates (iterations)", "training loss (mean cross-entropy)");
    wb::plot::Figure acc = figure("ch06_accuracy", "Chapter 6: held-out accuracy", "epoch",
                                  "held-out accuracy (fraction correct)");
    for (std::size_t i = 0; i < runs.size(); ++i) {
        const Run& r = runs[i];
        const std::string title =
            std::string(names[i]) + ", " + std::to_string(r.iterations) + (r.iterations == 1 ? " update" : " updates") + "/epoch";
        by_epoch.series.push_back({title, r.epochs, r.train_loss});
        // The log axis has no 0: epoch 0 (no update yet) is left out; inside epoch 1 the loss was
        // logged after 1, 2, 5, 10, ... updates, so that every curve starts at update 1.
        wb::plot::Series s{title, {}, {}, "linespoints"};
        for (const auto& [u, l] : r.within_first) s.x.push_back(u), s.y.push_back(l);
        s.x.insert(s.x.end(), r.updates.begin() + 1, r.updates.end());
        s.y.insert(s.y.end(), r.train_loss.begin() + 1, r.train_loss.end());
        by_update.series.push_back(s);
        acc.series.push_back({names[i], r.epochs, r.test_accuracy});
    }
    by_epoch.logy = by_update.logy = true;
    by_epoch.extra = {"set key left bottom", "set yrange [1e-5:10]", "set format y \"%g\""};
    by_update.logx = true;
    // Ticks as powers of ten (1, 10, ..., 10^5 would print "100000" at the right edge and clip it).
    by_update.extra = {"set key left bottom", "set pointsize 0.4", "set xrange [0.8:2e5]", "set format x \"10^{%L}\""};
    acc.extra = {"set key right bottom", "set yrange [0:1]"};
    wb::plot::save(by_epoch);
    wb::plot::save(by_update);
    wb::plot::save(acc);
    return 0;
}
}  // namespace

int main() { return wb::run_chapter(6, run); }
