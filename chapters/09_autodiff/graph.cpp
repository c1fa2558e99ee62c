// Given code of chapter 9, part 1 (compiled into both sides; it calls no exercise): the scalar
// graph, its ops, seed 001's chain, the ladder, and a renumbering that hides creation order.
#include <cmath>
#include <string>
#include <utility>

#include "autodiff.hpp"
#include "workbook/given.hpp"
#include "workbook/rng.hpp"

namespace ch9 {

const Node& Graph::at(std::size_t id) const {
    if (id >= nodes.size())
        throw wb::graph_error("node " + std::to_string(id) + " does not exist (the graph has " +
                              std::to_string(nodes.size()) + " nodes, ids 0.." +
                              std::to_string(nodes.empty() ? 0 : nodes.size() - 1) + ")");
    return nodes[id];
}

std::size_t Graph::input(const std::string& name, double value) {
    nodes.push_back({name, value, {}, {}});
    return nodes.size() - 1;
}

std::size_t Graph::op(const std::string& name, double value, std::vector<std::size_t> parents, std::vector<double> local) {
    if (parents.size() != local.size())
        throw wb::graph_error("node " + name + ": " + std::to_string(parents.size()) + " parents but " +
                              std::to_string(local.size()) + " local derivatives (one each)");
    for (std::size_t p : parents) (void)at(p);
    nodes.push_back({name, value, std::move(parents), std::move(local)});
    return nodes.size() - 1;
}

ScalarFn sin_fn() {
    return {"sin", [](double x) { return std::sin(x); }, [](double x) { return std::cos(x); }};
}
ScalarFn tanh_fn() {
    return {"tanh", [](double x) { return std::tanh(x); }, [](double x) { return wb::given::tanh_prime(x); }};
}
ScalarFn sigmoid_fn() {
    return {"sigmoid", [](double x) { return wb::given::sigmoid(x); }, [](double x) { return wb::given::sigmoid_prime(x); }};
}

std::size_t add(Graph& g, std::size_t a, std::size_t b) {
    const double va = g.at(a).value, vb = g.at(b).value;
    return g.op(g.at(a).name + "+" + g.at(b).name, va + vb, {a, b}, {1.0, 1.0});
}
std::size_t mul(Graph& g, std::size_t a, std::size_t b) {
    const double va = g.at(a).value, vb = g.at(b).value;
    return g.op(g.at(a).name + "*" + g.at(b).name, va * vb, {a, b}, {vb, va});
}
std::size_t apply(Graph& g, std::size_t x, const ScalarFn& f, const std::string& name) {
    const double v = g.at(x).value;
    return g.op(name, f.f(v), {x}, {f.df(v)});
}
std::size_t apply(Graph& g, std::size_t x, const ScalarFn& f) { return apply(g, x, f, f.name + "(" + g.at(x).name + ")"); }

std::size_t chain(Graph& g, std::size_t w, std::size_t n, const ScalarFn& f) {
    std::size_t x = w;
    for (std::size_t k = 1; k <= n; ++k) x = apply(g, x, f, "x" + std::to_string(k));
    return x;
}

std::size_t ladder(Graph& g, std::size_t x0, std::size_t n) {
    const ScalarFn cos_fn{"cos", [](double x) { return std::cos(x); }, [](double x) { return -std::sin(x); }};
    std::size_t x = x0;
    for (std::size_t k = 1; k <= n; ++k) {
        const std::size_t s = apply(g, x, sin_fn(), "s" + std::to_string(k));
        const std::size_t c = apply(g, x, cos_fn, "c" + std::to_string(k));
        const double vs = g.nodes[s].value, vc = g.nodes[c].value;
        x = g.op("x" + std::to_string(k), vs * vc, {s, c}, {vc, vs});
    }
    return x;
}

Graph shuffled(const Graph& g, std::uint64_t seed, std::vector<std::size_t>* ids) {
    const std::vector<std::size_t> perm = wb::Rng(seed).permutation(g.size());  // perm[old] = new
    Graph out;
    out.nodes.resize(g.size());
    for (std::size_t i = 0; i < g.size(); ++i) {
        Node n = g.nodes[i];
        for (auto& p : n.parents) p = perm.at(p);
        out.nodes[perm[i]] = std::move(n);
    }
    if (ids) *ids = perm;
    return out;
}

}  // namespace ch9
