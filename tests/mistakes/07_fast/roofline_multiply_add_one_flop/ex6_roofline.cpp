// Reference solution of exercise 7.6 (statement: chapters/07_fast/ex6_roofline.cpp).
#include <stdexcept>

#include "fast.hpp"

// [listing:7.6]
double ch7::flops_per_sample(std::size_t D, std::size_t H, std::size_t K, std::size_t B) {
    if (B == 0) throw std::invalid_argument("flops_per_sample: the batch size B must be at least 1");
    const double d = static_cast<double>(D), h = static_cast<double>(H), k = static_cast<double>(K);
    const double products = d * h + h * k          // forward:  X W1, A1 W2 (one FLOP a multiply-add)
                            + h * k + h * k + d * h;  // backward: delta2 W2^T, A1^T delta2, X^T delta1
    const double bias = 2 * (h + k);                         // + b in the forward pass, 1^T delta in the backward
    const double elementwise = 4 * h                         // sigmoid: negate, exp, + 1, divide
                               + 5 * k                       // softmax and delta2: - max, exp, sum, divide, - y
                               + 3 * h;                      // delta1 (x)= A1 (1 - A1): subtract, 2 multiplies
    const double update = 2 * (d * h + h + h * k + k) / static_cast<double>(B);  // W -= a dW, once a batch
    return products + bias + elementwise + update;
}

double ch7::fraction_of_peak(double samples_per_s, double flops_per_sample, double peak_flops) {
    if (!(peak_flops > 0)) throw std::invalid_argument("fraction_of_peak: the peak must be positive");
    return samples_per_s * flops_per_sample / peak_flops;
}
// [/listing]
