// Chapter 1 program: a table of sigma, sigma' and their finite-difference check, then the plots.
//   ./workbook run 1             on your exercise files
#include <cmath>
#include <cstdio>
#include <iostream>
#include <vector>

#include <xtensor/xbuilder.hpp>
#include <xtensor/xmath.hpp>

#include "sigmoid.hpp"
#include "workbook/plot.hpp"
#include "workbook/program.hpp"

namespace {
std::vector<double> vec(const xt::xarray<double>& a) { return {a.begin(), a.end()}; }

int run() {
    std::cout << "Chapter 1: the sigmoid, its derivative, and a finite-difference check\n"
              << "  sigma(z) = 1/(1 + e^-z),  sigma'(z) = sigma(z)(1 - sigma(z))   [seeds 000, 001]\n"
              << "  tanh'(s) = 1 - tanh^2(s)                                       [seed 004]\n";

    const double h = 1e-5;
    const xt::xarray<double> z{-1000.0, -6.0, -2.0, -1.0, 0.0, 1.0, 2.0, 6.0, 1000.0};
    const xt::xarray<double> s = ch1::sigmoid(z);
    const xt::xarray<double> ds = ch1::sigmoid_prime(z);
    const xt::xarray<double> fd = ch1::central_difference(ch1::sigmoid, z, h);
    const xt::xarray<double> dt = ch1::tanh_prime(z);
    const xt::xarray<double> fdt =
        ch1::central_difference([](const xt::xarray<double>& v) -> xt::xarray<double> { return xt::tanh(v); }, z, h);

    std::printf("\n%9s %12s %12s %14s %10s   %12s %14s\n", "z", "sigma(z)", "sigma'(z)", "central diff", "|diff|",
                "tanh'(z)", "central diff");
    for (std::size_t i = 0; i < z.size(); ++i)
        std::printf("%9.1f %12.8f %12.8f %14.8f %10.1e   %12.8f %14.8f\n", z(i), s(i), ds(i), fd(i), std::abs(ds(i) - fd(i)),
                    dt(i), fdt(i));
    std::printf("\nsigma'(0) = %.6f (the seeds' 1/4: the steepest slope; sigma' <= 1/4 everywhere, so each sigmoid\n"
                "layer scales a backpropagated delta by at most 1/4)\n", ds(4));
    std::printf("central differences with h = %g agree to O(h^2) ~ 1e-11: the check the later chapters run on whole networks\n", h);

    const xt::xarray<double> grid = xt::linspace<double>(-8.0, 8.0, 321);
    wb::plot::Figure sig{"ch01_sigmoid", "Chapter 1: the sigmoid and its derivative", "z (pre-activation, dimensionless)", "sigma(z), sigma'(z) (dimensionless)"};
    sig.series.push_back({"sigma(z)", vec(grid), vec(ch1::sigmoid(grid))});
    sig.series.push_back({"sigma'(z) = sigma(z)(1 - sigma(z))", vec(grid), vec(ch1::sigmoid_prime(grid))});
    sig.extra = {"set key left top", "set yrange [-0.05:1.05]"};
    wb::plot::save(sig);

    wb::plot::Figure th{"ch01_tanh", "Chapter 1: tanh and its derivative", "s (signal into the node, dimensionless)", "tanh(s), tanh'(s) (dimensionless)"};
    th.series.push_back({"tanh(s)", vec(grid), vec(xt::tanh(grid))});
    th.series.push_back({"tanh'(s) = 1 - tanh^2(s)", vec(grid), vec(ch1::tanh_prime(grid))});
    th.extra = {"set key left top", "set yrange [-1.05:1.05]"};
    wb::plot::save(th);
    return 0;
}
}  // namespace

int main() { return wb::run_chapter(1, run); }
