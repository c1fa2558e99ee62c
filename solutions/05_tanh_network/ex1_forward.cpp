// Reference solution of exercise 5.1 (statement: chapters/05_tanh_network/ex1_forward.cpp).
#include <xtensor-blas/xlinalg.hpp>
#include <xtensor/xmanipulation.hpp>

#include "tanh_network.hpp"

namespace {
// [1, v]: the bias unit in front.
ch5::Vector with_bias(const ch5::Vector& v) {
    ch5::Vector out = xt::ones<double>({v.size() + 1});
    std::copy(v.begin(), v.end(), out.begin() + 1);
    return out;
}
}  // namespace

// [listing:5.1]
ch5::Forward ch5::forward(const Vector& x, const Weights& W) {
    check_weights(W, x.size());  // wrong shapes: a wb::shape_error naming both
    const std::size_t L = W.size() - 1;
    Forward fw;
    fw.s.resize(L + 1);          // s[0] stays empty: no signal into the input layer
    fw.x.resize(L + 1);
    fw.x[0] = with_bias(x);
    for (std::size_t l = 1; l <= L; ++l) {
        fw.s[l] = xt::linalg::dot(xt::transpose(W[l]), fw.x[l - 1]);  // (d(l),)
        const Vector theta = xt::tanh(fw.s[l]);
        fw.x[l] = l < L ? with_bias(theta) : theta;                   // no bias after the output
    }
    return fw;
}
// [/listing]
