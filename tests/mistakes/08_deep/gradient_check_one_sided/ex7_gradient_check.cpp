// Mistakes bank, chapter 8, case gradient_check_one_sided (wrong): a one-sided difference (J(theta + h) - J(theta)) / h
#include <cmath>
#include <string>

#include "deep.hpp"

// [listing:8.7]
ch8::GradientCheck ch8::gradient_check(const Network& net, const Matrix& X, const Matrix& Y, double lambda,
                                       const Gradients& analytic, double h) {
    check_data(net, X, Y);
    check_lambda(lambda);
    if (!(h > 0.0) || !std::isfinite(h)) throw wb::argument_error("h should be > 0 and finite, got " + std::to_string(h));
    const std::size_t l = net.arch.depth();
    GradientCheck out{zero_gradients(net), 0.0};
    for (std::size_t k = 1; k <= l; ++k)
        wb::require_shape("analytic dW(" + std::to_string(k) + ")", k < analytic.dW.size() ? analytic.dW[k] : Matrix{},
                          {net.arch.sizes[k - 1], net.arch.sizes[k]}, "shaped like W(k)");
    const auto J = [&](const Network& n) { return cost(n, forward(n, X).H[l], Y, lambda).J; };
    Network probe = net;
    // one parameter at a time: theta_i + h and theta_i - h, the others as they are
    const auto central = [&](Matrix& theta, Matrix& d) {
        for (std::size_t i = 0; i < theta.size(); ++i) {
            const double saved = theta.flat(i);
            theta.flat(i) = saved + h;
            const double up = J(probe);
            theta.flat(i) = saved;
            const double down = J(probe);
            theta.flat(i) = saved;
            d.flat(i) = (up - down) / h;
        }
    };
    for (std::size_t k = 1; k <= l; ++k) {
        central(probe.W[k], out.numeric.dW[k]);
        central(probe.b[k], out.numeric.db[k]);
    }
    const std::vector<double> a = flatten(analytic), n = flatten(out.numeric);
    if (a.size() != n.size())
        throw wb::shape_error("the analytic gradients should hold " + std::to_string(n.size()) + " numbers, got " + std::to_string(a.size()));
    double diff = 0.0, na = 0.0, nn = 0.0;
    for (std::size_t i = 0; i < a.size(); ++i) {
        diff += (a[i] - n[i]) * (a[i] - n[i]);
        na += a[i] * a[i];
        nn += n[i] * n[i];
    }
    const double scale = std::sqrt(na) + std::sqrt(nn);
    out.relative_error = scale == 0.0 ? 0.0 : std::sqrt(diff) / scale;
    return out;
}
// [/listing]
