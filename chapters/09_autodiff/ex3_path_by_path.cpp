#include <cstddef>
#include <cstdint>
#include <vector>

#include "autodiff.hpp"

// =============================================================================================
// Exercise 9.3  path_by_path
// Seed:      001 "But it's a particular implementation of the chain rule: uses dynamic programming
//            (table filling), avoids recomputing repeated subexpressions". This is the other one.
// Equation:  d output / d input = sum over paths P from input to output of prod_{edges e in P} local(e);
//            evaluations = sum over paths of their length (each path's product computed anew)
// Shapes:    g: a Graph; output, input: node ids  ->  returns {derivative, paths, evaluations}
// Task:      The chain rule without a table: enumerate every path from input to output (depth
//            first from output through the parents, stopping at input), multiply the local
//            derivatives along each path (a path of L edges costs L evaluations; count them) and
//            add the products. A parent that appears twice gives two paths. input == output is
//            one path of length 0 (derivative 1). No path: derivative 0. Call topological_order
//            (9.1) first: it throws wb::graph_error on a cycle, where paths never end.
// =============================================================================================
ch9::PathByPath ch9::path_by_path(const Graph& g, std::size_t output, std::size_t input) {
    (void)g;
    (void)output;
    (void)input;
    throw wb::not_implemented("9.3", "path_by_path");
}
