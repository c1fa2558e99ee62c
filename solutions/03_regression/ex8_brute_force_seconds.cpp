// Reference solution of exercise 3.8 (statement: chapters/03_regression/ex8_brute_force_seconds.cpp).
#include <cmath>

#include "regression.hpp"

// [listing:3.8]
double ch3::brute_force_seconds(std::size_t parameters, double grid_points, double seconds_per_trial) {
    const double trials = std::pow(grid_points, static_cast<double>(parameters));  // every combination
    return trials * seconds_per_trial;
}
// [/listing]
