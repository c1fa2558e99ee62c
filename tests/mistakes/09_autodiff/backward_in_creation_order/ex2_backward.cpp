// Mistakes bank, a wrong implementation: ids taken for a topological order (creation order)
#include <cstddef>
#include <vector>

#include "autodiff.hpp"

std::vector<double> ch9::backward(const Graph& g, std::size_t output) {
    (void)topological_order(g, output);  // checked for a cycle, then not used
    std::vector<double> adj(g.size(), 0.0);
    adj[output] = 1.0;
    for (std::size_t i = g.size(); i-- > 0;) {
        const Node& v = g.nodes[i];
        for (std::size_t k = 0; k < v.parents.size(); ++k) adj[v.parents[k]] += adj[i] * v.local[k];
    }
    return adj;
}
