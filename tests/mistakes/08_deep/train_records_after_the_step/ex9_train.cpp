// Mistakes bank, chapter 8, case train_records_after_the_step (wrong): J recorded after each step only: J before the first step missing
#include <cmath>
#include <string>

#include "deep.hpp"

// [listing:8.9]
ch8::Training ch8::train(Network net, const Matrix& X, const Matrix& Y, double lambda, double eta, std::size_t epochs) {
    check_data(net, X, Y);
    check_lambda(lambda);
    if (!(eta > 0.0) || !std::isfinite(eta)) throw wb::argument_error("eta should be > 0 and finite, got " + std::to_string(eta));
    const std::size_t l = net.arch.depth();
    Training out;
    for (std::size_t e = 0;; ++e) {
        const Forward fw = forward(net, X);
        const double J = cost(net, fw.H[l], Y, lambda).J;
        wb::require_finite("J", J, "after " + std::to_string(e) + " steps");
        if (e > 0) out.J.push_back(J);
        if (e == epochs) break;
        const Gradients g = backward(net, fw, output_delta(net, fw, Y), lambda);
        for (std::size_t k = 1; k <= l; ++k) {
            net.W[k] -= eta * g.dW[k];
            net.b[k] -= eta * g.db[k];
        }
    }
    out.net = std::move(net);
    return out;
}
// [/listing]
