// Mistakes bank, correct but different: the epoch written plainly from take_rows, forward, cross_entropy, output_delta, gradients and sgd_step
#include <algorithm>
#include <cmath>
#include <stdexcept>
#include <string>
#include <xtensor/xmath.hpp>
#include <xtensor/xnoalias.hpp>
#include <xtensor/xview.hpp>
#include <xtensor-blas/xblas.hpp>
#include <xtensor-blas/xlinalg.hpp>

#include "minibatch.hpp"
#include "workbook/given.hpp"
#include "workbook/rng.hpp"

std::vector<double> ch6::train_epoch(Network& net, const Matrix& X, const Matrix& Y, std::size_t B, double eta,
                                     std::uint64_t seed, std::size_t epoch) {
    check_network(net, X);
    wb::require_shape("Y", Y, {X.shape()[0], net.W2.shape()[1]}, "samples x classes");
    const std::vector<std::size_t> order = wb::Rng(seed).permutation(X.shape()[0]);
    const std::vector<Batch> batches = batch_ranges(X.shape()[0], B);
    std::vector<double> losses;
    for (std::size_t it = 0; it < batches.size(); ++it) {
        const Matrix Xb = take_rows(X, order, batches[it]), Yb = take_rows(Y, order, batches[it]);
        const Forward f = forward(Xb, net);
        const double loss = cross_entropy(f.P, Yb);
        if (!std::isfinite(loss))
            wb::require_finite("the batch loss", loss, "epoch " + std::to_string(epoch) + ", iteration " +
                                                           std::to_string(it + 1) + " of " + std::to_string(batches.size()));
        losses.push_back(loss);
        sgd_step(net, gradients(Xb, f, output_delta(f.P, Yb), net), eta);
    }
    return losses;
}
