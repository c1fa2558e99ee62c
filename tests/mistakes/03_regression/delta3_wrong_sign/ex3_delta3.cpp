// Mistakes bank, a wrong implementation: (t - f) sigma'(Z3): the sign of delta3 flipped
#include <cmath>
#include <xtensor/xbuilder.hpp>
#include <xtensor/xmath.hpp>
#include <xtensor-blas/xlinalg.hpp>

#include "regression.hpp"
#include "workbook/given.hpp"

ch3::Matrix ch3::delta3(const Forward& fw, const Matrix& t) {
    check_targets(fw.f, t);
    return (t - fw.f) * wb::given::sigmoid_prime(fw.Z3);
}
