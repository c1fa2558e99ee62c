// Mistakes bank, a correct variant: Kahn's algorithm, iterative, on the output's ancestors
#include <algorithm>
#include <cstddef>
#include <string>
#include <vector>

#include "autodiff.hpp"

std::vector<std::size_t> ch9::topological_order(const Graph& g, std::size_t output) {
    (void)g.at(output);
    // The ancestors, by a plain search.
    std::vector<char> in(g.size(), 0);
    std::vector<std::size_t> todo{output};
    in[output] = 1;
    while (!todo.empty()) {
        const std::size_t v = todo.back();
        todo.pop_back();
        for (std::size_t p : g.at(v).parents)
            if (!in[p]) in[p] = 1, todo.push_back(p);
    }
    // children[u]: how many edges leave u towards an ancestor (a repeated parent counts twice).
    std::vector<std::size_t> children(g.size(), 0);
    for (std::size_t v = 0; v < g.size(); ++v)
        if (in[v])
            for (std::size_t p : g.nodes[v].parents) ++children[p];
    std::vector<std::size_t> ready, reversed;
    if (children[output] == 0) ready.push_back(output);
    while (!ready.empty()) {
        const std::size_t v = ready.back();
        ready.pop_back();
        reversed.push_back(v);
        for (std::size_t p : g.nodes[v].parents)
            if (--children[p] == 0) ready.push_back(p);
    }
    std::size_t count = 0;
    for (char c : in) count += c != 0;
    if (reversed.size() != count) {
        for (std::size_t v = 0; v < g.size(); ++v)
            if (in[v] && children[v] != 0)
                throw wb::graph_error("the graph has a cycle through node " + std::to_string(v) + " (" + g.nodes[v].name + ")");
        throw wb::graph_error("the graph has a cycle through the output node " + std::to_string(output));
    }
    std::reverse(reversed.begin(), reversed.end());
    return reversed;
}
