#include <xtensor-blas/xlinalg.hpp>

#include "regression.hpp"
#include "workbook/given.hpp"

// =============================================================================================
// Exercise 3.5  delta2
// Seed:      000 "Step 2: summary for all data": delta2 = (delta3 (W2)^T) .* sigma'(Z2)
//            (shapes on the slide: 4x3 = (4x1 1x3) .* 4x3)
// Equation:  delta2 = (delta3 W2^T) .* sigma'(Z2)
// Shapes:    fw: the forward pass (fw.Z2 is N x H); d3: N x 1 (delta3); W2: H x 1 (hidden x
//            outputs)  ->  returns N x H (samples x hidden)
// Task:      Send the output error back through W2 to the hidden layer: delta3 W2^T is N x 1
//            times 1 x H = N x H, sample n's share of the blame for each hidden unit. Then
//            multiply, element by element, by the hidden layer's slope sigma'(Z2): the slope of
//            layer 2 (Z2), not of layer 3 (Z3), and at the pre-activation Z2, not at a2.
// =============================================================================================
ch3::Matrix ch3::delta2(const Forward& fw, const Matrix& d3, const Matrix& W2) {
    (void)fw, (void)d3, (void)W2;
    throw wb::not_implemented("3.5", "delta2");
}
