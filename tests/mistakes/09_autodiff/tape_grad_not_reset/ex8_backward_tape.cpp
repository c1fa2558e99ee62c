// Mistakes bank, a wrong implementation: gradients not reset between two backward passes
#include <string>
#include <xtensor/xmath.hpp>
#include <xtensor/xview.hpp>

#include "autodiff.hpp"
#include "workbook/given.hpp"

void ch9::backward(Tape& t, Var loss) {
    const Matrix& L = t.node(loss).value;
    if (L.shape()[0] != 1 || L.shape()[1] != 1)
        throw wb::shape_error("backward needs a scalar (1x1) loss, got " + wb::shape_str(L.shape()) +
                              " (node " + std::to_string(loss.id) + ", " + op_name(t.node(loss).op) + "): sum() it or end in a loss node");
    for (auto& n : t.nodes)
        if (n.grad.shape() != n.value.shape()) n.grad = xt::zeros<double>(n.value.shape());  // only the first time
    t.nodes[loss.id].grad(0, 0) = 1.0;
    for (std::size_t i = loss.id + 1; i-- > 0;) {                          // the tape's order reversed
        TensorNode& v = t.nodes[i];
        const Matrix& G = v.grad;
        auto grad_of = [&](std::size_t k) -> Matrix& { return t.nodes[v.parents[k]].grad; };
        auto value_of = [&](std::size_t k) -> const Matrix& { return t.nodes[v.parents[k]].value; };
        switch (v.op) {
            case Op::input: break;
            case Op::matmul: {
                const LinearGrads lg = linear_backward(value_of(0), value_of(1), G);
                grad_of(0) += lg.dX;
                grad_of(1) += lg.dW;
                break;
            }
            case Op::add_bias: {
                grad_of(0) += G;
                grad_of(1) += xt::view(xt::sum(G, {0}), xt::newaxis(), xt::all());
                break;
            }
            case Op::add: grad_of(0) += G; grad_of(1) += G; break;
            case Op::sub: grad_of(0) += G; grad_of(1) -= G; break;
            case Op::sigmoid:
            case Op::tanh:
            case Op::relu: grad_of(0) += activation_backward(v.op, value_of(0), v.value, G); break;
            case Op::square: grad_of(0) += 2.0 * value_of(0) * G; break;
            case Op::scale: grad_of(0) += v.k * G; break;
            case Op::sum: grad_of(0) += G(0, 0); break;
            case Op::softmax_cross_entropy:
                grad_of(0) += G(0, 0) * softmax_cross_entropy_backward(value_of(0), v.target);
                break;
            case Op::sigmoid_cross_entropy: {
                const Matrix& Z = value_of(0);
                Matrix S = xt::empty<double>(Z.shape());
                for (std::size_t j = 0; j < Z.size(); ++j) S.data()[j] = wb::given::sigmoid(Z.data()[j]);
                grad_of(0) += G(0, 0) * (S - v.target);
                break;
            }
        }
    }
}
