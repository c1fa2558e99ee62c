#include "classification.hpp"

// =============================================================================================
// Exercise 4.3  output_delta
// Seed:      000 "FP+BP (Binary Classification)": delta(3) = (f(X, W) - t) [t in 1 or 0 code];
//            002 "Step 1": delta[N] = grad_z L, "sometimes we may compute this term directly"
// Equation:  delta3 = dL/dZ3 = f - t
//            (dL/df = (f - t) / (f (1 - f)) and sigma'(Z3) = f (1 - f): the two cancel)
// Shapes:    f: N x 1 (samples x outputs); t: N x 1 (samples x outputs)  ->  returns N x 1
// Task:      Return the output delta of the cross-entropy loss with a sigmoid output. In chapter 3
//            (squared loss) delta3 = (f - t) .* sigma'(Z3); here sigma'(Z3) = f (1 - f) has
//            already cancelled against the 1 / (f (1 - f)) of dL/df (README, "Why sigma'
//            cancels"): do not multiply by it again. Mind the sign: f - t, not t - f.
// =============================================================================================
ch4::Matrix ch4::output_delta(const Matrix& f, const Matrix& t) {
    (void)f, (void)t;
    throw wb::not_implemented("4.3", "output_delta");
}
