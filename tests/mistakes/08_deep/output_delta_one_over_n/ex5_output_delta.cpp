// Mistakes bank, chapter 8, case output_delta_one_over_n (wrong): the squared error delta (Yhat - Y)/N: the c of 1/(cN) dropped
#include "deep.hpp"

// [listing:8.5]
ch8::Matrix ch8::output_delta(const Network& net, const Forward& fw, const Matrix& Y) {
    check_network(net);
    check_forward(net, fw);
    const std::size_t l = net.arch.depth(), N = fw.H[l].shape()[0], c = net.arch.sizes[l];
    wb::require_shape("Y", Y, {N, c}, "samples x outputs n_l, as Yhat");
    const Matrix& Yhat = fw.H[l];
    const double n = static_cast<double>(N);
    if (net.arch.loss == Loss::squared_error)  // dL/dYhat = (Yhat - Y)/(cN), then (x) f'(A(l))
        return (Yhat - Y) / n * activation_prime(fw.A[l], net.arch.f(l));
    return (Yhat - Y) / n;  // sigmoid + binary CE, softmax + CE: the output's derivative cancels
}
// [/listing]
