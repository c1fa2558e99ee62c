// Reference solution of exercise 5.2 (statement: chapters/05_tanh_network/ex2_output_sensitivity.cpp).
#include "tanh_network.hpp"
#include "workbook/given.hpp"

// [listing:5.2]
ch5::Vector ch5::output_sensitivity(const Vector& sL, const Vector& xL, double y) {
    Vector delta = 2.0 * (xL - y) * wb::given::tanh_prime(sL);  // e = (x - y)^2: the 2 stays
    return delta;
}
// [/listing]
