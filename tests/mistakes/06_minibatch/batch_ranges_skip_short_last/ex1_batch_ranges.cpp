// Mistakes bank, a wrong implementation: begin + B <= N: the short last batch is skipped, its samples never trained on
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

std::vector<ch6::Batch> ch6::batch_ranges(std::size_t N, std::size_t B) {
    if (B == 0) throw std::invalid_argument("batch size B = 0");
    std::vector<Batch> batches;
    for (std::size_t begin = 0; begin + B <= N; begin += B) batches.push_back({begin, begin + B});
    return batches;
}
