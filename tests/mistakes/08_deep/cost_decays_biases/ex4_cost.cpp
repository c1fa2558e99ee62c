// Mistakes bank, chapter 8, case cost_decays_biases (wrong): Omega over the biases too: 1/2 sum (||W(k)||^2 + ||b(k)||^2)
#include <cmath>

#include <xtensor/xmath.hpp>

#include "deep.hpp"

// [listing:8.4]
ch8::Cost ch8::cost(const Network& net, const Matrix& Yhat, const Matrix& Y, double lambda) {
    check_network(net);
    check_lambda(lambda);
    const std::size_t N = Yhat.shape()[0], c = net.arch.sizes.back();
    wb::require_shape("Yhat", Yhat, {N, c}, "samples x outputs n_l");
    wb::require_shape("Y", Y, {N, c}, "samples x outputs n_l, as Yhat");
    const double n = static_cast<double>(N);
    Cost out;
    switch (net.arch.loss) {
        case Loss::squared_error:  // seed 001: 1/(2cN) sum_n sum_k (yhat - y)^2
            out.L = xt::sum(xt::square(Yhat - Y))() / (2.0 * static_cast<double>(c) * n);
            break;
        case Loss::binary_cross_entropy:
            out.L = -xt::sum(Y * xt::log(Yhat + kLogEps) + (1.0 - Y) * xt::log(1.0 - Yhat + kLogEps))() / n;
            break;
        case Loss::softmax_cross_entropy:
            out.L = -xt::sum(Y * xt::log(Yhat + kLogEps))() / n;
            break;
    }
    for (std::size_t k = 1; k <= net.arch.depth(); ++k) out.Omega += 0.5 * (xt::sum(xt::square(net.W[k]))() + xt::sum(xt::square(net.b[k]))());  // weights only
    out.J = out.L + lambda * out.Omega;
    return out;
}
// [/listing]
