// Mistakes bank, a wrong implementation: (x(L) - y) theta'(s(L)): the 2 of e = (x - y)^2 dropped
#include <cmath>
#include <xtensor/xmanipulation.hpp>
#include <xtensor/xview.hpp>
#include <xtensor-blas/xlinalg.hpp>

#include "tanh_network.hpp"
#include "workbook/given.hpp"

ch5::Vector ch5::output_sensitivity(const Vector& sL, const Vector& xL, double y) {
    Vector delta = (xL - y) * wb::given::tanh_prime(sL);
    return delta;
}
