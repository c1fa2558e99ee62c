// Reference solution of exercise 6.1 (statement: chapters/06_minibatch/ex1_batch_ranges.cpp).
#include <algorithm>
#include <stdexcept>
#include <string>

#include "minibatch.hpp"

// [listing:6.1]
std::vector<ch6::Batch> ch6::batch_ranges(std::size_t N, std::size_t B) {
    if (B == 0)
        throw std::invalid_argument("batch size B = 0: a batch needs at least one sample "
                                    "(B = 1 is stochastic gradient descent, B = N batch gradient descent)");
    std::vector<Batch> batches;
    batches.reserve((N + B - 1) / B);                      // ceil(N / B) iterations an epoch
    for (std::size_t begin = 0; begin < N; begin += B)     // begin < N, not begin + B <= N: keep the short last batch
        batches.push_back({begin, std::min(begin + B, N)});
    return batches;
}
// [/listing]
