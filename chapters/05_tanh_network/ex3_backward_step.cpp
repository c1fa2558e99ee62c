#include <xtensor-blas/xlinalg.hpp>
#include <xtensor/xview.hpp>

#include "tanh_network.hpp"
#include "workbook/given.hpp"

// =============================================================================================
// Exercise 5.3  backward_step
// Seed:      004 equation (2), "delta(l) = theta'(s(l)) (x) [W(l+1) delta(l+1)]_1^d(l)", "where
//            the vector [W(l+1) delta(l+1)]_1^d(l) contains components 1, 2, ..., d(l) ...
//            (excluding the bias component which has index 0)"; algorithm box steps 3-4
// Equation:  delta(l) = theta'(s(l)) (x) [W(l+1) delta(l+1)]_(1..d(l)),  (x): element by element
// Shapes:    s: (d(l),) the signal s(l) into layer l; W_next: (1 + d(l)) x d(l+1), the weights
//            W(l+1) out of layer l; delta_next: (d(l+1),) the sensitivity delta(l+1)
//            ->  returns (d(l),)
// Task:      One step of backpropagation, from the sensitivity of layer l + 1 to that of layer l.
//            W(l+1) delta(l+1) (no transpose this time: xt::linalg::dot(W_next, delta_next)) has
//            1 + d(l) components; component 0 belongs to the bias unit, which has no input signal,
//            so drop it (xt::view(v, xt::range(1, xt::placeholders::_))) and keep components 1..d(l).
//            Multiply element by element by theta'(s(l)) = wb::given::tanh_prime(s).
//            (wb::given::tanh_prime is declared in "workbook/given.hpp", included at the top.)
// =============================================================================================
ch5::Vector ch5::backward_step(const Vector& s, const Matrix& W_next, const Vector& delta_next) {
    (void)s, (void)W_next, (void)delta_next;
    throw wb::not_implemented("5.3", "backward_step");
}
