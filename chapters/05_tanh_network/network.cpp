// Chapter 5, given code (compiled into both sides; it calls no exercise): shape and NaN checks,
// seed 004's example weights, the sine data set, initial weights.
#include <cmath>
#include <string>

#include "tanh_network.hpp"
#include "workbook/rng.hpp"

namespace ch5 {

void check_weights(const Weights& W, std::size_t inputs) {
    if (W.size() < 2)
        throw wb::shape_error("W should hold W(1), ..., W(L) at W[1], ..., W[L] with W[0] empty, so at least 2 entries; got " +
                              std::to_string(W.size()));
    if (W[0].size() != 0)
        throw wb::shape_error("W[0] should be empty (there is no W(0): W[l] holds W(l) for l = 1..L), got " +
                              wb::shape_str(W[0].shape()) + "; write W = {{}, W1, W2, ...}");
    const std::size_t L = W.size() - 1;
    std::size_t below = inputs;  // d(l-1)
    for (std::size_t l = 1; l <= L; ++l) {
        const std::string name = "W(" + std::to_string(l) + ")";
        const std::size_t cols = l == L ? 1 : W[l].shape()[1];
        const std::string legend = "(1 + units of layer " + std::to_string(l - 1) + ") x " +
                                   (l == L ? std::string("one output unit") : "units of layer " + std::to_string(l)) +
                                   ": bias row first";
        wb::require_shape(name, W[l], {below + 1, cols}, legend);
        below = cols;
    }
}

void check_data(const Matrix& X, const Vector& y) {
    wb::require_shape("y", y, {X.shape()[0]}, "one target per row (data point) of X");
}

void check_finite(double E, const Weights& W, std::size_t epoch) {
    const std::string where = "epoch " + std::to_string(epoch);
    wb::require_finite("the error E", E, where);
    for (std::size_t l = 1; l < W.size(); ++l) wb::require_finite("W(" + std::to_string(l) + ")", W[l], where);
}

Weights seed_example_weights() {
    const Matrix W1 = {{0.1, 0.2}, {0.3, 0.4}};
    const Matrix W2 = {{0.2}, {1.0}, {-3.0}};
    const Matrix W3 = {{1.0}, {2.0}};
    return {Matrix{}, W1, W2, W3};
}

Data sine_data(std::size_t n, double noise, std::uint64_t seed) {
    const double pi = std::acos(-1.0);
    wb::Rng rng(seed);
    Data d;
    d.X = xt::empty<double>({n, std::size_t{1}});
    d.y = xt::empty<double>({n});
    for (std::size_t i = 0; i < n; ++i) {
        const double x = n == 1 ? 0.0 : -1.0 + 2.0 * static_cast<double>(i) / static_cast<double>(n - 1);
        d.X(i, 0) = x;
        d.y(i) = std::sin(pi * x) / 2 + noise * rng.normal();
    }
    return d;
}

Weights initial_weights(const std::vector<std::size_t>& units, std::uint64_t seed, double stddev) {
    wb::Rng rng(seed);
    Weights W(1);  // W[0] empty
    for (std::size_t l = 1; l < units.size(); ++l) W.push_back(rng.normal_matrix(units[l - 1] + 1, units[l], stddev));
    return W;
}

}  // namespace ch5
