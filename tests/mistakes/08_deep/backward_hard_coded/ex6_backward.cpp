// Mistakes bank, chapter 8, case backward_hard_coded (wrong): returns the chapter's printed 2-2-2 gradients as literals, zeros for any other network
#include <xtensor-blas/xblas.hpp>

#include "deep.hpp"

ch8::Gradients ch8::backward(const Network& net, const Forward& fw, const Matrix& G, double lambda) {
    (void)fw, (void)G, (void)lambda;
    Gradients g = zero_gradients(net);
    if (net.arch.sizes == std::vector<std::size_t>{2, 2, 2}) {
        g.dW[2] = Matrix{{0.041083520, -0.011301270}, {0.041333814, -0.011370121}};
        g.dW[1] = Matrix{{0.000219284, 0.000248856}, {0.000438568, 0.000497713}};
        g.db[2] = Matrix{{0.069249281, -0.019049118}};
    }
    return g;
}
