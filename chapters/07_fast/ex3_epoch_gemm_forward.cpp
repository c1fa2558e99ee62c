#include <algorithm>
#include <xtensor-blas/xblas.hpp>
#include <xtensor-blas/xlinalg.hpp>
#include <xtensor/xmath.hpp>
#include <xtensor/xnoalias.hpp>
#include <xtensor/xview.hpp>

#include "fast.hpp"
#include "workbook/rng.hpp"

// =============================================================================================
// Exercise 7.3  epoch_gemm_forward
// Seed:      000 "Forward Propagation Algorithm with Bias": Z = X W + 1_N b
// Equation:  Z1 = 1 b1 (gemm of a column of ones and b1), then Z1 += Xb W1 (gemm, beta = 1);
//            the same for Z2 = 1 b2 + A1 W2
// Shapes:    as 7.1; ones: n x 1; Z1: n x H; Z2: n x K  ->  returns the mean batch loss
// Task:      Start from your 7.2 and do the forward products with xt::blas::gemm into buffers
//            that already hold the bias: xt::blas::gemm(ones, net.b1, A1) fills every row with b1,
//            xt::blas::gemm(Xb, net.W1, A1, false, false, 1.0, 1.0) adds Xb W1 to it. No
//            xt::linalg::dot (which returns a new dynamic-rank xarray) and no broadcast add in the
//            forward pass. The backward pass may stay as in 7.2. Same numbers as rung 0 to 1e-12.
// =============================================================================================
double ch7::epoch_gemm_forward(Network& net, const Matrix& X, const Matrix& Y, std::size_t B, double eta,
                               std::uint64_t seed) {
    (void)net, (void)X, (void)Y, (void)B, (void)eta, (void)seed;
    throw wb::not_implemented("7.3", "epoch_gemm_forward");
}
