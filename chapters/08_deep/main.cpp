// Chapter 8 program: Algorithms 6.3 and 6.4 through any depth, then weight decay at work.
//   ./workbook run 8             on your exercise files
// 1. a published 2-2-2 sigmoid network (biases, two outputs) run through the chapter's functions,
//    with the whole-network gradient check; 2. a deeper relu/tanh network's gradient check;
// 3. a wide network fitted to a few noisy points of sin(pi x) with lambda in {0, 1e-4, 1e-3,
//    1e-2, 1e-1}: fitted curves, training and held-out loss per epoch; 4. breast cancer
//    classification with and without decay.
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <iostream>
#include <string>
#include <vector>

#include <xtensor/xview.hpp>

#include "deep.hpp"
#include "workbook/csv.hpp"
#include "workbook/format.hpp"
#include "workbook/plot.hpp"
#include "workbook/program.hpp"
#include "workbook/rng.hpp"

namespace {

using ch8::Activation;
using ch8::Loss;
using ch8::Matrix;

constexpr std::uint64_t kDataSeed = 2;       // the noisy points and the held-out points
constexpr std::uint64_t kInitSeed = 80;      // the wide network's initial weights (the same for every lambda)
constexpr std::uint64_t kSplitSeed = 2024;   // breast cancer's held-out split
constexpr std::uint64_t kClassSeed = 81;     // the classifier's initial weights
constexpr std::size_t kPoints = 10, kHeldOut = 200, kWidth = 64;
constexpr double kNoise = 0.3, kEta = 0.5;
constexpr std::size_t kEpochs = 3000, kEvery = 50;
const std::vector<double> kLambdas = {0.0, 1e-4, 1e-3, 1e-2, 1e-1};

wb::plot::Figure figure(const std::string& name, const std::string& title, const std::string& xlabel, const std::string& ylabel) {
    wb::plot::Figure f;
    f.name = name, f.title = title, f.xlabel = xlabel, f.ylabel = ylabel;
    return f;
}

ch8::Network make(std::vector<std::size_t> sizes, std::vector<Activation> acts, Loss loss, std::vector<Matrix> W, std::vector<Matrix> b) {
    W.insert(W.begin(), Matrix{});
    b.insert(b.begin(), Matrix{});
    return ch8::Network{ch8::Architecture{std::move(sizes), std::move(acts), loss}, std::move(W), std::move(b)};
}

std::string lambda_str(double lambda) { return lambda == 0.0 ? "0" : wb::fmt("%g", lambda); }

// L (no penalty) of a network on a data set.
double data_loss(const ch8::Network& net, const Matrix& X, const Matrix& Y) {
    return ch8::cost(net, ch8::forward(net, X).H[net.arch.depth()], Y, 0.0).L;
}

double weight_norm(const ch8::Network& net) {
    double s = 0.0;
    for (std::size_t k = 1; k <= net.arch.depth(); ++k)
        for (double w : net.W[k]) s += w * w;
    return std::sqrt(s);
}

// ---- 1. the published example ------------------------------------------------------------------
void worked_example() {
    wb::heading("1. A 2-2-2 sigmoid network with biases and two outputs (Mazur 2015), row layout");
    const ch8::Network net = make({2, 2, 2}, {Activation::sigmoid, Activation::sigmoid}, Loss::squared_error,
                                  {Matrix{{0.15, 0.25}, {0.20, 0.30}}, Matrix{{0.40, 0.50}, {0.45, 0.55}}},
                                  {Matrix{{0.35, 0.35}}, Matrix{{0.60, 0.60}}});
    const Matrix X{{0.05, 0.10}}, Y{{0.01, 0.99}};
    wb::show("W(1) (inputs x hidden)", net.W[1]);
    wb::show("W(2) (hidden x outputs)", net.W[2]);
    const ch8::Forward fw = ch8::forward(net, X);
    wb::show("A(1) = X W(1) + b(1)", fw.A[1], 9);
    wb::show("H(1) = sigmoid(A(1))", fw.H[1], 9);
    wb::show("Yhat = H(2)", fw.H[2], 9);
    const ch8::Cost c = ch8::cost(net, fw.H[2], Y, 0.0);
    std::printf("L = 1/(2cN) sum (yhat - y)^2 = %.9f  (c = 2, N = 1; Mazur's E = sum 1/2 (t - o)^2 = cN L = %.9f)\n", c.L, 2 * c.L);
    const Matrix G = ch8::output_delta(net, fw, Y);
    const ch8::Gradients g = ch8::backward(net, fw, G, 0.0);
    wb::show("G(2) = dL/dA(2)", G, 9);
    wb::show("dW(2)", g.dW[2], 9);
    wb::show("dW(1)", g.dW[1], 9);
    const ch8::GradientCheck chk = ch8::gradient_check(net, X, Y, 0.0, g, 1e-6);
    std::printf("gradient check over all %zu parameters: relative error %.2e\n", ch8::flatten(g).size(), chk.relative_error);

    // The same network with weight decay: dW gains lambda W, db nothing.
    const double lambda = 0.1;
    const ch8::Gradients gd = ch8::backward(net, fw, G, lambda);
    const ch8::GradientCheck chkd = ch8::gradient_check(net, X, Y, lambda, gd, 1e-6);
    const ch8::Cost cd = ch8::cost(net, fw.H[2], Y, lambda);
    std::printf("with lambda = %g: Omega = %.6f, J = %.9f, relative error %.2e\n", lambda, cd.Omega, cd.J, chkd.relative_error);

    std::string md = "The 2-2-2 example in chapter 8's functions (row layout, $c = 2$, $N = 1$):\n\n";
    md += "| quantity | value |\n|---|--:|\n";
    md += wb::fmt("| $\\hat y$ | %.9f, %.9f |\n", fw.H[2](0, 0), fw.H[2](0, 1));
    md += wb::fmt("| $L = \\frac{1}{2cN}\\sum(\\hat y - y)^2$ | %.9f |\n", c.L);
    md += wb::fmt("| $cN\\,L$ (Mazur's $E_{\\text{total}}$) | %.9f |\n", 2 * c.L);
    md += wb::fmt("| $\\partial L/\\partial W^{(2)}_{11}$ (Mazur's $w_5$, halved) | %.9f |\n", g.dW[2](0, 0));
    md += wb::fmt("| $\\partial L/\\partial W^{(1)}_{11}$ (Mazur's $w_1$, halved) | %.9f |\n", g.dW[1](0, 0));
    md += wb::fmt("| gradient check, $\\lambda = 0$: relative error | %.1e |\n", chk.relative_error);
    md += wb::fmt("| gradient check, $\\lambda = %g$: relative error | %.1e |\n", lambda, chkd.relative_error);
    wb::write_output("ch08_example", md);
}

// ---- 2. a deeper network: every activation, the check --------------------------------------------
void deep_check() {
    wb::heading("2. A deeper network: 4-6-5-3 relu/tanh/softmax, N = 7, lambda = 0.05");
    const ch8::Architecture arch{{4, 6, 5, 3}, {Activation::relu, Activation::tanh, Activation::softmax}, Loss::softmax_cross_entropy};
    ch8::Network net = ch8::init_network(arch, 7);
    wb::Rng rng(77);
    for (std::size_t k = 1; k <= arch.depth(); ++k) net.b[k] = rng.normal_matrix(1, arch.sizes[k], 0.3);  // biases in play
    const Matrix X = rng.normal_matrix(7, 4);
    Matrix Y = xt::zeros<double>({7, 3});
    for (std::size_t n = 0; n < 7; ++n) Y(n, n % 3) = 1.0;
    const ch8::Forward fw = ch8::forward(net, X);
    const ch8::Gradients g = ch8::backward(net, fw, ch8::output_delta(net, fw, Y), 0.05);
    const ch8::GradientCheck chk = ch8::gradient_check(net, X, Y, 0.05, g, 1e-6);
    std::printf("He (relu layer) and Xavier initial weights from wb::Rng(7), biases from wb::Rng(77)\n");
    std::printf("J = %.6f; gradient check over %zu parameters: relative error %.2e (a pass is below 1e-7)\n",
                ch8::cost(net, fw.H[3], Y, 0.05).J, ch8::flatten(g).size(), chk.relative_error);
    ch8::Gradients wrong = g;
    wrong.db[1] = wrong.db[1] + 0.05 * net.b[1];  // the decay applied to b(1) too
    std::printf("the same check of a gradient that decays b(1) as well: relative error %.2e (a fail)\n",
                ch8::gradient_check(net, X, Y, 0.05, wrong, 1e-6).relative_error);
    wb::write_output("ch08_check", wb::fmt("A 4-6-5-3 network (relu, tanh, softmax; cross-entropy; $N = 7$, $\\lambda = 0.05$, %zu parameters): "
                                           "the backward pass against central differences ($h = 10^{-6}$) gives a relative error of %.1e; "
                                           "the same check of a gradient that also decays $b^{(1)}$ gives %.1e.\n",
                                           ch8::flatten(g).size(), chk.relative_error, ch8::gradient_check(net, X, Y, 0.05, wrong, 1e-6).relative_error));
}

// ---- 3. weight decay on a wide regression network --------------------------------------------------
struct DecayRun {
    double lambda = 0.0;
    std::vector<double> epochs, train, held;
    ch8::Network net;
};

void weight_decay_regression() {
    wb::heading("3. Weight decay: a 1-64-64-1 tanh network on 10 noisy points of sin(pi x)");
    wb::Rng rng(kDataSeed);
    Matrix X = xt::zeros<double>({kPoints, std::size_t{1}}), Y = X;
    std::vector<double> xs(kPoints);
    for (auto& x : xs) x = rng.uniform(-1.0, 1.0);
    std::sort(xs.begin(), xs.end());
    for (std::size_t n = 0; n < kPoints; ++n) X(n, 0) = xs[n], Y(n, 0) = std::sin(M_PI * xs[n]) + kNoise * rng.normal();
    Matrix Xh = xt::zeros<double>({kHeldOut, std::size_t{1}}), Yh = Xh;
    for (std::size_t n = 0; n < kHeldOut; ++n) {
        Xh(n, 0) = rng.uniform(-1.0, 1.0);
        Yh(n, 0) = std::sin(M_PI * Xh(n, 0)) + kNoise * rng.normal();
    }
    std::printf("data seed %llu: %zu training points, %zu held-out points, y = sin(pi x) + N(0, %g^2)\n",
                static_cast<unsigned long long>(kDataSeed), kPoints, kHeldOut, kNoise);
    const ch8::Architecture arch{{1, kWidth, kWidth, 1}, {Activation::tanh, Activation::tanh, Activation::identity}, Loss::squared_error};
    const ch8::Network start = ch8::init_network(arch, kInitSeed);
    std::printf("network 1-%zu-%zu-1 (tanh, tanh, identity; squared error), %zu parameters, Xavier weights from seed %llu;\n"
                "full-batch gradient descent, eta = %g, %zu epochs, the same start for every lambda\n",
                kWidth, kWidth, ch8::flatten_parameters(start).size(), static_cast<unsigned long long>(kInitSeed), kEta, kEpochs);

    std::vector<DecayRun> runs;
    for (double lambda : kLambdas) {
        DecayRun r;
        r.lambda = lambda;
        r.net = start;
        r.epochs.push_back(0), r.train.push_back(data_loss(r.net, X, Y)), r.held.push_back(data_loss(r.net, Xh, Yh));
        for (std::size_t e = kEvery; e <= kEpochs; e += kEvery) {
            r.net = ch8::train(r.net, X, Y, lambda, kEta, kEvery).net;
            r.epochs.push_back(static_cast<double>(e));
            r.train.push_back(data_loss(r.net, X, Y));
            r.held.push_back(data_loss(r.net, Xh, Yh));
        }
        std::printf("lambda = %-6s training L %.4f  held-out L %.4f  ||W|| %.2f\n", lambda_str(lambda).c_str(), r.train.back(), r.held.back(),
                    weight_norm(r.net));
        std::fflush(stdout);
        runs.push_back(std::move(r));
    }

    std::string md = wb::fmt("After %zu epochs ($\\eta = %g$, the same initial weights; $L$ without the penalty, "
                             "%zu training points, %zu held out; the noise alone gives $L \\approx \\sigma^2/2 = %.3f$):\n\n",
                             kEpochs, kEta, kPoints, kHeldOut, kNoise * kNoise / 2);
    md += "| $\\lambda$ | training $L$ | held-out $L$ | lowest held-out $L$ (epoch) | $\\lVert W \\rVert$ |\n|--:|--:|--:|--:|--:|\n";
    for (const auto& r : runs) {
        const auto best = static_cast<std::size_t>(std::min_element(r.held.begin(), r.held.end()) - r.held.begin());
        md += wb::fmt("| %s | %.4f | %.4f | %.4f (%.0f) | %.2f |\n", lambda_str(r.lambda).c_str(), r.train.back(), r.held.back(), r.held[best],
                      r.epochs[best], weight_norm(r.net));
    }
    wb::write_output("ch08_decay", md);

    // The fitted curves over the data.
    wb::plot::Figure fits = figure("ch08_decay_fits", "Chapter 8: a 1-64-64-1 network fitted to 10 noisy points", "x", "y");
    const std::size_t G = 201;
    Matrix grid = xt::zeros<double>({G, std::size_t{1}});
    std::vector<double> gx(G), truth(G);
    for (std::size_t i = 0; i < G; ++i) gx[i] = grid(i, 0) = -1.0 + 2.0 * static_cast<double>(i) / (G - 1), truth[i] = std::sin(M_PI * gx[i]);
    fits.series.push_back({"training points", xs, std::vector<double>(Y.begin(), Y.end()), "points"});
    fits.series.push_back({"sin(pi x)", gx, truth, "lines dt 2"});
    for (const auto& r : runs) {
        const Matrix out = ch8::forward(r.net, grid).H[3];
        fits.series.push_back({"lambda = " + lambda_str(r.lambda), gx, std::vector<double>(out.begin(), out.end())});
    }
    fits.extra = {"set key left top", "set yrange [-2:2]", "set pointsize 1.5"};
    wb::plot::save(fits);

    wb::plot::Figure curves = figure("ch08_decay_curves", "Chapter 8: training (dashed) and held-out (solid) loss", "epoch", "L (no penalty)");
    for (std::size_t i = 0; i < runs.size(); ++i) {  // one colour a lambda: solid held-out, dashed training
        const DecayRun& r = runs[i];
        curves.series.push_back({"held-out, lambda = " + lambda_str(r.lambda), r.epochs, r.held, "lines lc " + std::to_string(i + 1)});
        curves.series.push_back({"training, lambda = " + lambda_str(r.lambda), r.epochs, r.train, "lines dt 2 lc " + std::to_string(i + 1)});
    }
    curves.logy = true;
    curves.extra = {"set key below horizontal maxcols 4", "set format y \"%g\""};
    wb::plot::save(curves);
}

// ---- 4. classification with and without decay ------------------------------------------------------
void classification() {
    wb::heading("4. Breast cancer: 30-64-64-1 relu/relu/sigmoid, binary cross-entropy, with and without decay");
    const auto data = wb::load_labeled(wb::data_path("breast_cancer.csv"), wb::Header::counts);
    const auto split = wb::train_test_split(data, 0.5, kSplitSeed);
    const auto st = wb::Standardizer::fit(split.train.X);
    // few training samples make overfitting visible: the first 80 of the (shuffled) training half
    const std::size_t Ntr = 80;
    const Matrix Xtr = xt::view(st.apply(split.train.X), xt::range(0, Ntr), xt::all());
    const Matrix Xte = st.apply(split.test.X);
    Matrix Ytr = xt::zeros<double>({Ntr, std::size_t{1}}), Yte = xt::zeros<double>({Xte.shape()[0], std::size_t{1}});
    for (std::size_t n = 0; n < Ntr; ++n) Ytr(n, 0) = split.train.y(n);
    for (std::size_t n = 0; n < Xte.shape()[0]; ++n) Yte(n, 0) = split.test.y(n);
    std::printf("%s: %zu samples, 30 features (standardised on the training part); split seed %llu;\n"
                "%zu training samples, %zu held out\n",
                data.path.c_str(), data.X.shape()[0], static_cast<unsigned long long>(kSplitSeed), Ntr, Xte.shape()[0]);
    const ch8::Architecture arch{{30, 64, 64, 1}, {Activation::relu, Activation::relu, Activation::sigmoid}, Loss::binary_cross_entropy};
    const ch8::Network start = ch8::init_network(arch, kClassSeed);
    const std::size_t epochs = 2000, every = 50;
    const double eta = 0.1;
    std::string md = wb::fmt("30-64-64-1 (relu, relu, sigmoid), binary cross-entropy, He/Xavier weights from seed %llu, full-batch gradient "
                             "descent with $\\eta = %g$ for %zu epochs on %zu training samples (%zu held out):\n\n",
                             static_cast<unsigned long long>(kClassSeed), eta, epochs, Ntr, Xte.shape()[0]);
    md += "| $\\lambda$ | training $L$ | held-out $L$ | lowest held-out $L$ (epoch) | training accuracy | held-out accuracy | $\\lVert W \\rVert$ |\n"
          "|--:|--:|--:|--:|--:|--:|--:|\n";
    wb::plot::Figure fig = figure("ch08_classification", "Chapter 8: breast cancer, training (dashed) and held-out (solid) loss", "epoch",
                                  "cross-entropy L (no penalty)");
    for (double lambda : {0.0, 1e-2}) {
        ch8::Network net = start;
        std::vector<double> ep{0}, tr{data_loss(net, Xtr, Ytr)}, te{data_loss(net, Xte, Yte)};
        for (std::size_t e = every; e <= epochs; e += every) {
            net = ch8::train(net, Xtr, Ytr, lambda, eta, every).net;
            ep.push_back(static_cast<double>(e)), tr.push_back(data_loss(net, Xtr, Ytr)), te.push_back(data_loss(net, Xte, Yte));
        }
        const double acc_tr = ch8::accuracy(ch8::forward(net, Xtr).H[3], Ytr), acc_te = ch8::accuracy(ch8::forward(net, Xte).H[3], Yte);
        const auto best = static_cast<std::size_t>(std::min_element(te.begin(), te.end()) - te.begin());
        std::printf("lambda = %-5s training L %.4f  held-out L %.4f (lowest %.4f at epoch %.0f)  accuracy %.1f%% / %.1f%%  ||W|| %.2f\n",
                    lambda_str(lambda).c_str(), tr.back(), te.back(), te[best], ep[best], 100 * acc_tr, 100 * acc_te, weight_norm(net));
        md += wb::fmt("| %s | %.4f | %.4f | %.4f (%.0f) | %.2f%% | %.2f%% | %.2f |\n", lambda_str(lambda).c_str(), tr.back(), te.back(), te[best], ep[best],
                      100 * acc_tr, 100 * acc_te, weight_norm(net));
        const std::string lc = lambda == 0.0 ? "1" : "2";
        fig.series.push_back({"held-out, lambda = " + lambda_str(lambda), ep, te, "lines lc " + lc});
        fig.series.push_back({"training, lambda = " + lambda_str(lambda), ep, tr, "lines dt 2 lc " + lc});
    }
    wb::write_output("ch08_classification", md);
    fig.logy = true;
    fig.extra = {"set key right top", "set format y \"%g\""};
    wb::plot::save(fig);
}

int run() {
    std::cout << "Chapter 8: back-propagation through any depth, with weight decay\n"
              << "  A(k) = H(k-1) W(k) + 1_N b(k), H(k) = f_k(A(k)), J = L + lambda Omega   [seed 001, Algorithm 6.3; row layout of seed 000]\n"
              << "  G <- G (x) f'(A(k)); dW(k) = H(k-1)^T G + lambda W(k); db(k) = 1^T G  [seed 001, Algorithm 6.4]\n"
              << "  Omega = 1/2 sum_k ||W(k)||^2, the weights only\n";
    worked_example();
    deep_check();
    weight_decay_regression();
    classification();
    return 0;
}

}  // namespace

int main() { return wb::run_chapter(8, run); }
