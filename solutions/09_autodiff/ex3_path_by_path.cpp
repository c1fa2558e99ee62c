// Reference solution of exercise 9.3 (statement: chapters/09_autodiff/ex3_path_by_path.cpp).
#include <cstddef>
#include <cstdint>
#include <vector>

#include "autodiff.hpp"

// [listing:9.3]
namespace {
void walk(const ch9::Graph& g, std::size_t v, std::size_t input, std::vector<double>& path, ch9::PathByPath& r) {
    if (v == input) {                          // a whole path: its product, computed from scratch
        double product = 1.0;
        for (double d : path) product *= d;
        r.derivative += product;
        r.paths += 1;
        r.evaluations += path.size();
        return;
    }
    const ch9::Node& node = g.nodes[v];
    for (std::size_t k = 0; k < node.parents.size(); ++k) {
        path.push_back(node.local[k]);
        walk(g, node.parents[k], input, path, r);
        path.pop_back();
    }
}
}  // namespace

ch9::PathByPath ch9::path_by_path(const Graph& g, std::size_t output, std::size_t input) {
    (void)topological_order(g, output);        // a cycle would make the walk endless
    (void)g.at(input);
    PathByPath r;
    std::vector<double> path;
    walk(g, output, input, path, r);
    return r;
}
// [/listing]
