// Chapter 3 program: seed 000's 3-layer regression network on its 4-sample expense table, every
// step of the forward and the backward pass with its shape, the per-sample form against the
// matrix form, a finite-difference check, gradient descent with a loss plot, and the seed's
// brute-force timing table.
//   ./workbook run 3             on your exercise files
#include <cmath>
#include <cstdio>
#include <iostream>
#include <string>
#include <vector>

#include <xtensor/xbuilder.hpp>
#include <xtensor/xmath.hpp>

#include "regression.hpp"
#include "workbook/format.hpp"
#include "workbook/plot.hpp"
#include "workbook/program.hpp"

namespace {
using ch3::Matrix;

double max_abs(const Matrix& a) { return xt::amax(xt::abs(a))(); }
double max_diff(const Matrix& a, const Matrix& b) { return max_abs(Matrix(a - b)); }

// Central differences of L(W) = loss(forward(X, W1, W2).f, t) with respect to one weight matrix,
// on the exercises themselves.
Matrix numeric_gradient(const Matrix& X, const Matrix& t, const Matrix& W1, const Matrix& W2, bool first) {
    const double h = 1e-6;
    Matrix W = first ? W1 : W2;
    Matrix g = xt::zeros<double>(W.shape());
    for (std::size_t i = 0; i < W.size(); ++i) {
        const double keep = W.data()[i];
        W.data()[i] = keep + h;
        const double up = ch3::loss(ch3::forward(X, first ? W : W1, first ? W2 : W).f, t);
        W.data()[i] = keep - h;
        const double down = ch3::loss(ch3::forward(X, first ? W : W1, first ? W2 : W).f, t);
        W.data()[i] = keep;
        g.data()[i] = (up - down) / (2 * h);
    }
    return g;
}

// The rows of a D x H gradient as a Markdown table body, 8 decimals.
std::string md_rows(const std::string& what, const Matrix& g) {
    std::string out;
    for (std::size_t i = 0; i < g.shape()[0]; ++i) {
        out += "| " + what + wb::fmt(", input $x_%zu$", i + 1);
        for (std::size_t j = 0; j < g.shape()[1]; ++j) out += wb::fmt(" | %.8f", g(i, j));
        out += " |\n";
    }
    return out;
}

std::string human(double seconds) {
    char buf[64];
    if (seconds < 120) std::snprintf(buf, sizeof buf, "%.3g seconds", seconds);
    else if (seconds < 2 * 3600) std::snprintf(buf, sizeof buf, "%.3g minutes", seconds / 60);
    else if (seconds < 2 * 86400) std::snprintf(buf, sizeof buf, "%.4g hours", seconds / 3600);
    else if (seconds < 2 * 365.25 * 86400) std::snprintf(buf, sizeof buf, "%.3g days", seconds / 86400);
    else std::snprintf(buf, sizeof buf, "%.3g years", seconds / (365.25 * 86400));
    return buf;
}

// A number for a Markdown table, in TeX: 4 significant digits, powers of ten outside [0.01, 10^4).
std::string tex_number(double v) {
    if (v == 0 || (std::fabs(v) >= 0.01 && std::fabs(v) < 1e4)) return wb::fmt("$%.4g$", v);
    const int e = static_cast<int>(std::floor(std::log10(std::fabs(v))));
    const double m = v / std::pow(10.0, e);
    return std::fabs(m - std::round(m)) < 5e-4 ? wb::fmt("$%.0f \\times 10^{%d}$", m, e) : wb::fmt("$%.3g \\times 10^{%d}$", m, e);
}

// human() for the book: the same units, the number in TeX.
std::string human_md(double seconds) {
    if (seconds < 120) return tex_number(seconds) + " seconds";
    if (seconds < 2 * 3600) return tex_number(seconds / 60) + " minutes";
    if (seconds < 2 * 86400) return tex_number(seconds / 3600) + " hours";
    if (seconds < 2 * 365.25 * 86400) return tex_number(seconds / 86400) + " days";
    return tex_number(seconds / (365.25 * 86400)) + " years";
}

int run() {
    std::cout << "Chapter 3: backpropagation in a 3-layer regression network, no bias   [seed 000]\n"
              << "  forward:  Z2 = X W1, a2 = sigma(Z2), Z3 = a2 W2, f = sigma(Z3)\n"
              << "  loss:     L = 1/2 sum_n (f_n - t_n)^2            (seed 000's backprop slides: 1/2, no 1/N)\n"
              << "  backward: delta3 = (f - t) .* sigma'(Z3),  dL/dW2 = a2^T delta3\n"
              << "            delta2 = (delta3 W2^T) .* sigma'(Z2),  dL/dW1 = X^T delta2\n"
              << "  convention: rows are samples (seed 000's layout); the error is (f - t), so no minus sign\n";

    const ch3::Expense data = ch3::load_expense();
    const Matrix& X = data.X;
    const Matrix& t = data.t;
    wb::heading("1. The data: seed 000's 4 samples (datasets/expense.csv)");
    wb::show("X  [samples x inputs: x1, x2]", X, 4);
    wb::show("t  [samples x outputs: expense]", t, 4);

    const Matrix W1 = ch3::initial_W1(), W2 = ch3::initial_W2();
    wb::heading("2. The weights: fixed by this chapter (the seed does not print the ones behind its dl_dw1)");
    wb::show("W1  [inputs x hidden]", W1, 4);
    wb::show("W2  [hidden x outputs]", W2, 4);

    wb::heading("3. Forward pass (exercise 3.1), every layer kept");
    const ch3::Forward fw = ch3::forward(X, W1, W2);
    wb::show("Z2 = X W1  [samples x hidden: 4x2 times 2x3]", fw.Z2);
    wb::show("a2 = sigma(Z2)  [samples x hidden]", fw.a2);
    wb::show("Z3 = a2 W2  [samples x outputs: 4x3 times 3x1]", fw.Z3);
    wb::show("f = sigma(Z3)  [samples x outputs]", fw.f);

    wb::heading("4. Loss (exercise 3.2)");
    const double L = ch3::loss(fw.f, t);
    std::printf("L = 1/2 sum (f - t)^2 = %.12f   (with the 1/(2N) of seed 000's first loss slide it would be %.12f)\n", L,
                L / static_cast<double>(X.shape()[0]));

    wb::heading("5. Backward pass (exercises 3.3-3.6)");
    const Matrix d3 = ch3::delta3(fw, t);
    wb::show("delta3 = (f - t) .* sigma'(Z3)  [samples x outputs]", d3, 8);
    const Matrix g2 = ch3::dW2(fw, d3);
    wb::show("dL/dW2 = a2^T delta3  [hidden x outputs: 3x4 times 4x1]", g2, 8);
    const Matrix d2 = ch3::delta2(fw, d3, W2);
    wb::show("delta2 = (delta3 W2^T) .* sigma'(Z2)  [samples x hidden: (4x1 1x3) .* 4x3]", d2, 8);
    const Matrix g1 = ch3::dW1(X, d2);
    wb::show("dL/dW1 = X^T delta2  [inputs x hidden: 2x4 times 4x3]", g1, 8);

    wb::heading("6. The same gradient, one sample at a time (given per_sample_gradients: seed 000's sum over n)");
    const ch3::Gradients ps = ch3::per_sample_gradients(X, t, W1, W2);
    wb::show("sum_n x_n^T delta2_n  [inputs x hidden]", ps.dW1, 8);
    wb::show("sum_n delta3_n a2_n^T  [hidden x outputs]", ps.dW2, 8);
    std::printf("max |matrix form - per-sample sum|: dW1 %.1e, dW2 %.1e (the matrix product does the sum)\n",
                max_diff(g1, ps.dW1), max_diff(g2, ps.dW2));
    wb::write_output("ch03_per_sample",
                     wb::fmt("Largest difference between the matrix form and the per-sample sums: %s for "
                             "$\\partial L/\\partial W_1$, %s for $\\partial L/\\partial W_2$ (largest entries %.4f and "
                             "%.4f).\n",
                             tex_number(max_diff(g1, ps.dW1)).c_str(), tex_number(max_diff(g2, ps.dW2)).c_str(),
                             max_abs(g1), max_abs(g2)));

    wb::heading("7. Finite-difference check: central differences of L, h = 1e-6");
    const Matrix n1 = numeric_gradient(X, t, W1, W2, true), n2 = numeric_gradient(X, t, W1, W2, false);
    wb::show("numerical dL/dW1", n1, 8);
    std::printf("relative error dW1 %.2e, dW2 %.2e (below 1e-7: backpropagation agrees with the definition)\n",
                max_diff(g1, n1) / (max_abs(g1) + max_abs(n1)), max_diff(g2, n2) / (max_abs(g2) + max_abs(n2)));

    wb::heading("8. The seed's printed dl_dw1, for weights it does not give");
    const Matrix seed_dw1{{-0.01194708, 0.00497217, 0.00505324}, {-0.00600021, 0.00238656, 0.00351687}};
    wb::show("seed 000, In [253]: dl_dw1  [inputs x hidden]", seed_dw1, 8);
    std::printf("Same shape (2x3) as ours; largest entry %.4f there, %.4f here: the same order of magnitude.\n"
                "The weights behind it could not be recovered (docs/numbers.md says how that was established),\n"
                "so nothing here claims to reproduce it.\n",
                max_abs(seed_dw1), max_abs(g1));
    {
        std::string md = "| $\\partial L/\\partial W_1$ | hidden 1 | hidden 2 | hidden 3 |\n|---|--:|--:|--:|\n";
        md += md_rows("this chapter's weights", g1);
        md += md_rows("seed 000's printed `dl_dw1`", seed_dw1);
        md += wb::fmt("\nLargest entry: %.8f for this chapter's weights, %.8f in seed 000's. Central differences of $L$ "
                      "($h = 10^{-6}$) agree with backpropagation to a relative error of %s.\n",
                      max_abs(g1), max_abs(seed_dw1), tex_number(max_diff(g1, n1) / (max_abs(g1) + max_abs(n1))).c_str());
        wb::write_output("ch03_dW1", md);
    }

    wb::heading("9. Gradient descent (exercise 3.7): W <- W - eta dL/dW, all 4 samples, 3000 iterations");
    wb::plot::Figure fig{"ch03_loss", "Chapter 3: 3-layer regression network, gradient descent on 4 samples", "iteration",
                         "loss L(W) = 1/2 sum (f - t)^2 (4 samples)"};
    ch3::Training best;
    std::string md = "| $\\eta$ | $L_0$ | $L_{10}$ | $L_{100}$ | $L_{1000}$ | $L_{3000}$ | iterations in which $L$ rose | the first |\n"
                     "|--:|--:|--:|--:|--:|--:|--:|--:|\n";
    for (double eta : {0.5, 2.0, 5.0}) {
        const ch3::Training run = ch3::train(X, t, W1, W2, eta, 3000);
        std::size_t ups = 0, first_up = 0;
        for (std::size_t k = 0; k + 1 < run.losses.size(); ++k)
            if (run.losses(k + 1) >= run.losses(k)) {
                ++ups;
                if (!first_up) first_up = k + 1;
            }
        md += wb::fmt("| %.1f | %.6f | %.6f | %.6f | %.6f | %.6f | %zu | %s |\n", eta, run.losses(0), run.losses(10), run.losses(100),
                      run.losses(1000), run.losses(3000), ups, first_up ? std::to_string(first_up).c_str() : "-");
        std::printf("eta = %.1f:  L(0) = %.6f  L(10) = %.6f  L(100) = %.6f  L(1000) = %.6f  L(3000) = %.6f  (%zu iterations went up)\n",
                    eta, run.losses(0), run.losses(10), run.losses(100), run.losses(1000), run.losses(3000), ups);
        std::vector<double> it(run.losses.size());
        for (std::size_t k = 0; k < it.size(); ++k) it[k] = static_cast<double>(k);
        char title[32];
        std::snprintf(title, sizeof title, "eta = %.1f", eta);
        // eta = 5 zigzags from step to step after iteration ~220: as a line at this width it would
        // fill a solid band; as small dots it shows two tracks, the even and the odd iterations.
        fig.series.push_back({title, it, {run.losses.begin(), run.losses.end()}, eta == 5.0 ? "points pt 7 ps 0.45" : "lines"});
        if (eta == 2.0) best = run;
    }
    wb::show("W1 after 3000 iterations with eta = 2", best.W1, 4);
    wb::show("W2 after 3000 iterations with eta = 2", best.W2, 4);
    const Matrix f_trained = ch3::forward(X, best.W1, best.W2).f;
    wb::show("f after training  [samples x outputs]", f_trained, 4);
    md += "\n$L_k$: the loss after $k$ iterations from the weights above. The last two columns count the iterations "
          "after which $L$ was not lower than before, and give the first of them.\n";
    wb::write_output("ch03_training", md);
    wb::show("t                 [samples x outputs]", t, 4);
    std::cout << "eta = 5 falls fastest at first, then jumps up near iteration 220 and zigzags from step to step:\n"
                 "too large a step for the curvature of L there. eta = 2 falls at every iteration.\n";
    fig.logy = true;
    fig.extra = {"set key right top"};
    wb::plot::save(fig);

    wb::heading("10. Why not try all the weights? (exercise 3.8, seed 000 \"Curse of dimensionality\")");
    std::cout << "1000 values per weight, 0.05 s per 1000 trials (5e-5 s a trial):\n";
    std::string bf = "| parameters | trials | seconds | that is |\n|--:|--:|--:|---|\n";
    for (std::size_t p = 1; p <= 9; ++p) {
        const double s = ch3::brute_force_seconds(p, 1000, 0.05 / 1000);
        std::printf("  %zu parameter%s  1000^%zu = %8.0e trials  %10.3e s  = %s%s\n", p, p == 1 ? " " : "s", p, std::pow(1000.0, p),
                    s, human(s).c_str(), p == 9 ? "   <- W1 (2x3) and W2 (3x1) have 9 weights" : "");
        bf += wb::fmt("| %zu | $1000^%zu$ | %s | %s%s |\n", p, p, tex_number(s).c_str(), human_md(s).c_str(),
                      p == 9 ? " (our 9 weights)" : "");
    }
    wb::write_output("ch03_brute_force", bf + "\nComputed by exercise 3.8, `brute_force_seconds(p, 1000, 5e-5)`: 1000 "
                                              "grid values per weight, $5 \\times 10^{-5}$ s a trial (seed 000's 0.05 s "
                                              "per 1000 trials).\n");
    std::cout << "Gradient descent above needed " << 3000 << " gradient evaluations for all 9 weights at once.\n";
    return 0;
}
}  // namespace

int main() { return wb::run_chapter(3, run); }
