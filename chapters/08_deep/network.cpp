// Chapter 8, given code shared by both sides: names, validation, flattening, accuracy.
// It calls no exercise.
#include <algorithm>
#include <cmath>
#include <string>

#include "deep.hpp"

namespace {
std::string layer(std::size_t k) { return "(" + std::to_string(k) + ")"; }
bool known(ch8::Activation f) {
    switch (f) {
        case ch8::Activation::identity:
        case ch8::Activation::sigmoid:
        case ch8::Activation::tanh:
        case ch8::Activation::relu:
        case ch8::Activation::softmax: return true;
    }
    return false;
}
}  // namespace

std::string ch8::name(Activation f) {
    switch (f) {
        case Activation::identity: return "identity";
        case Activation::sigmoid: return "sigmoid";
        case Activation::tanh: return "tanh";
        case Activation::relu: return "relu";
        case Activation::softmax: return "softmax";
    }
    return "activation " + std::to_string(static_cast<int>(f));
}

std::string ch8::name(Loss loss) {
    switch (loss) {
        case Loss::squared_error: return "squared_error";
        case Loss::binary_cross_entropy: return "binary_cross_entropy";
        case Loss::softmax_cross_entropy: return "softmax_cross_entropy";
    }
    return "loss " + std::to_string(static_cast<int>(loss));
}

ch8::Activation ch8::parse_activation(const std::string& s) {
    for (Activation f : {Activation::identity, Activation::sigmoid, Activation::tanh, Activation::relu, Activation::softmax})
        if (s == name(f)) return f;
    throw wb::argument_error("activation \"" + s + "\" is not known: expected one of identity, sigmoid, tanh, relu, softmax");
}

void ch8::check_activation(Activation f) {
    if (!known(f))
        throw wb::argument_error("activation " + std::to_string(static_cast<int>(f)) +
                                 " is not known: expected one of identity, sigmoid, tanh, relu, softmax");
}

void ch8::check_architecture(const Architecture& arch) {
    const std::size_t l = arch.depth();
    if (l < 1)
        throw wb::argument_error("the architecture should list at least 2 sizes (inputs n_0 and outputs n_l), got " +
                                 std::to_string(arch.sizes.size()));
    for (std::size_t k = 0; k <= l; ++k)
        if (arch.sizes[k] == 0) throw wb::argument_error("layer " + std::to_string(k) + " should have at least 1 unit, got 0");
    if (arch.activations.size() != l)
        throw wb::argument_error("the architecture should have one activation a layer: " + std::to_string(l) +
                                 " (activations[k - 1] = f_k), got " + std::to_string(arch.activations.size()));
    for (std::size_t k = 1; k <= l; ++k) {
        const Activation f = arch.f(k);
        if (!known(f))
            throw wb::argument_error("activation of layer " + std::to_string(k) + ": " + std::to_string(static_cast<int>(f)) +
                                     " is not known: expected one of identity, sigmoid, tanh, relu, softmax");
        if (f == Activation::softmax && k != l)
            throw wb::argument_error("softmax is an output activation: layer " + std::to_string(k) + " of " + std::to_string(l) +
                                     " should be identity, sigmoid, tanh or relu");
    }
    const Activation out = arch.f(l);
    switch (arch.loss) {
        case Loss::squared_error:
            if (out == Activation::softmax)
                throw wb::argument_error("squared_error needs an element-wise output activation, got softmax "
                                         "(use softmax_cross_entropy)");
            break;
        case Loss::binary_cross_entropy:
            if (out != Activation::sigmoid)
                throw wb::argument_error("binary_cross_entropy needs a sigmoid output layer, got " + name(out));
            break;
        case Loss::softmax_cross_entropy:
            if (out != Activation::softmax)
                throw wb::argument_error("softmax_cross_entropy needs a softmax output layer, got " + name(out));
            break;
        default:
            throw wb::argument_error("loss " + std::to_string(static_cast<int>(arch.loss)) +
                                     " is not known: expected squared_error, binary_cross_entropy or softmax_cross_entropy");
    }
}

void ch8::check_network(const Network& net) {
    check_architecture(net.arch);
    const std::size_t l = net.arch.depth();
    if (net.W.size() != l + 1 || net.b.size() != l + 1)
        throw wb::shape_error("W and b should have l + 1 = " + std::to_string(l + 1) + " entries (entry 0 empty, W[k] = W(k)), got " +
                              std::to_string(net.W.size()) + " and " + std::to_string(net.b.size()));
    for (std::size_t k = 1; k <= l; ++k) {
        const std::size_t in = net.arch.sizes[k - 1], out = net.arch.sizes[k];
        wb::require_shape("W" + layer(k), net.W[k], {in, out},
                          "n_" + std::to_string(k - 1) + " x n_" + std::to_string(k) + ": layer " + std::to_string(k - 1) +
                              "'s units x layer " + std::to_string(k) + "'s; the layers must chain");
        wb::require_shape("b" + layer(k), net.b[k], {std::size_t{1}, out}, "1 x n_" + std::to_string(k) + ": a row");
    }
}

void ch8::check_input(const Network& net, const Matrix& X) {
    check_network(net);
    if (X.shape()[0] == 0) throw wb::shape_error("X should have at least one row (sample), got " + wb::shape_str(X.shape()));
    wb::require_shape("X", X, {X.shape()[0], net.arch.sizes[0]}, "samples x inputs n_0");
}

void ch8::check_data(const Network& net, const Matrix& X, const Matrix& Y) {
    check_input(net, X);
    wb::require_shape("Y", Y, {X.shape()[0], net.arch.sizes.back()}, "samples x outputs n_l, one row per row of X");
}

void ch8::check_lambda(double lambda) {
    if (!(lambda >= 0.0) || !std::isfinite(lambda))
        throw wb::argument_error("lambda (the weight decay) should be >= 0 and finite, got " + std::to_string(lambda));
}

void ch8::check_forward(const Network& net, const Forward& fw) {
    const std::size_t l = net.arch.depth();
    if (fw.A.size() != l + 1 || fw.H.size() != l + 1)
        throw wb::shape_error("the forward pass should keep l + 1 = " + std::to_string(l + 1) + " A's and H's (A[0] empty, H[0] = X), got " +
                              std::to_string(fw.A.size()) + " and " + std::to_string(fw.H.size()));
    const std::size_t N = fw.H[0].shape()[0];
    wb::require_shape("H(0)", fw.H[0], {N, net.arch.sizes[0]}, "samples x inputs");
    for (std::size_t k = 1; k <= l; ++k) {
        wb::require_shape("A" + layer(k), fw.A[k], {N, net.arch.sizes[k]}, "samples x n_" + std::to_string(k));
        wb::require_shape("H" + layer(k), fw.H[k], {N, net.arch.sizes[k]}, "samples x n_" + std::to_string(k));
    }
}

ch8::Gradients ch8::zero_gradients(const Network& net) {
    const std::size_t l = net.arch.depth();
    Gradients g;
    g.dW.assign(l + 1, Matrix{});
    g.db.assign(l + 1, Matrix{});
    for (std::size_t k = 1; k <= l; ++k) {
        g.dW[k] = xt::zeros<double>({net.arch.sizes[k - 1], net.arch.sizes[k]});
        g.db[k] = xt::zeros<double>({std::size_t{1}, net.arch.sizes[k]});
    }
    return g;
}

std::vector<double> ch8::flatten(const Gradients& g) {
    std::vector<double> v;
    for (std::size_t k = 1; k < g.dW.size(); ++k) {
        v.insert(v.end(), g.dW[k].cbegin(), g.dW[k].cend());
        if (k < g.db.size()) v.insert(v.end(), g.db[k].cbegin(), g.db[k].cend());
    }
    return v;
}

std::vector<double> ch8::flatten_parameters(const Network& net) { return flatten(Gradients{net.W, net.b}); }

double ch8::accuracy(const Matrix& Yhat, const Matrix& Y) {
    wb::require_shape("Y", Y, {Yhat.shape()[0], Yhat.shape()[1]}, "samples x outputs, as Yhat");
    const std::size_t N = Yhat.shape()[0], c = Yhat.shape()[1];
    if (N == 0) return 0.0;
    std::size_t right = 0;
    for (std::size_t n = 0; n < N; ++n) {
        if (c == 1) {
            right += (Yhat(n, 0) >= 0.5) == (Y(n, 0) >= 0.5);
            continue;
        }
        std::size_t ph = 0, py = 0;
        for (std::size_t k = 1; k < c; ++k) {
            if (Yhat(n, k) > Yhat(n, ph)) ph = k;
            if (Y(n, k) > Y(n, py)) py = k;
        }
        right += ph == py;
    }
    return static_cast<double>(right) / static_cast<double>(N);
}
