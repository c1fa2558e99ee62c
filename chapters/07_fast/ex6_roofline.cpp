#include <stdexcept>

#include "fast.hpp"

// =============================================================================================
// Exercise 7.6  roofline
// Seed:      004 (the step's arithmetic: forward, backward, update); this chapter's convention
// Equation:  flops = 2DH + 2HK (forward products) + 2HK + 2HK + 2DH (backward: delta2 W2^T,
//            A1^T delta2, X^T delta1) + 2(H + K) (bias add, bias gradient) + 4H (sigmoid)
//            + 5K (softmax and delta2) + 3H (delta1) + 2(DH + H + HK + K)/B (the update, once a
//            batch);  fraction = samples_per_s * flops_per_sample / peak_flops
// Shapes:    D, H, K: the layer sizes; B >= 1: the batch size  ->  FLOP per sample; a fraction
// Task:      Count one multiply-add as 2 FLOP and exp as 1; a comparison (the softmax's maximum)
//            is not a FLOP. flops_per_sample(64, 32, 10, 32) is about 10.6 k. Throw
//            std::invalid_argument for B == 0, and in fraction_of_peak for a peak that is not > 0.
// =============================================================================================
double ch7::flops_per_sample(std::size_t D, std::size_t H, std::size_t K, std::size_t B) {
    (void)D, (void)H, (void)K, (void)B;
    throw wb::not_implemented("7.6", "flops_per_sample");
}

double ch7::fraction_of_peak(double samples_per_s, double flops_per_sample, double peak_flops) {
    (void)samples_per_s, (void)flops_per_sample, (void)peak_flops;
    throw wb::not_implemented("7.6", "fraction_of_peak");
}
