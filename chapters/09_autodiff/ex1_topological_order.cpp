#include <cstddef>
#include <string>
#include <vector>

#include "autodiff.hpp"

// =============================================================================================
// Exercise 9.1  topological_order
// Seed:      001 "Computational Graph": each node is a variable, edges encode operations;
//            "Back-propagation ... uses dynamic programming (table filling)": a table can only be
//            filled in an order where every entry's inputs are already there.
// Equation:  order = (v_1, ..., v_m): every ancestor v of `output` (and output itself) exactly
//            once, each node after all of its parents; output is last
// Shapes:    g: a Graph of g.size() nodes; output: a node id  ->  returns m node ids (m <= g.size())
// Task:      Walk from `output` up through the parents (depth first: a node is placed once all
//            of its parents are placed) and return the ancestors of output in such an order.
//            Nodes that output does not depend on are left out. Node ids are NOT an order: the
//            graph may have been renumbered (ch9::shuffled). A cycle (a node that is its own
//            ancestor) has no such order: throw wb::graph_error naming a node on the cycle,
//            "the graph has a cycle through node 4 (x2)". Check `output` with g.at(output).
// =============================================================================================
std::vector<std::size_t> ch9::topological_order(const Graph& g, std::size_t output) {
    (void)g;
    (void)output;
    throw wb::not_implemented("9.1", "topological_order");
}
