#include <cmath>

#include "regression.hpp"

// =============================================================================================
// Exercise 3.8  brute_force_seconds
// Seed:      000 "Dimensionality: Why not simply try all the potential weights ...? Curse of
//            dimensionality: 1 parameter: 1000 trials, 0.05 seconds; 2 parameters: 1000 x 1000 =
//            1 million trials, 0.05 x 1000 = 50 seconds; 3 parameters: ... (1,000,000 x 0.05) /
//            (60 x 60) = 13.89 hours; ... 9 parameters: how long it will take?"
// Equation:  seconds = grid_points^parameters x seconds_per_trial
//            (the seed: 1000 grid points per parameter, 0.05 s per 1000 trials = 5e-5 s a trial)
// Shapes:    parameters: p >= 0; grid_points: values tried per parameter; seconds_per_trial: the
//            time of one loss evaluation  ->  returns a scalar, in seconds
// Task:      Return how long an exhaustive search takes when every combination of grid values
//            of the p parameters is tried once. The trials multiply (a grid in p dimensions),
//            they do not add. Our W1 and W2 have 9 weights: the chapter program prints that row.
// =============================================================================================
double ch3::brute_force_seconds(std::size_t parameters, double grid_points, double seconds_per_trial) {
    (void)parameters, (void)grid_points, (void)seconds_per_trial;
    throw wb::not_implemented("3.8", "brute_force_seconds");
}
