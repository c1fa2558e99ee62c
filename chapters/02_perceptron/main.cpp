// Chapter 2 program: one sigmoid perceptron, step by step (net input, output, error, gradient,
// a finite-difference check, one step), then training with a plot of E per epoch, and the
// perceptron learning rule of seed 003 for contrast.
//   ./workbook run 2             on your exercise files
#include <cmath>
#include <cstdio>
#include <iostream>
#include <string>
#include <vector>

#include <xtensor-blas/xlinalg.hpp>
#include <xtensor/xbuilder.hpp>
#include <xtensor/xmath.hpp>

#include "perceptron.hpp"
#include "workbook/format.hpp"
#include "workbook/given.hpp"
#include "workbook/plot.hpp"
#include "workbook/program.hpp"

namespace {
using ch2::Matrix;
using ch2::Vector;

std::vector<double> vec(const Vector& a) { return {a.begin(), a.end()}; }

std::size_t mistakes(const Matrix& X, const Vector& w, const Vector& y) {
    const Vector net = xt::linalg::dot(X, w);
    std::size_t m = 0;
    for (std::size_t d = 0; d < y.size(); ++d) m += ((net(d) >= 0 ? 1.0 : 0.0) != y(d));
    return m;
}

int run() {
    std::cout << "Chapter 2: the gradient of one sigmoid perceptron\n"
              << "  out = sigma(w . x),  E = 1/(2N) sum_d (t_d - out_d)^2                       [seed 001]\n"
              << "  dE/dw_i = -1/N sum_d (t_d - out_d) sigma'(w . x_d) x_di                       [seed 001]\n"
              << "  convention: rows of X are samples (as seed 000); seed 001's 1/(2N), so the gradient\n"
              << "  has 1/N; seed 001's residual (t - out), so the gradient carries a leading minus\n";

    const ch2::Data data = ch2::separable_data();
    const Matrix& X = data.X;
    const Vector& t = data.t;
    const double N = static_cast<double>(X.shape()[0]);

    wb::heading("1. The data: 8 points in the plane, x0 = 1 prepended (its weight w0 is the threshold)");
    wb::show("X  [samples x inputs: x0, x1, x2]", X, 3);
    wb::show("t  [targets: class 1 where x1 + x2 >= 4]", t, 0);

    const Vector w{-1.0, 0.5, 0.25};
    wb::heading("2. Forward (exercise 2.1): net = X w, out = sigma(net)");
    wb::show("w  [inputs]", w, 4);
    const Vector net = xt::linalg::dot(X, w);
    wb::show("net = X w  [samples]", net);
    const Vector out = ch2::output(X, w);
    wb::show("out = sigma(net)  [samples]", out);

    wb::heading("3. Error (exercise 2.2): E = 1/(2N) sum (t - out)^2");
    const double E = ch2::error(out, t);
    std::printf("E = %.10f   (N = %.0f; seed 000's 1/2 sum without 1/N would be %.10f)\n", E, N, E * N);

    wb::heading("4. Gradient (exercise 2.3): dE/dw = -1/N X^T ((t - out) .* sigma'(net))");
    const Vector resid = t - out;
    wb::show("t - out  [samples]", resid);
    const Vector sp = wb::given::sigmoid_prime(net);
    wb::show("sigma'(net)  [samples]  (at the net input, not at out)", sp);
    const Vector r = resid * sp;
    wb::show("(t - out) .* sigma'(net)  [samples]", r);
    const Vector g = ch2::gradient(X, w, t);
    wb::show("dE/dw  [inputs]  (X^T is 3x8, times the 8-vector above, times -1/N)", g, 8);

    // A central-difference check of the gradient, on the student's own output() and error().
    const double h = 1e-6;
    Vector fd = xt::zeros<double>({w.size()});
    for (std::size_t i = 0; i < w.size(); ++i) {
        Vector up = w, down = w;
        up(i) += h, down(i) -= h;
        fd(i) = (ch2::error(ch2::output(X, up), t) - ch2::error(ch2::output(X, down), t)) / (2 * h);
    }
    wb::show("central differences of E, h = 1e-6  [inputs]", fd, 8);
    const double rel = xt::amax(xt::abs(fd - g))() / (xt::amax(xt::abs(fd))() + xt::amax(xt::abs(g))());
    std::printf("relative error %.2e  (below 1e-7: the gradient is right)\n", rel);

    wb::heading("5. One gradient-descent step (exercise 2.4): w <- w - eta dE/dw, eta = 0.5");
    const Vector w1 = ch2::gradient_step(w, g, 0.5);
    wb::show("w after one step", w1, 8);
    std::printf("E: %.10f -> %.10f (downhill)\n", E, ch2::error(ch2::output(X, w1), t));

    wb::heading("6. Training (exercise 2.5): batch gradient descent from w0 = 0, 2000 epochs");
    const Vector w0 = xt::zeros<double>({3});
    wb::plot::Figure fig{"ch02_loss", "Chapter 2: sigmoid perceptron, batch gradient descent", "epoch",
                         "E = 1/(2N) sum (t - out)^2"};
    Vector trained;
    std::string md =
        "| $\\eta$ | $E_0$ | $E_{10}$ | $E_{100}$ | $E_{1000}$ | $E_{2000}$ | epochs in which $E$ did not fall |\n"
        "|---|--:|--:|--:|--:|--:|--:|\n";
    for (double eta : {0.5, 2.0}) {
        const ch2::Training run = ch2::train(X, t, w0, eta, 2000);
        std::printf("eta = %.1f:  E(0) = %.6f  E(10) = %.6f  E(100) = %.6f  E(1000) = %.6f  E(2000) = %.6f\n", eta,
                    run.losses(0), run.losses(10), run.losses(100), run.losses(1000), run.losses(2000));
        std::size_t ups = 0;
        for (std::size_t k = 0; k + 1 < run.losses.size(); ++k) ups += run.losses(k + 1) >= run.losses(k);
        md += wb::fmt("| %.1f | %.6f | %.6f | %.6f | %.6f | %.6f | %zu |\n", eta, run.losses(0), run.losses(10), run.losses(100),
                      run.losses(1000), run.losses(2000), ups);
        std::vector<double> epochs(run.losses.size());
        for (std::size_t k = 0; k < epochs.size(); ++k) epochs[k] = static_cast<double>(k);
        char title[32];
        std::snprintf(title, sizeof title, "eta = %.1f", eta);
        fig.series.push_back({title, epochs, vec(run.losses)});
        trained = run.w;
    }
    wb::show("w after 2000 epochs with eta = 2", trained, 4);
    wb::show("out of the trained perceptron  [samples]", ch2::output(X, trained), 4);
    std::printf("misclassified (out >= 1/2 taken as class 1): %zu of 8\n", mistakes(X, trained, t));
    md += wb::fmt("\n$E_k$: the error after $k$ epochs of batch gradient descent from $w = 0$ on the %zu points. "
                  "After 2000 epochs with $\\eta = 2$: $w = %s$, outputs from %.4f to %.4f, %zu of %zu points "
                  "misclassified ($\\text{out} \\ge \\tfrac12$ read as class 1).\n",
                  t.size(), wb::inline_str(trained, 4).c_str(), xt::amin(ch2::output(X, trained))(),
                  xt::amax(ch2::output(X, trained))(), mistakes(X, trained, t), t.size());
    wb::write_output("ch02_training", md);
    fig.logy = true;
    fig.extra = {"set key right top"};
    wb::plot::save(fig);

    wb::heading("7. For contrast, the perceptron rule of seed 003 (exercise 2.6): w_i <- w_i + eta (y - yhat) x_i");
    std::cout << "yhat = step(w . x) (1 if w . x >= 0), one sample at a time. The gradient step for one sample\n"
                 "would be w_i <- w_i + eta/N (t - out) sigma'(net) x_i: the same form, with sigma in place of\n"
                 "the step and a factor sigma' that the step (flat, with a jump) cannot provide.\n";
    Vector wp = xt::zeros<double>({3});
    std::string pmd = "| epoch | $w$ after the epoch | points misclassified |\n|--:|---|--:|\n";
    for (int epoch = 1; epoch <= 100; ++epoch) {
        wp = ch2::perceptron_epoch(X, wp, t, 0.1);
        const std::size_t m = mistakes(X, wp, t);
        std::printf("epoch %2d: w = %-34s misclassified %zu\n", epoch, wb::inline_str(wp, 4).c_str(), m);
        // (4 decimals: a sum of steps of 0.05 may land on 1.4e-17 instead of 0)
        pmd += wb::fmt("| %d | $%s$ | %zu |\n", epoch, wb::inline_str(xt::round(wp * 1e4) / 1e4 + 0.0, 4).c_str(), m);
        if (m == 0) break;
    }
    wb::write_output("ch02_perceptron", pmd + "\nThe perceptron rule from $w = 0$ with $\\eta = 0.1$, one sample at a "
                                              "time, until an epoch ends with no point misclassified.\n");
    std::cout << "The rule stops at the first separating line (no error, no update); gradient descent keeps\n"
                 "pushing the outputs towards 0 and 1, so its weights keep growing slowly.\n";
    return 0;
}
}  // namespace

int main() { return wb::run_chapter(2, run); }
