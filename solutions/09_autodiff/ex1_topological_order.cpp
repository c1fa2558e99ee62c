// Reference solution of exercise 9.1 (statement: chapters/09_autodiff/ex1_topological_order.cpp).
#include <cstddef>
#include <string>
#include <vector>

#include "autodiff.hpp"

// [listing:9.1]
std::vector<std::size_t> ch9::topological_order(const Graph& g, std::size_t output) {
    (void)g.at(output);                                   // wb::graph_error for an id past the end
    enum Mark : unsigned char { unseen, open, done };     // open: on the current path (a cycle if met again)
    std::vector<Mark> mark(g.size(), unseen);
    std::vector<std::size_t> order;
    // An explicit stack of (node, next parent to visit) in place of recursion: a chain of a
    // million nodes would overflow the call stack.
    std::vector<std::pair<std::size_t, std::size_t>> stack{{output, 0}};
    mark[output] = open;
    while (!stack.empty()) {
        auto& [v, next] = stack.back();
        const Node& node = g.at(v);
        if (next < node.parents.size()) {
            const std::size_t p = node.parents[next++];
            (void)g.at(p);
            if (mark[p] == open)
                throw wb::graph_error("the graph has a cycle through node " + std::to_string(p) + " (" + g.nodes[p].name +
                                      "): no order puts every node after its parents");
            if (mark[p] == unseen) {
                mark[p] = open;
                stack.emplace_back(p, 0);                 // (invalidates v and next: not used below)
            }
        } else {
            mark[v] = done;
            order.push_back(v);                           // every parent is already in the order
            stack.pop_back();
        }
    }
    return order;
}
// [/listing]
