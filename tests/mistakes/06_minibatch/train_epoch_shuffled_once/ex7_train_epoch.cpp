// Mistakes bank (issue 13): the reference solution, but the order is shuffled once and kept (a static),
// not every epoch.
#include <algorithm>
#include <cmath>
#include <string>

#include <xtensor-blas/xblas.hpp>
#include <xtensor/xnoalias.hpp>

#include "minibatch.hpp"
#include "workbook/given.hpp"
#include "workbook/rng.hpp"

namespace {
// The matrices of one iteration, allocated for a batch of `rows` samples and reused.
struct Buffers {
    ch6::Matrix ones, Xb, Yb, A1, P, D1;  // B x 1, B x D, B x K, B x H, B x K, B x H
    void fit(std::size_t rows, std::size_t D, std::size_t H, std::size_t K) {
        if (Xb.shape()[0] == rows && Xb.shape()[1] == D) return;  // the last, short batch refits
        ones = xt::ones<double>({rows, std::size_t{1}});
        Xb = xt::empty<double>({rows, D}), Yb = xt::empty<double>({rows, K}), P = xt::empty<double>({rows, K});
        A1 = xt::empty<double>({rows, H}), D1 = xt::empty<double>({rows, H});
    }
};

// Copies rows order[b.begin..b.end) of A into out (take_rows without the allocation).
void gather(const ch6::Matrix& A, const std::vector<std::size_t>& order, ch6::Batch b, ch6::Matrix& out) {
    const std::size_t cols = A.shape()[1];
    for (std::size_t i = b.begin; i < b.end; ++i)
        std::copy_n(A.data() + order[i] * cols, cols, out.data() + (i - b.begin) * cols);
}

// One iteration: forward, loss, backward and update of `net` on the batch in w.Xb, w.Yb.
// Returns the batch loss before the update.
double step(ch6::Network& net, Buffers& w, double eta) {
    using xt::blas::gemm;
    const std::size_t B = w.Xb.shape()[0], K = w.P.shape()[1];
    // Forward (6.2): A1 = sigma(X W1 + 1_B b1), P = softmax(A1 W2 + 1_B b2) row by row.
    gemm(w.ones, net.b1, w.A1);                                // A1 = 1_B b1 (every row b1)
    gemm(w.Xb, net.W1, w.A1, false, false, 1.0, 1.0);          // A1 += X W1
    std::transform(w.A1.begin(), w.A1.end(), w.A1.begin(), [](double z) { return wb::given::sigmoid(z); });
    gemm(w.ones, net.b2, w.P);                                 // Z2 = 1_B b2
    gemm(w.A1, net.W2, w.P, false, false, 1.0, 1.0);           // Z2 += A1 W2
    double loss = 0.0;
    for (std::size_t n = 0; n < B; ++n) {
        double* p = w.P.data() + n * K;
        const double* y = w.Yb.data() + n * K;
        const double m = *std::max_element(p, p + K);          // the stable softmax's row maximum
        double sum = 0.0;
        for (std::size_t k = 0; k < K; ++k) sum += (p[k] = std::exp(p[k] - m));
        for (std::size_t k = 0; k < K; ++k) {
            p[k] /= sum;
            if (y[k] != 0.0) loss -= y[k] * std::log(p[k] + ch6::kLogEps);  // cross-entropy (6.3); y = 0 adds 0
            p[k] -= y[k];                                      // P - Y: delta2 without its 1/B (6.4)
        }
    }
    loss /= static_cast<double>(B);
    if (!std::isfinite(loss)) return loss;  // diverged: leave the network as it was, the caller reports it
    // Backward (6.5) and update (6.6). The 1/B of delta2 = (P - Y)/B and the -eta of the step are
    // gemm's alpha; beta = 1 adds the product to the parameter: W2 <- W2 - (eta/B) A1^T (P - Y).
    // delta1 needs the old W2, so it comes first.
    const double a = -eta / static_cast<double>(B);
    gemm(w.P, net.W2, w.D1, false, true);                     // D1 = (P - Y) W2^T
    xt::noalias(w.D1) *= w.A1 * (1.0 - w.A1);                // (x) sigma'(Z1) = A1 (1 - A1)
    gemm(w.A1, w.P, net.W2, true, false, a, 1.0);              // W2 -= eta A1^T delta2
    gemm(w.ones, w.P, net.b2, true, false, a, 1.0);            // b2 -= eta 1_B^T delta2
    gemm(w.Xb, w.D1, net.W1, true, false, a, 1.0);             // W1 -= eta X^T delta1
    gemm(w.ones, w.D1, net.b1, true, false, a, 1.0);           // b1 -= eta 1_B^T delta1
    return loss;
}
}  // namespace

std::vector<double> ch6::train_epoch(Network& net, const Matrix& X, const Matrix& Y, std::size_t B, double eta,
                                     std::uint64_t seed, std::size_t epoch) {
    check_network(net, X);  // given: wb::shape_error naming both shapes
    const std::size_t N = X.shape()[0], D = X.shape()[1], H = net.W1.shape()[1], K = net.W2.shape()[1];
    wb::require_shape("Y", Y, {N, K}, "samples x classes: one one-hot row per row of X");
    static std::vector<std::size_t> order;  // the mistake: shuffled once (per data-set size), reused every epoch
    if (order.size() != N) order = wb::Rng(seed).permutation(N);
    const std::vector<Batch> batches = batch_ranges(N, B);                // ceil(N/B), the last one short

    std::vector<double> losses;
    losses.reserve(batches.size());
    Buffers w;
    for (std::size_t it = 0; it < batches.size(); ++it) {
        w.fit(batches[it].size(), D, H, K);
        gather(X, order, batches[it], w.Xb);
        gather(Y, order, batches[it], w.Yb);
        const double loss = step(net, w, eta);
        if (!std::isfinite(loss))  // (the message is built only when it is needed)
            wb::require_finite("the batch loss", loss, "epoch " + std::to_string(epoch) + ", iteration " +
                                                           std::to_string(it + 1) + " of " + std::to_string(batches.size()));
        losses.push_back(loss);
    }
    return losses;
}
