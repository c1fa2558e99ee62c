// Reference solution of exercise 6.2 (statement: chapters/06_minibatch/ex2_forward.cpp).
#include <xtensor-blas/xblas.hpp>
#include <xtensor/xmath.hpp>
#include <xtensor/xview.hpp>

#include "minibatch.hpp"
#include "workbook/given.hpp"

// [listing:6.2]
ch6::Forward ch6::forward(const Matrix& X, const Network& net) {
    check_network(net, X);  // given: wb::shape_error naming both shapes
    const std::size_t B = X.shape()[0], H = net.W1.shape()[1], K = net.W2.shape()[1];
    const Matrix ones = xt::ones<double>({B, std::size_t{1}});  // the column 1_B of seed 000

    // Z1 = X W1 + 1_B b1: first 1_B b1 (every row is b1), then += X W1 (gemm's beta = 1).
    Matrix Z1 = xt::empty<double>({B, H});
    xt::blas::gemm(ones, net.b1, Z1);
    xt::blas::gemm(X, net.W1, Z1, false, false, 1.0, 1.0);
    Forward f;
    f.H = wb::given::sigmoid(Z1);

    // Z2 = H W2 + 1_B b2, then a softmax per row.
    Matrix Z2 = xt::empty<double>({B, K});
    xt::blas::gemm(ones, net.b2, Z2);
    xt::blas::gemm(f.H, net.W2, Z2, false, false, 1.0, 1.0);
    // Stable softmax: subtract each row's maximum first, so that exp never sees a positive number
    // (e^1000 overflows; e^(z - max) <= 1). The maxima are evaluated into a container first:
    // a lazy xt::amax(Z2, {1}, xt::keep_dims) inside the expression gives wrong rows in xtensor 0.24.
    const xt::xtensor<double, 1> row_max = xt::amax(Z2, {1});
    Matrix E = xt::exp(Z2 - xt::view(row_max, xt::all(), xt::newaxis()));
    const xt::xtensor<double, 1> row_sum = xt::sum(E, {1});
    f.P = E / xt::view(row_sum, xt::all(), xt::newaxis());
    return f;
}
// [/listing]
