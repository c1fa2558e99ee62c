// Reference solution of exercise 9.4 (statement: chapters/09_autodiff/ex4_chain_checkpointed.cpp).
#include <cstddef>
#include <stdexcept>
#include <vector>

#include "autodiff.hpp"

// [listing:9.4]
ch9::ChainRun ch9::chain_checkpointed(double w, std::size_t n, const ScalarFn& f, std::size_t every) {
    if (every == 0) throw wb::argument_error("chain_checkpointed: every = 0; keep a checkpoint every >= 1 steps");
    std::vector<double> checkpoints;            // x_0, x_every, x_2every, ...
    checkpoints.reserve(n / every + 1);
    double x = w;
    for (std::size_t j = 0; j < n; ++j) {
        if (j % every == 0) checkpoints.push_back(x);
        x = f.f(x);
    }
    ChainRun r;
    r.z = x;
    r.values_kept = checkpoints.size();
    double grad = 1.0;                          // dz/dx_n
    for (std::size_t j = n; j-- > 0;) {
        double xj = checkpoints[j / every];     // x at the checkpoint j - (j mod every)
        for (std::size_t i = 0; i < j % every; ++i) xj = f.f(xj);   // time spent for memory saved
        grad *= f.df(xj);                       // dz/dx_j = dz/dx_{j+1} f'(x_j)
    }
    r.dz_dw = grad;
    return r;
}
// [/listing]
