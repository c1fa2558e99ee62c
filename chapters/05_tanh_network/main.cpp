// Chapter 5 program: the tanh network of seed 004, its worked example table by table next to the
// document's printed values, then batch gradient descent on a small 1-D regression data set.
//   ./workbook run 5             on your exercise files
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <iostream>
#include <string>
#include <vector>

#include <xtensor/xbuilder.hpp>
#include <xtensor/xmath.hpp>
#include <xtensor/xview.hpp>

#include "tanh_network.hpp"
#include "workbook/format.hpp"
#include "workbook/plot.hpp"
#include "workbook/program.hpp"

namespace {
using ch5::Matrix;
using ch5::Vector;
using ch5::Weights;

// The settings of the regression run (printed; the tests of exercise 5.7 use the same ones).
constexpr std::uint64_t kDataSeed = 2024;   // wb::Rng for the noise of the data
constexpr std::uint64_t kWeightSeed = 2;    // wb::Rng for the initial weights
constexpr std::size_t kPoints = 30;
constexpr double kNoise = 0.05;
constexpr std::size_t kHidden = 3;
constexpr double kEta = 0.2;
constexpr std::size_t kEpochs = 3000;
constexpr std::size_t kChunk = 300;         // epochs between progress lines

// A value in TeX, 7 decimals without trailing zeros: a scalar for one element, [a, b] for a
// vector, [a, b]^T for a column, a bmatrix for a matrix.
std::string tex_value(const xt::xarray<double>& a) {
    auto num = [](double v) {
        std::string t = wb::fmt("%.7f", v);
        t.erase(t.find_last_not_of('0') + 1);
        if (t.back() == '.') t.pop_back();
        return t == "-0" ? std::string("0") : t;
    };
    auto list = [&](auto begin, auto end) {
        std::string t = "[";
        for (auto it = begin; it != end; ++it) t += (it == begin ? "" : ", ") + num(*it);
        return t + "]";
    };
    if (a.size() == 1) return num(a.data()[0]);
    if (a.dimension() == 1) return list(a.begin(), a.end());
    const std::size_t rows = a.shape()[0], cols = a.shape()[1];
    if (cols == 1) return list(a.begin(), a.end()) + "^\\top";
    std::string t = "\\begin{bmatrix} ";
    for (std::size_t i = 0; i < rows; ++i)
        for (std::size_t j = 0; j < cols; ++j)
            t += num(a(i, j)) + (j + 1 < cols ? " & " : i + 1 < rows ? " \\\\ " : " ");
    return t + "\\end{bmatrix}";
}

// The worked example's table for the book: quantity, the document's value, ours, the difference.
std::string g_example_md =
    "| | seed 004 prints | exact (double) | max. difference |\n|---|---|---|--:|\n";
double g_example_max_diff = 0;
std::string g_example_max_at;

// One row of a side-by-side table: name, this program's value, the document's printed value (as
// printed, and in TeX as the chapter text writes it), its value.
void row(const std::string& name, const std::string& tex_name, const xt::xarray<double>& mine, const std::string& doc,
         const std::string& doc_tex, const xt::xarray<double>& doc_values) {
    const double diff = xt::amax(xt::abs(mine - doc_values))();
    std::printf("  %-9s %-46s %-32s %.4f\n", name.c_str(), wb::inline_str(mine, 6).c_str(), doc.c_str(), diff);
    g_example_md += wb::fmt("| $%s$ | $%s$ | $%s$ | %.4f |\n", tex_name.c_str(), doc_tex.c_str(), tex_value(mine).c_str(), diff);
    if (diff > g_example_max_diff) g_example_max_diff = diff, g_example_max_at = tex_name;
}
void header(const char* what) {
    std::printf("\n  %-9s %-46s %-32s %s\n", what, "this program (double precision)", "seed 004 prints", "max |diff|");
}

// Central differences of the point's error e(W) with respect to every element of W[l].
Matrix numerical(const Vector& x, double y, Weights W, std::size_t l, double h = 1e-6) {
    Matrix g = xt::zeros_like(W[l]);
    auto e = [&] {
        const ch5::Forward fw = ch5::forward(x, W);
        const double d = fw.x.back()(0) - y;
        return d * d;
    };
    for (std::size_t i = 0; i < W[l].size(); ++i) {
        const double w = W[l].data()[i];
        W[l].data()[i] = w + h;
        const double up = e();
        W[l].data()[i] = w - h;
        const double down = e();
        W[l].data()[i] = w;
        g.data()[i] = (up - down) / (2 * h);
    }
    return g;
}

void worked_example() {
    wb::heading("1. Seed 004's example: one data point x = 2, y = 1, a 1-2-1-1 tanh network");
    std::cout << "Column layout with bias units (seed 004): x(0) = [1, x], s(l) = W(l)^T x(l-1),\n"
              << "x(l) = [1, tanh(s(l))] for hidden layers, x(L) = tanh(s(L)); e = (x(L) - y)^2.\n";
    const Weights W = ch5::seed_example_weights();
    const Vector x = {2.0};
    const double y = 1.0;
    for (std::size_t l = 1; l < W.size(); ++l)
        wb::show("W(" + std::to_string(l) + ")  ((1 + d(" + std::to_string(l - 1) + ")) x d(" + std::to_string(l) + "), bias row first)",
                 W[l], 2);

    wb::heading("2. Forward propagation (exercise 5.1), next to the document's table");
    const ch5::Forward fw = ch5::forward(x, W);
    header("forward");
    row("x(0)", "x^{(0)}", fw.x[0], "[1, 2]", "[1, 2]", Vector{1, 2});
    row("s(1)", "s^{(1)}", fw.s[1], "[0.7, 1]", "[0.7, 1]", Vector{0.7, 1});
    row("x(1)", "x^{(1)}", fw.x[1], "[1, 0.6, 0.76]", "[1, 0.6, 0.76]", Vector{1, 0.6, 0.76});
    row("s(2)", "s^{(2)}", fw.s[2], "[-1.48]", "-1.48", Vector{-1.48});
    row("x(2)", "x^{(2)}", fw.x[2], "[1, -0.90]", "[1, -0.90]", Vector{1, -0.90});
    row("s(3)", "s^{(3)}", fw.s[3], "[-0.8]", "-0.8", Vector{-0.8});
    row("x(3)", "x^{(3)}", fw.x[3], "-0.66", "-0.66", Vector{-0.66});
    std::cout << "  The document prints two decimals and rounds as it goes: x(3) = -0.66 is tanh(-0.80), the exact\n"
              << "  tanh(-0.80309) is -0.66576.\n";

    wb::heading("3. Backpropagation (exercises 5.2, 5.3, 5.4), next to the document's table");
    const ch5::Sensitivities delta = ch5::sensitivities(fw, W, y);
    header("backward");
    row("delta(3)", "\\delta^{(3)}", delta[3], "[-1.855]", "-1.855", Vector{-1.855});
    row("delta(2)", "\\delta^{(2)}", delta[2], "[-0.69]", "-0.69", Vector{-0.69});
    row("delta(1)", "\\delta^{(1)}", delta[1], "[-0.44, 0.88]", "[-0.44, 0.88]", Vector{-0.44, 0.88});
    std::cout << "  delta(3) = 2 (x(3) - y) theta'(s(3)) (5.2); delta(2) = theta'(s(2)) (x) [W(3) delta(3)]_1 and\n"
              << "  delta(1) = theta'(s(1)) (x) [W(2) delta(2)]_(1..2) (5.3): the bias component 0 is dropped.\n"
              << "  The document's 0.88 is the exact 0.87504 rounded to two decimals.\n";

    wb::heading("4. Gradients de/dW(l) = x(l-1) delta(l)^T (exercise 5.5)");
    const Weights dW = ch5::gradients(fw, delta);
    header("gradient");
    row("de/dW(1)", "\\partial e / \\partial W^{(1)}", dW[1], "[[-0.44, 0.88], [-0.88, 1.75]]",
        "\\begin{bmatrix} -0.44 & 0.88 \\\\ -0.88 & 1.75 \\end{bmatrix}",
        Matrix{{-0.44, 0.88}, {-0.88, 1.75}});
    row("de/dW(2)", "\\partial e / \\partial W^{(2)}", dW[2], "[[-0.69], [-0.42], [-0.53]]", "[-0.69, -0.42, -0.53]^\\top",
        Matrix{{-0.69}, {-0.42}, {-0.53}});
    row("de/dW(3)", "\\partial e / \\partial W^{(3)}", dW[3], "[[-1.85], [1.67]]", "[-1.85, 1.67]^\\top", Matrix{{-1.85}, {1.67}});
    for (std::size_t l = 1; l < W.size(); ++l) {
        const Matrix n = numerical(x, y, W, l);
        std::printf("  central differences of e (h = 1e-6), layer %zu: max |de/dW(%zu) - numerical| = %.2e\n", l, l,
                    static_cast<double>(xt::amax(xt::abs(dW[l] - n))()));
    }
    wb::write_output("ch05_worked_example",
                     g_example_md + wb::fmt("\nExact: this program's double-precision values, rounded to 7 decimals. The "
                                            "largest difference from the document's printed values is %.4f, at $%s$.\n",
                                            g_example_max_diff, g_example_max_at.c_str()));
}

std::vector<double> vec(const Vector& v) { return {v.begin(), v.end()}; }

void regression() {
    wb::heading("5. Batch gradient descent on a 1-D regression data set");
    const ch5::Data d = ch5::sine_data(kPoints, kNoise, kDataSeed);
    std::printf("%zu points x_n evenly spaced in [-1, 1], y_n = sin(pi x_n)/2 + N(0, %.2f^2) noise from wb::Rng(%llu)\n",
                kPoints, kNoise, static_cast<unsigned long long>(kDataSeed));
    wb::show("X (points x inputs), first 5 rows", Matrix(xt::view(d.X, xt::range(0, 5), xt::all())), 4);
    wb::show("y (points), first 5", Vector(xt::view(d.y, xt::range(0, 5))), 4);
    std::printf("predicting h(x) = 0 everywhere would cost E = mean(y^2) = %.4f\n", static_cast<double>(xt::mean(d.y * d.y)()));

    Weights W = ch5::initial_weights({1, kHidden, 1}, kWeightSeed);
    std::printf("\nnetwork 1-%zu-1, tanh at both layers (the output too, as in seed 004), bias units;\n"
                "initial weights N(0, 0.5^2) from wb::Rng(%llu):\n", kHidden, static_cast<unsigned long long>(kWeightSeed));
    wb::show("W(1) (1 + 1) x 3", W[1], 4);
    wb::show("W(2) (1 + 3) x 1", W[2], 4);
    const ch5::Batch b0 = ch5::batch_gradient(d.X, d.y, W);
    std::printf("E at the initial weights = 1/N sum (x(L) - y)^2 = %.6f (exercise 5.6); its gradient:\n", b0.E);
    wb::show("dE/dW(1)", b0.dW[1]);
    wb::show("dE/dW(2)", b0.dW[2]);

    std::printf("\ntraining (exercise 5.7): eta = %g, %zu epochs, each one batch gradient on all %zu points\n", kEta, kEpochs,
                kPoints);
    std::printf("%7s %12s\n", "epoch", "E");
    std::vector<double> epochs, errors;
    for (std::size_t e = 0; e < kEpochs; e += kChunk) {
        const ch5::Training tr = ch5::train(d.X, d.y, W, kEta, kChunk);
        W = tr.W;
        for (std::size_t k = 0; k < tr.E.size(); ++k) {
            epochs.push_back(static_cast<double>(e + k));
            errors.push_back(tr.E[k]);
        }
        std::printf("%7zu %12.6f\n", e, tr.E.front());
    }
    const ch5::Batch bend = ch5::batch_gradient(d.X, d.y, W);
    std::printf("%7zu %12.6f   (final weights)\n", kEpochs, bend.E);
    {
        // The best straight line h(x) = a + b x by least squares: what a network that has not found
        // the sine's shape can at best do.
        const Vector xs = xt::col(d.X, 0);
        const double mx = xt::mean(xs)(), my = xt::mean(d.y)();
        const double b = xt::sum((xs - mx) * (d.y - my))() / xt::sum((xs - mx) * (xs - mx))();
        const double line = xt::mean(xt::square(d.y - (my + b * (xs - mx))))();
        std::size_t rises = 0;
        for (std::size_t k = 0; k < errors.size(); ++k) rises += (k + 1 < errors.size() ? errors[k + 1] : bend.E) >= errors[k];
        std::string md = "| | $E = \\frac1N \\sum_n (h(x_n) - y_n)^2$ |\n|---|--:|\n";
        md += wb::fmt("| the network at its initial weights (epoch 0) | %.6f |\n", errors.front());
        md += wb::fmt("| the network after %zu epochs | %.6f |\n", kEpochs, bend.E);
        md += wb::fmt("| $h(x) = 0$ everywhere: $\\frac1N \\sum_n y_n^2$ | %.6f |\n", static_cast<double>(xt::mean(d.y * d.y)()));
        md += wb::fmt("| the best straight line $h(x) = a + b x$ (least squares) | %.6f |\n", line);
        md += wb::fmt("| the noise's variance, $%.2f^2$ | %.6f |\n", kNoise, kNoise * kNoise);
        md += rises == 0 ? wb::fmt("\n$E$ fell in every one of the %zu epochs.\n", kEpochs)
                         : wb::fmt("\n$E$ did not fall in %zu of the %zu epochs.\n", rises, kEpochs);
        wb::write_output("ch05_training", md);
    }
    std::printf("the noise alone costs about its variance, %.4f: E cannot go far below it without fitting the noise\n",
                kNoise * kNoise);
    wb::show("W(1) after training", W[1], 4);
    wb::show("W(2) after training", W[2], 4);

    wb::plot::Figure fl;
    fl.name = "ch05_loss";
    fl.title = "Chapter 5: batch gradient descent, 1-3-1 tanh network";
    fl.xlabel = "epoch";
    fl.ylabel = "E = 1/N sum (x(L) - y)^2 (squared error)";
    fl.logy = true;
    fl.series.push_back({"E (training)", epochs, errors});
    fl.series.push_back({"noise variance 0.05^2", {0.0, static_cast<double>(kEpochs)}, {kNoise * kNoise, kNoise * kNoise}});
    wb::plot::save(fl);

    const Vector grid = xt::linspace<double>(-1.0, 1.0, 201);
    std::vector<double> fit, truth;
    for (double g : grid) {
        fit.push_back(ch5::forward(Vector{g}, W).x.back()(0));
        truth.push_back(std::sin(std::acos(-1.0) * g) / 2);
    }
    wb::plot::Figure ff;
    ff.name = "ch05_fit";
    ff.title = "Chapter 5: the trained network h(x) and the data";
    ff.xlabel = "x (input, dimensionless)";
    ff.ylabel = "y (target and network output, dimensionless)";
    ff.series.push_back({"data y_n", vec(xt::col(d.X, 0)), vec(d.y), "points pt 7 ps 1.5"});
    ff.series.push_back({"network h(x) = x(L)", vec(grid), fit});
    ff.series.push_back({"sin(pi x)/2 (noise-free)", vec(grid), truth});
    ff.extra = {"set key left top"};
    wb::plot::save(ff);
}

int run() {
    std::cout << "Chapter 5: the tanh network of seed 004 (AML-book notes), sensitivities and batch gradient descent\n"
              << "  delta(L) = 2 (x(L) - y) theta'(s(L)),  delta(l) = theta'(s(l)) (x) [W(l+1) delta(l+1)]_(1..d(l)),\n"
              << "  de/dW(l) = x(l-1) delta(l)^T,  E = 1/N sum e_n                                          [seed 004]\n";
    worked_example();
    regression();
    return 0;
}
}  // namespace

int main() { return wb::run_chapter(5, run); }
