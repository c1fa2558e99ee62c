// Mistakes bank, a wrong implementation: literals that pass the first test and nothing else
#include <cstddef>
#include <vector>

#include "autodiff.hpp"

std::vector<double> ch9::backward(const Graph& g, std::size_t output) {
    (void)g;
    (void)output;
    return {0.5045316835265483, 0.6596546214557646, 0.825011877893284, 1.0};  // w, x1, x2, z
}
