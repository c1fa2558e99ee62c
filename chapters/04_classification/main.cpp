// Chapter 4 program: binary classification with a sigmoid output and the cross-entropy loss.
//   ./workbook run 4             on your exercise files
// A worked example on seed 000's four inputs (every step's shapes and values, delta3 = f - t
// against finite differences), the loss of saturated outputs, then training on the Breast Cancer
// Wisconsin data (datasets/breast_cancer.csv) with plots of the loss and the accuracy.
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <iostream>
#include <string>
#include <vector>

#include <xtensor/xmath.hpp>
#include <xtensor/xview.hpp>

#include "classification.hpp"
#include "workbook/format.hpp"
#include "workbook/plot.hpp"
#include "workbook/program.hpp"

namespace {
using ch4::Matrix;

// The settings of the run (printed; the tests of exercise 4.6 use the same ones).
constexpr std::uint64_t kSplitSeed = 6850;   // wb::train_test_split
constexpr std::uint64_t kWeightSeed = 4;     // wb::Rng for W1, W2
constexpr double kTestFraction = 0.2;
constexpr std::size_t kHidden = 5;
constexpr double kEta = 0.005;
constexpr std::size_t kEpochs = 200;
constexpr std::size_t kChunk = 5;            // epochs between held-out evaluations
constexpr std::size_t kPrintEvery = 20;      // epochs between progress lines
constexpr double kTestThreshold = 0.93;      // the held-out accuracy the test of exercise 4.6 requires

// A double as the chapter text shows it: NaN and infinities by name.
std::string md_value(double v) {
    if (std::isnan(v)) return "NaN";
    if (std::isinf(v)) return v > 0 ? "$\\infty$" : "$-\\infty$";
    return wb::fmt("%g", v);
}

// Central differences of the loss with respect to every element of W (the program's own check).
Matrix numerical(const std::function<double(const Matrix&)>& loss, Matrix W, double h = 1e-6) {
    Matrix g = xt::zeros_like(W);
    for (std::size_t i = 0; i < W.size(); ++i) {
        const double w = W.data()[i];
        W.data()[i] = w + h;
        const double up = loss(W);
        W.data()[i] = w - h;
        const double down = loss(W);
        W.data()[i] = w;
        g.data()[i] = (up - down) / (2 * h);
    }
    return g;
}
double max_abs_diff(const Matrix& a, const Matrix& b) { return xt::amax(xt::abs(a - b))(); }

void worked_example() {
    wb::heading("1. A worked example: seed 000's four inputs, binary targets of our own");
    // X: the 4 x 2 inputs of seed 000 ("3-Layer Neural Network"); the seed uses them for
    // regression, here each row gets a class t. W1 2 x 3 and W2 3 x 1 are fixed by hand.
    const Matrix X = {{1.0, 0.875}, {0.25, 1.0}, {0.5, 0.45}, {0.75, 0.25}};
    const Matrix t = {{1.0}, {0.0}, {0.0}, {1.0}};
    const Matrix W1 = {{0.5, -1.0, 0.25}, {-0.75, 0.5, 1.0}};
    const Matrix W2 = {{1.5}, {-2.0}, {0.5}};
    std::cout << "Row layout (seed 000): one sample a row, no bias units.\n";
    wb::show("X   (samples x features)", X, 4);
    wb::show("t   (samples x outputs, class 0 or 1)", t, 0);
    wb::show("W1  (features x hidden)", W1, 4);
    wb::show("W2  (hidden x outputs)", W2, 4);

    wb::heading("2. Forward (exercise 4.1): Z2 = X W1, a2 = sigma(Z2), Z3 = a2 W2, f = sigma(Z3)");
    const ch4::Forward fw = ch4::forward(X, W1, W2);
    wb::show("Z2  (samples x hidden)", fw.Z2);
    wb::show("a2  (samples x hidden)", fw.a2);
    wb::show("Z3  (samples x outputs)", fw.Z3);
    wb::show("f   (samples x outputs) = P(class 1)", fw.f);

    wb::heading("3. Loss (exercise 4.2): L = -sum [t log f + (1 - t) log(1 - f)], summed (seed 000: 1/N removed)");
    const double L = ch4::cross_entropy(fw.Z3, t);
    std::printf("L = %.10f   (L/N = %.10f per sample)\n", L, L / 4.0);

    wb::heading("4. Output delta (exercise 4.3): delta3 = f - t; sigma'(Z3) has cancelled");
    const Matrix delta3 = ch4::output_delta(fw.f, t);
    wb::show("delta3 (samples x outputs)", delta3);
    // dL/dZ3 by central differences of the loss as a function of Z3 alone.
    const Matrix fd3 = numerical([&](const Matrix& Z3) { return ch4::cross_entropy(Z3, t); }, fw.Z3);
    wb::show("dL/dZ3 by central differences", fd3);
    std::printf("max |delta3 - finite differences| = %.2e\n", max_abs_diff(delta3, fd3));
    const Matrix kept = delta3 * wb::given::sigmoid_prime(fw.Z3);
    wb::show("(f - t) .* sigma'(Z3), the squared-loss habit: NOT dL/dZ3 here", kept);

    wb::heading("5. Backward (exercise 4.4): dW2 = a2^T delta3, delta2 = (delta3 W2^T) .* sigma'(Z2), dW1 = X^T delta2");
    const ch4::Gradients g = ch4::gradients(X, fw, W2, delta3);
    wb::show("dL/dW2 (hidden x outputs)", g.dW2);
    wb::show("dL/dW1 (features x hidden)", g.dW1);
    const Matrix n1 = numerical([&](const Matrix& W) { return ch4::cross_entropy(ch4::forward(X, W, W2).Z3, t); }, W1);
    const Matrix n2 = numerical([&](const Matrix& W) { return ch4::cross_entropy(ch4::forward(X, W1, W).Z3, t); }, W2);
    std::printf("central differences of L (h = 1e-6): max |dW1 - numerical| = %.2e, max |dW2 - numerical| = %.2e\n",
                max_abs_diff(g.dW1, n1), max_abs_diff(g.dW2, n2));

    wb::heading("6. Saturated outputs: the loss from Z3, never log(0)");
    const Matrix Zs = {{40.0}, {40.0}, {-1000.0}, {-1000.0}};
    const Matrix ts = {{1.0}, {0.0}, {0.0}, {1.0}};
    const Matrix fs = wb::given::sigmoid(Zs);
    wb::show("Z3", Zs, 1);
    wb::show("f = sigma(Z3) in double precision", fs, 17);
    wb::show("t", ts, 0);
    std::string md = "| $z$ | $t$ | $f = \\sigma(z)$ in double precision | naive $-[t \\log f + (1 - t) \\log(1 - f)]$ | "
                     "`cross_entropy` (from $z$) |\n|--:|--:|--:|--:|--:|\n";
    for (std::size_t n = 0; n < 4; ++n) {
        const Matrix z1 = {{Zs(n, 0)}}, t1 = {{ts(n, 0)}};
        const double naive = -(ts(n, 0) * std::log(fs(n, 0)) + (1 - ts(n, 0)) * std::log(1 - fs(n, 0)));
        std::printf("  z = %7.1f, t = %.0f: naive -[t log f + (1-t) log(1-f)] = %-8g  cross_entropy = %g\n", Zs(n, 0),
                    ts(n, 0), naive, ch4::cross_entropy(z1, t1));
        md += wb::fmt("| %g | %g | %s | %s | %s |\n", Zs(n, 0), ts(n, 0), md_value(fs(n, 0)).c_str(), md_value(naive).c_str(),
                      md_value(ch4::cross_entropy(z1, t1)).c_str());
    }
    wb::write_output("ch04_saturated", md);
}

std::vector<double> range(std::size_t n, std::size_t step = 1) {
    std::vector<double> v;
    for (std::size_t i = 0; i < n; ++i) v.push_back(static_cast<double>(i * step));
    return v;
}

void breast_cancer() {
    wb::heading("7. Breast Cancer Wisconsin (Diagnostic): datasets/breast_cancer.csv");
    const ch4::Data d = ch4::load_breast_cancer(kTestFraction, kSplitSeed);
    const std::size_t N = d.X_train.shape()[0], D = d.X_train.shape()[1], M = d.X_test.shape()[0];
    std::printf("%s\nclasses: 0 = %s, 1 = %s; split seed %llu: %zu training rows, %zu held-out rows, %zu features\n",
                d.path.c_str(), d.classes.at(0).c_str(), d.classes.at(1).c_str(), static_cast<unsigned long long>(kSplitSeed),
                N, M, D);
    const double benign_train = xt::mean(d.t_train)(), benign_test = xt::mean(d.t_test)();
    const double baseline = std::max(benign_test, 1 - benign_test);
    std::printf("share of class 1 (benign): %.3f training, %.3f held-out; majority-class baseline on held-out: %.3f\n",
                benign_train, benign_test, baseline);
    std::printf("features standardised with the training rows' mean and standard deviation only, e.g.\n");
    for (std::size_t j = 0; j < 3; ++j)
        std::printf("  feature %zu: mean %.4f, stddev %.4f\n", j + 1, d.scaler.mean(j), d.scaler.stddev(j));
    wb::show("X_train (samples x features), first 3 rows x 5 columns",
             xt::xarray<double>(xt::view(d.X_train, xt::range(0, 3), xt::range(0, 5))), 4);
    wb::show("t_train (samples x outputs), first 5", xt::xarray<double>(xt::view(d.t_train, xt::range(0, 5), xt::all())), 0);

    wb::heading("8. Training (exercise 4.6): full-batch gradient descent on the summed loss");
    ch4::Weights w = ch4::initial_weights(D, kHidden, kWeightSeed);
    std::printf("network %zu-%zu-1 without bias units (seed 000), initial weights N(0, 0.5^2) from wb::Rng(%llu)\n", D,
                kHidden, static_cast<unsigned long long>(kWeightSeed));
    std::printf("eta = %g on the summed loss (= %.2f on the mean loss, since L = N x mean), %zu epochs\n", kEta, kEta * N,
                kEpochs);
    std::printf("W1 (features x hidden) is %zux%zu; its first 4 rows:\n", D, kHidden);
    wb::show("W1[0:4, :]", xt::xarray<double>(xt::view(w.W1, xt::range(0, 4), xt::all())), 4);
    wb::show("W2 (hidden x outputs)", w.W2, 4);

    std::vector<double> loss, acc, test_epoch, test_loss, test_acc;
    auto held_out = [&](std::size_t epoch) {
        const ch4::Forward ft = ch4::forward(d.X_test, w.W1, w.W2);
        test_epoch.push_back(static_cast<double>(epoch));
        test_loss.push_back(ch4::cross_entropy(ft.Z3, d.t_test) / M);
        test_acc.push_back(ch4::accuracy(ft.f, d.t_test));
    };
    held_out(0);
    std::printf("\n%7s %14s %10s %14s %10s\n", "epoch", "train L/N", "train acc", "held-out L/N", "held-out acc");
    for (std::size_t e = 0; e < kEpochs; e += kChunk) {
        const ch4::Training tr = ch4::train(d.X_train, d.t_train, w.W1, w.W2, kEta, kChunk);
        w.W1 = tr.W1;
        w.W2 = tr.W2;
        loss.insert(loss.end(), tr.loss.begin(), tr.loss.end());
        acc.insert(acc.end(), tr.accuracy.begin(), tr.accuracy.end());
        if (e % kPrintEvery == 0)
            std::printf("%7zu %14.6f %10.4f %14.6f %10.4f\n", e, tr.loss.front() / N, tr.accuracy.front(), test_loss.back(),
                        test_acc.back());
        held_out(e + kChunk);
    }
    const ch4::Forward ftr = ch4::forward(d.X_train, w.W1, w.W2);
    const double final_train_acc = ch4::accuracy(ftr.f, d.t_train);
    std::printf("%7zu %14.6f %10.4f %14.6f %10.4f   (final weights)\n", kEpochs,
                ch4::cross_entropy(ftr.Z3, d.t_train) / N, final_train_acc, test_loss.back(), test_acc.back());
    std::printf("\ntraining accuracy %.4f (%zu rows), held-out accuracy %.4f (%zu rows); majority-class baseline %.3f\n",
                final_train_acc, N, test_acc.back(), M, baseline);
    {
        const double final_train_loss = ch4::cross_entropy(ftr.Z3, d.t_train);
        std::size_t rises = 0;
        for (std::size_t k = 0; k < loss.size(); ++k)
            rises += (k + 1 < loss.size() ? loss[k + 1] : final_train_loss) >= loss[k];
        const auto right = [](double acc, std::size_t rows) { return static_cast<std::size_t>(std::lround(acc * rows)); };
        const auto needed = static_cast<std::size_t>(std::ceil(kTestThreshold * M - 1e-9));
        std::string md = wb::fmt("| | training (%zu rows) | held-out (%zu rows) |\n|---|--:|--:|\n", N, M);
        md += wb::fmt("| loss per sample $L/N$, epoch 0 | %.6f | %.6f |\n", loss.front() / N, test_loss.front());
        md += wb::fmt("| loss per sample $L/N$, after %zu epochs | %.6f | %.6f |\n", kEpochs, final_train_loss / N, test_loss.back());
        md += wb::fmt("| accuracy after %zu epochs | %.4f (%zu of %zu) | %.4f (%zu of %zu) |\n", kEpochs, final_train_acc,
                      right(final_train_acc, N), N, test_acc.back(), right(test_acc.back(), M), M);
        md += wb::fmt("| always \"benign\" (majority class) | %.4f | %.4f |\n", benign_train, benign_test);
        const std::string fell = rises == 0 ? std::string("it fell in every epoch")
                                            : wb::fmt("it did not fall in %zu of the %zu epochs", rises, kEpochs);
        md += wb::fmt("\nThe summed training loss $L$ went from %.2f at the initial weights to %.2f after %zu epochs; %s. "
                      "The test's threshold, held-out accuracy $\\ge %.2f$, means at least %zu of the %zu held-out rows right; "
                      "this run has %zu, so %zu more mistakes would still pass.\n",
                      loss.front(), final_train_loss, kEpochs, fell.c_str(), kTestThreshold, needed, M, right(test_acc.back(), M),
                      right(test_acc.back(), M) - std::min(needed, right(test_acc.back(), M)));
        wb::write_output("ch04_results", md);
    }

    std::vector<double> per_sample(loss.size());
    std::transform(loss.begin(), loss.end(), per_sample.begin(), [&](double v) { return v / N; });
    wb::plot::Figure fl;
    fl.name = "ch04_loss";
    fl.title = "Chapter 4: cross-entropy, Breast Cancer Wisconsin";
    fl.xlabel = "epoch";
    fl.ylabel = "cross-entropy per sample, L / N (nats)";
    fl.series.push_back({"training", range(loss.size()), per_sample});
    fl.series.push_back({"held-out", test_epoch, test_loss, "linespoints"});
    fl.extra = {"set key right top"};
    wb::plot::save(fl);

    wb::plot::Figure fa;
    fa.name = "ch04_accuracy";
    fa.title = "Chapter 4: accuracy, Breast Cancer Wisconsin";
    fa.xlabel = "epoch";
    fa.ylabel = "accuracy (fraction classified correctly)";
    fa.series.push_back({"training", range(acc.size()), acc});
    fa.series.push_back({"held-out", test_epoch, test_acc, "linespoints"});
    fa.series.push_back({"majority class (held-out)", {0.0, static_cast<double>(kEpochs)}, {baseline, baseline}});
    fa.extra = {"set key right bottom", "set yrange [0:1.02]"};
    wb::plot::save(fa);
}

int run() {
    std::cout << "Chapter 4: binary classification, a sigmoid output and the cross-entropy loss\n"
              << "  f = sigma(sigma(X W1) W2),  L = -sum [t log f + (1 - t) log(1 - f)],  delta3 = f - t   [seeds 000, 002]\n";
    worked_example();
    breast_cancer();
    return 0;
}
}  // namespace

int main() { return wb::run_chapter(4, run); }
