// Mistakes bank, a correct variant: the recursive depth-first search
#include <cstddef>
#include <string>
#include <vector>

#include "autodiff.hpp"

namespace {
void visit(const ch9::Graph& g, std::size_t v, std::vector<int>& mark, std::vector<std::size_t>& order) {
    if (mark[v] == 2) return;
    if (mark[v] == 1) throw wb::graph_error("the graph has a cycle through node " + std::to_string(v) + " (" + g.nodes[v].name + ")");
    mark[v] = 1;
    for (std::size_t p : g.at(v).parents) visit(g, p, mark, order);
    mark[v] = 2;
    order.push_back(v);
}
}  // namespace

std::vector<std::size_t> ch9::topological_order(const Graph& g, std::size_t output) {
    (void)g.at(output);
    std::vector<int> mark(g.size(), 0);
    std::vector<std::size_t> order;
    visit(g, output, mark, order);
    return order;
}
