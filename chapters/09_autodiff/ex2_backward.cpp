#include <cstddef>
#include <vector>

#include "autodiff.hpp"

// =============================================================================================
// Exercise 9.2  backward
// Seed:      001 "Back-Propagation": dz/dx_i = sum_j dz/dy_j dy_j/dx_i; the chain z = f(f(f(w))):
//            dz/dw = f'(y) f'(x) f'(w), "Back-prop avoids computing this twice"
// Equation:  adj(output) = 1;  for v in reverse topological order, for each edge k of v:
//            adj(parents_k(v)) += adj(v) * local_k(v)        (adj(u) = d output / d u)
// Shapes:    g: a Graph of g.size() nodes; output: a node id  ->  returns g.size() adjoints,
//            entry u = d output / d node u (0 for a node output does not depend on)
// Task:      Call your topological_order (9.1) and walk it backwards, so that a node's adjoint is
//            complete (every child has added its share) before it is passed on to its parents.
//            A node used twice (fan-out, or a parent that appears twice as in x * x) receives
//            BOTH contributions: accumulate with +=, never overwrite.
// =============================================================================================
std::vector<double> ch9::backward(const Graph& g, std::size_t output) {
    (void)g;
    (void)output;
    throw wb::not_implemented("9.2", "backward");
}
