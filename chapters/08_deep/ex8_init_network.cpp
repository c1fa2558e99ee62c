#include <cmath>

#include "deep.hpp"
#include "workbook/rng.hpp"

// =============================================================================================
// Exercise 8.8  init_network
// Seed:      001 Algorithm 6.3 "Require: W(i), b(i), i in {1, ..., l}"; the initial scale is not
//            in the seeds: Glorot and Bengio (2010), He et al. (2015), see the README
// Equation:  W(k) ~ N(0, s_k^2),  s_k = sqrt(2 / n_{k-1}) if f_k is relu (He),
//            s_k = sqrt(2 / (n_{k-1} + n_k)) otherwise (Xavier/Glorot);  b(k) = 0
// Shapes:    arch: sizes n_0..n_l, activations f_1..f_l; seed  ->  returns Network{arch, W, b},
//            W[k] n_{k-1} x n_k, b[k] 1 x n_k, entry 0 empty
// Task:      One wb::Rng rng(seed); for k = 1, ..., l in order, W(k) = rng.normal_matrix(n_{k-1},
//            n_k, s_k) (row by row). The same seed gives the same network on every machine.
//            Validate with ch8::check_architecture(arch).
// =============================================================================================
ch8::Network ch8::init_network(const Architecture& arch, std::uint64_t seed) {
    (void)arch, (void)seed;
    throw wb::not_implemented("8.8", "init_network");
}
