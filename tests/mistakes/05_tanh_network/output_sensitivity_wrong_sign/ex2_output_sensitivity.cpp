// Mistakes bank, a wrong implementation: 2 (y - x(L)) theta'(s(L)): the wrong sign
#include <cmath>
#include <xtensor/xmanipulation.hpp>
#include <xtensor/xview.hpp>
#include <xtensor-blas/xlinalg.hpp>

#include "tanh_network.hpp"
#include "workbook/given.hpp"

ch5::Vector ch5::output_sensitivity(const Vector& sL, const Vector& xL, double y) {
    Vector delta = 2.0 * (y - xL) * wb::given::tanh_prime(sL);
    return delta;
}
