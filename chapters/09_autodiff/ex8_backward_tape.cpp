#include <string>
#include <xtensor/xmath.hpp>
#include <xtensor/xview.hpp>

#include "autodiff.hpp"
#include "workbook/given.hpp"

// =============================================================================================
// Exercise 9.8  backward_tape
// Seed:      001 "Back propagation algorithm" (algorithm 6.4): "information from the cost flows
//            backward to compute the gradient for each parameter"; "Backward Phase" (TensorFlow)
// Equation:  grad(loss) = 1;  for each node v from loss down to the first, for each operand u:
//            grad(u) += the rule of v's op applied to grad(v)   (the chain rule for tensors)
// Shapes:    t: a Tape; loss: a 1 x 1 node  ->  fills t.nodes[i].grad, the shape of each value
// Task:      1. loss must be 1 x 1: otherwise wb::shape_error "backward needs a scalar (1x1) loss,
//               got 3x2". 2. Reset EVERY node's grad to zeros of its value's shape (a second call
//               must not add to the first). 3. Seed grad(loss) = 1 and walk the tape backwards
//               (it is recorded in a topological order) applying each op's rule, accumulating
//               with += (a parameter used twice gets both): matmul and add_bias with your
//               linear_backward (9.5), the activations with 9.6, softmax_cross_entropy with 9.7
//               times grad(loss); add (G, G); sub (G, -G); square 2 Z .* G; scale k G;
//               sum G(0,0) everywhere; sigmoid_cross_entropy (sigma(Z) - t) G(0,0).
// =============================================================================================
void ch9::backward(Tape& t, Var loss) {
    (void)t;
    (void)loss;
    throw wb::not_implemented("9.8", "backward_tape");
}
