// Reference solution of exercise 6.5 (statement: chapters/06_minibatch/ex5_gradients.cpp).
#include <xtensor-blas/xblas.hpp>

#include "minibatch.hpp"

// [listing:6.5]
ch6::Gradients ch6::gradients(const Matrix& X, const Forward& f, const Matrix& delta, const Network& net) {
    const std::size_t B = X.shape()[0];
    const Matrix ones = xt::ones<double>({B, std::size_t{1}});  // 1_B: 1_B^T M sums M's rows
    Gradients g;
    g.dW2 = xt::empty<double>(net.W2.shape());
    g.db2 = xt::empty<double>(net.b2.shape());
    xt::blas::gemm(f.H, delta, g.dW2, true);   // dW2 = H^T delta            H x K
    xt::blas::gemm(ones, delta, g.db2, true);  // db2 = 1_B^T delta          1 x K

    // Back through W2 and the sigmoid: delta1 = (delta W2^T) (x) sigma'(Z1), sigma' = H (1 - H).
    Matrix back = xt::empty<double>(f.H.shape());
    xt::blas::gemm(delta, net.W2, back, false, true);  // delta W2^T    B x H
    const Matrix delta1 = back * f.H * (1.0 - f.H);

    g.dW1 = xt::empty<double>(net.W1.shape());
    g.db1 = xt::empty<double>(net.b1.shape());
    xt::blas::gemm(X, delta1, g.dW1, true);     // dW1 = X^T delta1           D x H
    xt::blas::gemm(ones, delta1, g.db1, true);  // db1 = 1_B^T delta1         1 x H
    return g;
}
// [/listing]
