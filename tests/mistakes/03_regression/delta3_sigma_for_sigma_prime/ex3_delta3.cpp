// Mistakes bank, a wrong implementation: sigma(Z3) where sigma'(Z3) is due
#include <cmath>
#include <xtensor/xbuilder.hpp>
#include <xtensor/xmath.hpp>
#include <xtensor-blas/xlinalg.hpp>

#include "regression.hpp"
#include "workbook/given.hpp"

ch3::Matrix ch3::delta3(const Forward& fw, const Matrix& t) {
    check_targets(fw.f, t);
    return (fw.f - t) * wb::given::sigmoid(fw.Z3);
}
