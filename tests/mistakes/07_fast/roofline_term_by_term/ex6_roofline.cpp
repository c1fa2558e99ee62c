// Exercise 7.6 computed term by term: one line per step of the epoch, in the order they run.
#include <stdexcept>

#include "fast.hpp"

double ch7::flops_per_sample(std::size_t D, std::size_t H, std::size_t K, std::size_t B) {
    if (B == 0) throw std::invalid_argument("flops_per_sample: B must be at least 1");
    const double d = static_cast<double>(D), h = static_cast<double>(H), k = static_cast<double>(K);
    const double b = static_cast<double>(B);
    double f = 0.0;
    f += 2 * d * h;            // Z1 = X W1: a multiply and an add per term
    f += h;                    // + b1
    f += 4 * h;                // sigma: negate, exp, + 1, divide
    f += 2 * h * k;            // Z2 = A1 W2
    f += k;                    // + b2
    f += 5 * k;                // - max, exp, sum, divide, - y
    f += 2 * h * k;            // delta2 W2^T
    f += 3 * h;                // (x) A1 (x) (1 - A1)
    f += 2 * h * k;            // A1^T delta2
    f += k;                    // 1^T delta2
    f += 2 * d * h;            // X^T delta1
    f += h;                    // 1^T delta1
    f += 2 * d * h / b;        // W1 -= eta dW1, shared by the batch
    f += 2 * h / b;            // b1
    f += 2 * h * k / b;        // W2
    f += 2 * k / b;            // b2
    return f;
}

double ch7::fraction_of_peak(double samples_per_s, double flops_per_sample, double peak_flops) {
    if (peak_flops <= 0) throw std::invalid_argument("fraction_of_peak: the peak must be positive");
    const double achieved = samples_per_s * flops_per_sample;
    return achieved / peak_flops;
}
