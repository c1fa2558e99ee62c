// Mistakes bank, a wrong implementation: the bias gradient not summed over the batch
#include <string>
#include <xtensor-blas/xlinalg.hpp>
#include <xtensor/xmath.hpp>
#include <xtensor/xview.hpp>

#include "autodiff.hpp"

ch9::LinearGrads ch9::linear_backward(const Matrix& X, const Matrix& W, const Matrix& G) {
    const std::size_t B = X.shape()[0], D = X.shape()[1], K = W.shape()[1];
    wb::require_shape("W", W, {D, K}, "inputs x outputs: one row per column of X, which is " + wb::shape_str(X.shape()));
    wb::require_shape("G", G, {B, K}, "samples x outputs, the shape of Z = X W");
    LinearGrads r;
    r.dX = xt::linalg::dot(G, xt::transpose(W));   // B x K  K x D
    r.dW = xt::linalg::dot(xt::transpose(X), G);   // D x B  B x K
    r.db = xt::view(G, xt::range(0, 1), xt::all());                  // one sample only
    return r;
}
