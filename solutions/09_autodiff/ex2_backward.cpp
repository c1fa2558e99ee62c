// Reference solution of exercise 9.2 (statement: chapters/09_autodiff/ex2_backward.cpp).
#include <cstddef>
#include <vector>

#include "autodiff.hpp"

// [listing:9.2]
std::vector<double> ch9::backward(const Graph& g, std::size_t output) {
    const std::vector<std::size_t> order = topological_order(g, output);
    std::vector<double> adj(g.size(), 0.0);
    adj[output] = 1.0;                                      // d output / d output
    for (auto it = order.rbegin(); it != order.rend(); ++it) {
        const Node& v = g.nodes[*it];
        for (std::size_t k = 0; k < v.parents.size(); ++k)
            adj[v.parents[k]] += adj[*it] * v.local[k];     // += : every path through this edge adds up
    }
    return adj;
}
// [/listing]
