#include <cstddef>
#include <stdexcept>
#include <vector>

#include "autodiff.hpp"

// =============================================================================================
// Exercise 9.4  chain_checkpointed
// Seed:      001 "Speed vs memory tradeoff"; the chain z = f(f(f(w))), dz/dw = f'(f(f(w))) f'(f(w)) f'(w)
// Equation:  x_0 = w, x_{j+1} = f(x_j), z = x_n;   dz/dw = prod_{j=n-1..0} f'(x_j)
// Shapes:    w: a number; n >= 0 steps; every >= 1  ->  returns {z, dz/dw, values kept}
// Task:      Forward: apply f n times, keeping only the checkpoints x_j with j a multiple of
//            `every` (values_kept = ceil(n / every)). Backward, for j = n-1 down to 0: get x_j by
//            applying f (j mod every) times to the checkpoint at or below j (no other storage),
//            then multiply f'(x_j) in. every = 1 keeps all n values and recomputes nothing (plain
//            back-propagation); every = n keeps w alone and recomputes x_j from w each time. f is
//            called exactly n + sum_{j<n} (j mod every) times (the tests count). n = 0: z = w,
//            dz/dw = 1. every = 0: throw wb::argument_error naming it.
// =============================================================================================
ch9::ChainRun ch9::chain_checkpointed(double w, std::size_t n, const ScalarFn& f, std::size_t every) {
    (void)w;
    (void)n;
    (void)f;
    (void)every;
    throw wb::not_implemented("9.4", "chain_checkpointed");
}
