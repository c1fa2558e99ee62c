// Reference solution of exercise 9.5 (statement: chapters/09_autodiff/ex5_linear_backward.cpp).
#include <string>
#include <xtensor-blas/xlinalg.hpp>
#include <xtensor/xmath.hpp>
#include <xtensor/xview.hpp>

#include "autodiff.hpp"

// [listing:9.5]
ch9::LinearGrads ch9::linear_backward(const Matrix& X, const Matrix& W, const Matrix& G) {
    const std::size_t B = X.shape()[0], D = X.shape()[1], K = W.shape()[1];
    wb::require_shape("W", W, {D, K}, "inputs x outputs: one row per column of X, which is " + wb::shape_str(X.shape()));
    wb::require_shape("G", G, {B, K}, "samples x outputs, the shape of Z = X W");
    LinearGrads r;
    r.dX = xt::linalg::dot(G, xt::transpose(W));   // B x K  K x D
    r.dW = xt::linalg::dot(xt::transpose(X), G);   // D x B  B x K
    r.db = xt::view(xt::sum(G, {0}), xt::newaxis(), xt::all());   // 1_B^T G: every row of G adds to b's gradient
    return r;
}
// [/listing]
