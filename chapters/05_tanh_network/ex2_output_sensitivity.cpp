#include "tanh_network.hpp"
#include "workbook/given.hpp"

// =============================================================================================
// Exercise 5.2  output_sensitivity
// Seed:      004 "delta(L) = de/ds(L) = d/ds(L) (x(L) - y)^2 = 2 (x(L) - y) dx(L)/ds(L) =
//            2 (x(L) - y) theta'(s(L))"; algorithm box step 1 [Initialization]
// Equation:  delta(L) = 2 (x(L) - y) theta'(s(L)),   theta'(s) = 1 - tanh^2(s) = 1 - x(L)^2
// Shapes:    sL: (1,) the signal into the output node s(L); xL: (1,) its output x(L) = tanh(s(L));
//            y: the target, a scalar  ->  returns (1,)
// Task:      Return the sensitivity of the point's error e = (x(L) - y)^2 to the output's
//            signal s(L). The error has no 1/2 in seed 004, so the 2 of the square's derivative
//            stays. theta' is the slope at s(L): wb::given::tanh_prime(sL), or 1 - xL^2 (the
//            same number, seed 004 step 1) -- but not 1 - sL^2. Seed 004's example:
//            sL = -0.8031, xL = -0.6658, y = 1 give delta(3) = -1.855.
//            (wb::given::tanh_prime is declared in "workbook/given.hpp", included at the top.)
// =============================================================================================
ch5::Vector ch5::output_sensitivity(const Vector& sL, const Vector& xL, double y) {
    (void)sL, (void)xL, (void)y;
    throw wb::not_implemented("5.2", "output_sensitivity");
}
