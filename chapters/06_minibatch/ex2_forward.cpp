#include <xtensor-blas/xblas.hpp>
#include <xtensor/xmath.hpp>
#include <xtensor/xview.hpp>

#include "minibatch.hpp"
#include "workbook/given.hpp"

// =============================================================================================
// Exercise 6.2  forward
// Seed:      000 "Forward Propagation Algorithm with Bias": Z(2) = X W(1) + 1_N b(1), a = sigma(Z);
//            002 "Nonlinearities": multiclass classification, g(x) = softmax(x) at the output
// Equation:  H = sigma(X W1 + 1_B b1);   Z2 = H W2 + 1_B b2;
//            P[n, k] = e^(Z2[n, k] - m_n) / sum_j e^(Z2[n, j] - m_n),  m_n = max_j Z2[n, j]
// Shapes:    X: B x D (samples x inputs); net.W1: D x H; net.b1: 1 x H; net.W2: H x K; net.b2: 1 x K
//            ->  returns Forward{H: B x H (samples x hidden), P: B x K (samples x classes)}
// Task:      Start with check_network(net, X) (given: wb::shape_error naming both shapes). Then
//            the forward pass of the whole batch at once: the hidden layer uses the workbook's
//            sigmoid wb::given::sigmoid, the output a softmax per row (every row of P sums to 1).
//            Subtract each row's maximum before exp: the result is the same, but e^1000 overflows
//            (inf / inf = NaN) and e^(z - max) <= 1 never does. Products through xt::linalg::dot
//            or xt::blas::gemm (<xtensor-blas/xblas.hpp>); evaluate a row reduction such as
//            xt::amax(Z2, {1}) into an xt::xtensor<double, 1> before you subtract it.
//            (wb::given::sigmoid is declared in "workbook/given.hpp", included at the top.)
// =============================================================================================
ch6::Forward ch6::forward(const Matrix& X, const Network& net) {
    (void)X, (void)net;
    throw wb::not_implemented("6.2", "forward");
}
