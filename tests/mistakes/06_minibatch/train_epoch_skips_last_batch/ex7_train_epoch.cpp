// Mistakes bank, a wrong implementation: an off-by-one in the mini-batch loop: it + 1 < batches.size() skips the last batch
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
    (void)epoch;
    check_network(net, X);
    const std::vector<std::size_t> order = wb::Rng(seed).permutation(X.shape()[0]);
    const std::vector<Batch> batches = batch_ranges(X.shape()[0], B);
    std::vector<double> losses;
    for (std::size_t it = 0; it + 1 < batches.size(); ++it) {
        const Matrix Xb = take_rows(X, order, batches[it]), Yb = take_rows(Y, order, batches[it]);
        const Forward f = forward(Xb, net);
        losses.push_back(cross_entropy(f.P, Yb));
        sgd_step(net, gradients(Xb, f, output_delta(f.P, Yb), net), eta);
    }
    return losses;
}
