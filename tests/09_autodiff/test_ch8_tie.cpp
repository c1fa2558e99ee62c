// Chapter 9 ties to chapter 8: the engine's gradients of an L-layer network with weight decay equal
// chapter 8's hand-written backward pass (Algorithm 6.4 of seed 001, row layout) to 1e-12. The
// reference is chapter 8's suite's own (tests/08_deep/reference.hpp: plain loops, header-only);
// no chapter-8 library is linked. Compiled only when chapter 8 is in the tree (its header is on the
// include path then: chapters/09_autodiff/CMakeLists.txt).
#include <cmath>
#include <string>
#include <vector>

#include "autodiff.hpp"
#include "workbook/testing.hpp"

#if __has_include("deep.hpp") && __has_include("../08_deep/reference.hpp")
#include "../08_deep/reference.hpp"

namespace {
using wb::test::abs_tol;
using wb::test::check_close;

// Chapter 8's network recorded on the tape: A(k) = H(k-1) W(k) + 1_N b(k), H(k) = f_k(A(k)),
// J = L + lambda/2 sum_k |W(k)|^2 with chapter 8's three losses.
struct Recorded {
    ch9::Tape t;
    std::vector<ch9::Var> W, b;
    ch9::Var J;
};
ch9::Var activate(ch9::Tape& t, ch9::Var A, ch8::Activation f) {
    switch (f) {
        case ch8::Activation::sigmoid: return ch9::sigmoid(t, A);
        case ch8::Activation::tanh: return ch9::tanh(t, A);
        case ch8::Activation::relu: return ch9::relu(t, A);
        default: return A;  // identity (softmax only at the output, inside the loss node)
    }
}
void record(Recorded& r, const ch8::Network& net, const ch9::Matrix& Xv, const ch9::Matrix& Yv, double lambda) {
    ch9::Tape& t = r.t;
    const std::size_t l = net.arch.depth(), N = Xv.shape()[0], c = Yv.shape()[1];
    ch9::Var H = t.input("X", Xv);
    r.W.assign(l + 1, ch9::Var{}), r.b.assign(l + 1, ch9::Var{});
    ch9::Var A{};
    for (std::size_t k = 1; k <= l; ++k) {
        r.W[k] = t.input("W" + std::to_string(k), net.W[k]);
        r.b[k] = t.input("b" + std::to_string(k), net.b[k]);
        A = ch9::add_bias(t, ch9::matmul(t, H, r.W[k]), r.b[k]);
        if (k < l || net.arch.loss == ch8::Loss::squared_error) H = activate(t, A, net.arch.f(k));
    }
    ch9::Var L{};
    const double Nd = static_cast<double>(N);
    if (net.arch.loss == ch8::Loss::squared_error) {
        const ch9::Var Y = t.input("Y", Yv);
        L = ch9::scale(t, ch9::sum(t, ch9::square(t, ch9::sub(t, H, Y))), 1.0 / (2.0 * static_cast<double>(c) * Nd));
    } else if (net.arch.loss == ch8::Loss::binary_cross_entropy) {
        L = ch9::scale(t, ch9::sigmoid_cross_entropy(t, A, Yv), 1.0 / Nd);  // the sigmoid output fused into the loss
    } else {
        L = ch9::softmax_cross_entropy(t, A, Yv);
    }
    ch9::Var penalty = ch9::scale(t, ch9::sum(t, ch9::square(t, r.W[1])), 0.5 * lambda);
    for (std::size_t k = 2; k <= l; ++k)
        penalty = ch9::add(t, penalty, ch9::scale(t, ch9::sum(t, ch9::square(t, r.W[k])), 0.5 * lambda));
    r.J = ch9::add(t, L, penalty, "J");
}
}  // namespace

BOOST_AUTO_TEST_SUITE(ex9_8_backward_tape)

WB_TEST_CASE(ties_chapter_8) {
    // Random depths 1..4, widths 1..6, the three losses, lambda 0 or U[0.01, 0.5) (chapter 8's
    // case generator's ranges), seeds 9801..9812.
    for (std::uint64_t seed = 9801; seed <= 9812; ++seed) {
        wb::Rng rng(seed);
        const ch8::Loss loss = ch8ref::kLosses[seed % 3];
        ch8::Architecture arch;
        arch.loss = loss;
        const std::size_t l = 1 + rng.below(4);
        for (std::size_t k = 0; k <= l; ++k) arch.sizes.push_back(1 + rng.below(6));
        if (loss == ch8::Loss::softmax_cross_entropy && arch.sizes[l] < 2) arch.sizes[l] = 2;
        for (std::size_t k = 1; k < l; ++k) arch.activations.push_back(ch8ref::kElementwise[rng.below(4)]);
        arch.activations.push_back(loss == ch8::Loss::squared_error ? ch8ref::kElementwise[rng.below(4)]
                                   : loss == ch8::Loss::binary_cross_entropy ? ch8::Activation::sigmoid
                                                                              : ch8::Activation::softmax);
        const ch8::Network net = ch8ref::random_network(rng, arch);
        const std::size_t N = 1 + rng.below(7);
        const ch9::Matrix X = rng.normal_matrix(N, arch.sizes[0]);
        const ch9::Matrix Y = ch8ref::random_targets(rng, loss, N, arch.sizes[l]);
        const double lambda = rng.below(3) == 0 ? 0.0 : rng.uniform(0.01, 0.5);
        Recorded r;
        record(r, net, X, Y, lambda);
        ch9::backward(r.t, r.J);
        const std::string at = " (seed " + std::to_string(seed) + ", depth " + std::to_string(l) + ", N = " + std::to_string(N) + ")";
        check_close("J" + at, r.t.value(r.J)(0, 0), ch8ref::J(net, X, Y, lambda), abs_tol(1e-12, "the same cost, two ways"));
        const ch8::Gradients ref = ch8ref::gradients(net, X, Y, lambda);
        // W(k) feeds its matmul and the decay's square (fan-out). The square is recorded later, so the
        // backward walk reaches it first: a matmul rule that assigns (=) instead of adding (+=)
        // throws away lambda W(k) and leaves the data part alone.
        const ch8::Gradients overwritten = ch8ref::gradients(net, X, Y, lambda, ch8ref::Variant::no_decay);
        for (std::size_t k = 1; k <= l; ++k) {
            check_close("dJ/dW(" + std::to_string(k) + ") engine vs chapter 8" + at, r.t.grad(r.W[k]), ref.dW[k],
                        abs_tol(1e-12, "the tie: the same gradient by two methods"), "n_{k-1} x n_k",
                        {{"W's grad assigned (=) at its matmul, which drops the decay's lambda W already added there (+= is due: W feeds "
                          "the matmul and the penalty's square)",
                          overwritten.dW[k]}});
            check_close("dJ/db(" + std::to_string(k) + ") engine vs chapter 8" + at, r.t.grad(r.b[k]), ref.db[k],
                        abs_tol(1e-12, "the tie"), "1 x n_k");
        }
    }
}

BOOST_AUTO_TEST_SUITE_END()
#endif
