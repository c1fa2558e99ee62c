#include <xtensor-blas/xblas.hpp>

#include "deep.hpp"

// =============================================================================================
// Exercise 8.3  forward
// Seed:      001 Algorithm 6.3: h(0) = x; for k = 1..l: a(k) = b(k) + W(k) h(k-1), h(k) = f(a(k));
//            yhat = h(l).  000 "Forward Propagation Algorithm with Bias": Z = X W + 1_N b
// Equation:  H(0) = X;  A(k) = H(k-1) W(k) + 1_N b(k);  H(k) = f_k(A(k)),  k = 1..l
//            (the transpose of the seed's column form: a row a^T = h^T W^T + b^T, W(k) stored
//            transposed as n_{k-1} x n_k)
// Shapes:    net: W[k] n_{k-1} x n_k, b[k] 1 x n_k (k = 1..l; entry 0 empty); X: N x n_0 (samples
//            x inputs)  ->  returns Forward{A: l + 1 matrices, A[0] empty, A[k] N x n_k;
//            H: l + 1 matrices, H[0] = X, H[k] N x n_k}
// Task:      Run the whole batch through every layer, keeping each A(k) (backward needs f'(A(k)))
//            and each H(k) (backward needs H(k-1)). f_k is net.arch.f(k); use exercise 8.1.
//            Start with ch8::check_input(net, X): a list of layers that does not chain, or an X
//            of the wrong width, is a wb::shape_error naming the layer.
// =============================================================================================
ch8::Forward ch8::forward(const Network& net, const Matrix& X) {
    (void)net, (void)X;
    throw wb::not_implemented("8.3", "forward");
}
