#include "tanh_network.hpp"

// =============================================================================================
// Exercise 5.4  sensitivities
// Seed:      004 algorithm box "Backpropagation to compute sensitivities delta(l)": step 1
//            [Initialization] delta(L), step 2 "for l = L - 1 to 1 do" [Back-Propagation];
//            "delta(1) <- delta(2) ... <- delta(L-1) <- delta(L)"
// Equation:  delta(L) = 2 (x(L) - y) theta'(s(L));
//            delta(l) = theta'(s(l)) (x) [W(l+1) delta(l+1)]_(1..d(l))   for l = L-1, ..., 1
// Shapes:    fw: the Forward of one point (s[l]: (d(l),), x[l]); W: L + 1 entries, W[0] empty,
//            W[l]: (1 + d(l-1)) x d(l); y: the point's target  ->  returns L + 1 entries,
//            delta[0] empty, delta[l]: (d(l),)
// Task:      Run backpropagation for one data point: seed the sensitivity of the output layer
//            with your output_sensitivity (5.2), then step backwards with your backward_step
//            (5.3), from layer L - 1 down to layer 1. Layer l's step uses s(l), the weights
//            W(l+1) that leave layer l, and delta(l+1). L = W.size() - 1. Return the list indexed
//            by layer (delta[0] stays empty: the input layer has no signal).
// =============================================================================================
ch5::Sensitivities ch5::sensitivities(const Forward& fw, const Weights& W, double y) {
    (void)fw, (void)W, (void)y;
    throw wb::not_implemented("5.4", "sensitivities");
}
