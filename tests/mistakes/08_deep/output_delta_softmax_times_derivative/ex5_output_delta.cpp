// Mistakes bank, chapter 8, case output_delta_softmax_times_derivative (wrong): softmax + CE (and sigmoid + BCE) delta multiplied by Yhat (1 - Yhat) again
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
        return (Yhat - Y) / (static_cast<double>(c) * n) * activation_prime(fw.A[l], net.arch.f(l));
    return (Yhat - Y) / n * Yhat * (1.0 - Yhat);
}
// [/listing]
