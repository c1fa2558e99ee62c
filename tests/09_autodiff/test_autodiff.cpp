// Chapter 9 suite: a reverse-mode autodiff, scalar graphs then tensors, tied to chapters 3, 4 and 6.
//
// Where the expected numbers come from:
//   * seed 001's chain z = f(f(f(w))): dz/dw = f'(f(f(w))) f'(f(w)) f'(w), evaluated here with f = sin;
//   * hand cases (x * x at x = 3: 6; a 2-class softmax at Z = 0: P = 1/2);
//   * the references of tests/09_autodiff/reference.hpp (other algorithms: memoised recursion over
//     the children, path counts by table, loops for the tensor rules);
//   * central finite differences (wb::test::numerical_gradient, h = 1e-6);
//   * chapters 3, 4 and 6: their suites' reference loops (copied into reference.hpp) and their
//     documented numbers, to 1e-12;
//   * random graphs and sizes from wb::Rng with printed seeds, so that a hard-coded answer fails.
#include <cmath>
#include <cstdint>
#include <set>
#include <stdexcept>
#include <string>
#include <vector>

#include <xtensor/xadapt.hpp>
#include <xtensor/xbuilder.hpp>
#include <xtensor/xmath.hpp>

#include "autodiff.hpp"
#include "reference.hpp"
#include "workbook/csv.hpp"
#include "workbook/testing.hpp"

using ch9::Matrix;
using wb::test::abs_tol;
using wb::test::check_close;
using wb::test::expect_error;
using wb::test::rel_tol;

namespace {
xt::xarray<double> arr(const std::vector<double>& v) { return xt::adapt(v, {v.size()}); }

const char* kRound = "a few roundings: the same products summed in another order";
const char* kFd = "central differences with h = 1e-6: truncation ~h^2, rounding ~eps/h ~ 1e-10";

// Seed 001's chain with f = sin at w: the graph and its output.
struct Chain {
    ch9::Graph g;
    std::size_t w = 0, z = 0;
};
Chain seed_chain(double w, std::size_t n) {
    Chain c;
    c.w = c.g.input("w", w);
    c.z = ch9::chain(c.g, c.w, n, ch9::sin_fn());
    return c;
}
struct Ladder {
    ch9::Graph g;
    std::size_t x0 = 0, out = 0;
};
Ladder make_ladder(double x0, std::size_t n) {
    Ladder l;
    l.x0 = l.g.input("x0", x0);
    l.out = ch9::ladder(l.g, l.x0, n);
    return l;
}

// Checks an order with the reference's rules; reports what is wrong.
void check_order(const std::string& what, const ch9::Graph& g, std::size_t output, const std::vector<std::size_t>& order) {
    const std::string problem = ch9ref::order_problem(g, output, order);
    BOOST_TEST(problem.empty(), wb::test::current_exercise() << ": " << what << ": " << problem);
}

// A tape that uses every op, for finite differences on the tape's backward pass.
struct AllOps {
    ch9::Tape t;
    ch9::Var X, W, b, V, loss;
};
// loss = sum(square(tanh(XW + b) - relu(XW + b))) * 0.5 + sum(sigmoid(XW + b) .* ...) built from ops.
// A (P - Y)/B that is wrong with rows that do not sum to 0 (P's rows sum to 1, one-hot Y's too),
// or Inf, NaN: the mark of xtensor 0.24.3's lazy row reducers, whose wrong values depend on memory
// and cannot be reproduced here.
void lazy_reducer_guess(const std::string& what, const Matrix& got, const Matrix& Z, const Matrix& Y) {
    const double B = static_cast<double>(Z.shape()[0]);
    const Matrix right = (ch9ref::softmax_rows(Z) - Y) / B;
    if (got.shape() != right.shape()) return;
    bool wrong = false, rows_off = false;
    for (std::size_t i = 0; i < got.size(); ++i) wrong |= !(std::abs(got.flat(i) - right.flat(i)) <= 1e-12);  // a NaN is wrong
    for (std::size_t n = 0; wrong && n < got.shape()[0]; ++n) {
        double s = 0.0;
        for (std::size_t k = 0; k < got.shape()[1]; ++k) s += got(n, k);
        rows_off |= !(std::abs(s) <= 1e-9);
    }
    if (rows_off)
        BOOST_TEST(false, wb::test::current_exercise()
                              << ": " << what << ": rows that do not sum to 0 (P's rows sum to 1): guess (not a verdict): if a row's maximum or sum"
                                 " comes from xt::amax or xt::sum with xt::keep_dims used unevaluated inside a bigger expression"
                                 " (Z - xt::amax(Z, {1}, xt::keep_dims), e / xt::sum(e, {1}, xt::keep_dims)), xtensor 0.24.3 broadcasts it"
                                 " wrongly: evaluate it into a Matrix first; otherwise, is every row of P divided by its own sum?");
}

AllOps all_ops(const Matrix& X, const Matrix& W, const Matrix& b, const Matrix& V) {
    AllOps a;
    a.X = a.t.input("X", X), a.W = a.t.input("W", W), a.b = a.t.input("b", b), a.V = a.t.input("V", V);
    const ch9::Var Z = ch9::add_bias(a.t, ch9::matmul(a.t, a.X, a.W), a.b, "Z");
    const ch9::Var T = ch9::tanh(a.t, Z), R = ch9::relu(a.t, Z), S = ch9::sigmoid(a.t, Z);
    const ch9::Var D = ch9::sub(a.t, T, R);
    const ch9::Var part1 = ch9::scale(a.t, ch9::sum(a.t, ch9::square(a.t, D)), 0.5);
    const ch9::Var part2 = ch9::sum(a.t, ch9::matmul(a.t, S, a.V));     // V: K x 1, S V: B x 1
    a.loss = ch9::add(a.t, part1, part2, "loss");
    return a;
}
double all_ops_loss(const Matrix& X, const Matrix& W, const Matrix& b, const Matrix& V) {
    AllOps a = all_ops(X, W, b, V);
    return a.t.value(a.loss)(0, 0);
}
}  // namespace

// =================================================================================================
BOOST_AUTO_TEST_SUITE(ex9_1_topological_order)

WB_TEST_CASE(seed_001_chain) {
    // w -> x1 -> x2 -> x3: the only order is w, x1, x2, x3.
    const Chain c = seed_chain(0.7, 3);
    const std::vector<std::size_t> order = ch9::topological_order(c.g, c.z);
    check_close("order of the chain (node ids)", arr(std::vector<double>(order.begin(), order.end())), arr({0, 1, 2, 3}),
                abs_tol(0, "node ids"));
}

WB_TEST_CASE(shuffled_graphs) {
    // Random graphs renumbered so that ids are not a topological order (seed printed by the name).
    for (std::uint64_t seed : {901u, 902u, 903u}) {
        wb::Rng rng(seed);
        const auto r = ch9ref::random_graph(rng, 2 + rng.below(3), 10 + rng.below(20), seed * 7);
        check_order("random graph, seed " + std::to_string(seed), r.g, r.output, ch9::topological_order(r.g, r.output));
    }
}

WB_TEST_CASE(only_the_ancestors) {
    // Two outputs; the order for one must leave out what only the other depends on.
    ch9::Graph g;
    const auto a = g.input("a", 1.0), b = g.input("b", 2.0);
    const auto u = ch9::mul(g, a, a);
    const auto v = ch9::apply(g, b, ch9::sin_fn());
    (void)v;
    const auto order = ch9::topological_order(g, u);
    check_order("order for u = a * a (b and sin(b) do not belong)", g, u, order);
}

WB_TEST_CASE(cycle_is_an_error) {
    ch9::Graph g;
    const auto a = g.input("a", 1.0);
    const auto b = ch9::apply(g, a, ch9::sin_fn(), "b");
    const auto c = ch9::apply(g, b, ch9::sin_fn(), "c");
    g.nodes[a].parents = {c};  // a <- c <- b <- a
    g.nodes[a].local = {1.0};
    expect_error<wb::graph_error>("topological_order on a <- c <- b <- a", [&] { ch9::topological_order(g, c); }, {"cycle"},
                                  "wb::graph_error");
}

WB_TEST_CASE(unknown_output_is_an_error) {
    const Chain c = seed_chain(0.1, 2);
    expect_error<wb::graph_error>("topological_order(g, 17) on a 3-node graph", [&] { ch9::topological_order(c.g, 17); },
                                  {"17"}, "wb::graph_error");
}

WB_TEST_CASE(long_chain) {
    // 20000 nodes: a walk that visits a node more than once per edge (or searches the order for
    // each node) is quadratic and runs out of time; a depth-first walk, recursive or not, is linear.
    const Chain c = seed_chain(0.5, 20000);
    const auto order = ch9::topological_order(c.g, c.z);
    BOOST_TEST(order.size() == c.g.size());
    BOOST_TEST(order.front() == c.w);
    BOOST_TEST(order.back() == c.z);
}

BOOST_AUTO_TEST_SUITE_END()

// =================================================================================================
BOOST_AUTO_TEST_SUITE(ex9_2_backward)

WB_TEST_CASE(seed_001_chain_first) {
    // z = f(f(f(w))), f = sin, w = 0.7: dz/dw = f'(f(f(w))) f'(f(w)) f'(w) (seed 001).
    const double w = 0.7;
    const double expected = std::cos(std::sin(std::sin(w))) * std::cos(std::sin(w)) * std::cos(w);
    const Chain c = seed_chain(w, 3);
    const std::vector<double> adj = ch9::backward(c.g, c.z);
    BOOST_TEST_REQUIRE(adj.size() == c.g.size(), "backward must return one adjoint per node (" << c.g.size() << ")");
    check_close("dz/dw", adj[c.w], expected, rel_tol(1e-15, "the same three products"));
    check_close("dz/dz", adj[c.z], 1.0, abs_tol(0, "the seed of the backward pass"));
    check_close("dz/dx1 = f'(x2) f'(x1)", adj[1], std::cos(std::sin(std::sin(w))) * std::cos(std::sin(w)), rel_tol(1e-15, "two products"));
}

WB_TEST_CASE(fan_out_accumulates) {
    // z = x * x at x = 3: dz/dx = 3 + 3 = 6; overwriting the adjoint gives 3.
    ch9::Graph g;
    const auto x = g.input("x", 3.0);
    const auto z = ch9::mul(g, x, x);
    check_close("d(x*x)/dx at 3", ch9::backward(g, z)[x], 6.0, abs_tol(0, "exact"),
                {{"the adjoint overwritten at fan-out (one edge of two)", 3.0}});
    // y = sin(w), z = y * w + y: w used twice, y used twice.
    ch9::Graph h;
    const double wv = 0.4;
    const auto w = h.input("w", wv);
    const auto y = ch9::apply(h, w, ch9::sin_fn());
    const auto out = ch9::add(h, ch9::mul(h, y, w), y);
    const double expected = std::cos(wv) * wv + std::sin(wv) + std::cos(wv);
    check_close("d(sin(w) w + sin(w))/dw", ch9::backward(h, out)[w], expected, rel_tol(1e-15, "three products"),
                {{"the adjoint overwritten at fan-out", ch9ref::adjoints_overwritten(h, out, {0, 1, 2, 3})[w]}});
}

WB_TEST_CASE(shuffled_graphs_against_the_reference) {
    for (std::uint64_t seed : {921u, 922u, 923u, 924u}) {
        wb::Rng rng(seed);
        const auto r = ch9ref::random_graph(rng, 3, 15 + rng.below(25), seed + 1);
        const std::vector<double> expected = ch9ref::adjoints(r.g, r.output);
        const std::vector<double> got = ch9::backward(r.g, r.output);
        BOOST_TEST_REQUIRE(got.size() == r.g.size());
        check_close("adjoints of random graph " + std::to_string(seed), arr(got), arr(expected), abs_tol(1e-12, kRound), "nodes",
                    {{"nodes visited in creation order (ids), not a topological order", arr(ch9ref::adjoints_creation_order(r.g, r.output))}});
    }
}

WB_TEST_CASE(ladder_finite_differences) {
    const double x0 = 0.3;
    for (std::size_t n : {1u, 4u, 7u}) {
        const Ladder l = make_ladder(x0, n);
        const double h = 1e-6;
        const double fd = (ch9ref::ladder_value(x0 + h, n) - ch9ref::ladder_value(x0 - h, n)) / (2 * h);
        check_close("d x_n / d x_0 on a ladder of " + std::to_string(n), ch9::backward(l.g, l.out)[l.x0], fd, abs_tol(1e-9, kFd));
    }
}

WB_TEST_CASE(unrelated_nodes_are_zero) {
    ch9::Graph g;
    const auto a = g.input("a", 1.0), b = g.input("b", 2.0);
    const auto u = ch9::mul(g, a, a);
    const auto v = ch9::mul(g, b, u);
    (void)v;
    const auto adj = ch9::backward(g, u);
    check_close("adjoints for u = a * a (b and b * u do not lead to u)", arr(adj), arr({2.0, 0.0, 1.0, 0.0}), abs_tol(0, "exact"));
}

WB_TEST_CASE(cycle_is_an_error) {
    ch9::Graph g;
    const auto a = g.input("a", 1.0);
    const auto b = ch9::mul(g, a, a);
    g.nodes[a].parents = {b};
    g.nodes[a].local = {2.0};
    expect_error<wb::graph_error>("backward on a <- b <- a", [&] { ch9::backward(g, b); }, {"cycle"}, "wb::graph_error");
}

BOOST_AUTO_TEST_SUITE_END()

// =================================================================================================
BOOST_AUTO_TEST_SUITE(ex9_3_path_by_path)

WB_TEST_CASE(seed_001_chain) {
    // One path of n edges: n evaluations, the same derivative as backward.
    const double w = 0.7;
    const Chain c = seed_chain(w, 3);
    const ch9::PathByPath r = ch9::path_by_path(c.g, c.z, c.w);
    check_close("dz/dw", r.derivative, std::cos(std::sin(std::sin(w))) * std::cos(std::sin(w)) * std::cos(w), rel_tol(1e-15, "three products"));
    check_close("paths", static_cast<double>(r.paths), 1.0, abs_tol(0, "a count"));
    check_close("evaluations", static_cast<double>(r.evaluations), 3.0, abs_tol(0, "a count"));
}

WB_TEST_CASE(ladder_doubles) {
    // n rungs: 2^n paths of 2n edges each: 2n 2^n evaluations.
    for (std::size_t n : {1u, 3u, 6u, 10u}) {
        const Ladder l = make_ladder(0.3, n);
        const ch9::PathByPath r = ch9::path_by_path(l.g, l.out, l.x0);
        const double paths = std::ldexp(1.0, static_cast<int>(n));
        check_close("paths, ladder of " + std::to_string(n), static_cast<double>(r.paths), paths, abs_tol(0, "a count"));
        check_close("evaluations, ladder of " + std::to_string(n), static_cast<double>(r.evaluations), 2.0 * n * paths,
                    abs_tol(0, "a count"), {{"one evaluation per path, not one per edge of it", paths}});
        const double h = 1e-6;
        const double fd = (ch9ref::ladder_value(0.3 + h, n) - ch9ref::ladder_value(0.3 - h, n)) / (2 * h);
        check_close("derivative, ladder of " + std::to_string(n), r.derivative, fd, abs_tol(1e-9, kFd));
    }
}

WB_TEST_CASE(repeated_parent_is_two_paths) {
    ch9::Graph g;
    const auto x = g.input("x", 3.0);
    const auto z = ch9::mul(g, x, x);
    const ch9::PathByPath r = ch9::path_by_path(g, z, x);
    check_close("paths of x * x", static_cast<double>(r.paths), 2.0, abs_tol(0, "a count"));
    check_close("d(x*x)/dx", r.derivative, 6.0, abs_tol(0, "exact"));
}

WB_TEST_CASE(random_graphs_against_the_table) {
    for (std::uint64_t seed : {931u, 932u, 933u}) {
        wb::Rng rng(seed);
        const auto r = ch9ref::random_graph(rng, 2, 12 + rng.below(10), seed + 3);
        for (std::size_t leaf : r.leaves) {
            const ch9::PathByPath got = ch9::path_by_path(r.g, r.output, leaf);
            const ch9ref::PathTable ref = ch9ref::path_table(r.g, r.output, leaf);
            const std::string at = " (random graph " + std::to_string(seed) + ", leaf " + std::to_string(leaf) + ")";
            check_close("paths" + at, static_cast<double>(got.paths), ref.paths, abs_tol(0, "a count"));
            check_close("evaluations" + at, static_cast<double>(got.evaluations), ref.evaluations, abs_tol(0, "a count"));
            check_close("derivative" + at, got.derivative, ref.derivative, abs_tol(1e-12, kRound));
        }
    }
}

WB_TEST_CASE(no_path_and_same_node) {
    ch9::Graph g;
    const auto a = g.input("a", 1.0), b = g.input("b", 2.0);
    const auto u = ch9::apply(g, a, ch9::sin_fn());
    const ch9::PathByPath none = ch9::path_by_path(g, u, b);
    check_close("du/db (no path)", none.derivative, 0.0, abs_tol(0, "exact"));
    check_close("paths from b to u", static_cast<double>(none.paths), 0.0, abs_tol(0, "a count"));
    const ch9::PathByPath self = ch9::path_by_path(g, u, u);
    check_close("du/du", self.derivative, 1.0, abs_tol(0, "exact"));
    check_close("evaluations for du/du", static_cast<double>(self.evaluations), 0.0, abs_tol(0, "a count"));
}

WB_TEST_CASE(cycle_is_an_error) {
    ch9::Graph g;
    const auto a = g.input("a", 1.0);
    const auto b = ch9::mul(g, a, a);
    g.nodes[a].parents = {b};
    g.nodes[a].local = {2.0};
    expect_error<wb::graph_error>("path_by_path on a <- b <- a", [&] { ch9::path_by_path(g, b, a); }, {"cycle"}, "wb::graph_error");
}

BOOST_AUTO_TEST_SUITE_END()

// =================================================================================================
BOOST_AUTO_TEST_SUITE(ex9_4_chain_checkpointed)

namespace {
// f = sin with a counter: the test counts the forward evaluations itself.
ch9::ScalarFn counted_sin(std::size_t& calls) {
    return {"sin", [&calls](double x) { ++calls; return std::sin(x); }, [](double x) { return std::cos(x); }};
}
double chain_grad(double w, std::size_t n) {
    std::vector<double> x(n + 1, w);
    for (std::size_t j = 0; j < n; ++j) x[j + 1] = std::sin(x[j]);
    double g = 1.0;
    for (std::size_t j = n; j-- > 0;) g *= std::cos(x[j]);
    return g;
}
std::size_t expected_calls(std::size_t n, std::size_t every) {
    std::size_t c = n;
    for (std::size_t j = 0; j < n; ++j) c += j % every;
    return c;
}
}  // namespace

WB_TEST_CASE(seed_001_chain_every_step_kept) {
    std::size_t calls = 0;
    const double w = 0.7;
    const ch9::ChainRun r = ch9::chain_checkpointed(w, 3, counted_sin(calls), 1);
    check_close("z = sin(sin(sin(w)))", r.z, std::sin(std::sin(std::sin(w))), rel_tol(1e-15, "the same three calls"));
    check_close("dz/dw", r.dz_dw, std::cos(std::sin(std::sin(w))) * std::cos(std::sin(w)) * std::cos(w), rel_tol(1e-15, "three products"));
    check_close("values kept (every = 1)", static_cast<double>(r.values_kept), 3.0, abs_tol(0, "x0, x1, x2"));
    check_close("calls of f (every = 1)", static_cast<double>(calls), 3.0, abs_tol(0, "the forward pass only"));
}

WB_TEST_CASE(full_recomputation) {
    // every = n: only w kept; x_j recomputed from w: n + n(n-1)/2 calls.
    std::size_t calls = 0;
    const std::size_t n = 40;
    const ch9::ChainRun r = ch9::chain_checkpointed(0.9, n, counted_sin(calls), n);
    check_close("dz/dw", r.dz_dw, chain_grad(0.9, n), rel_tol(1e-14, "the same products in the same order"));
    check_close("values kept (every = n)", static_cast<double>(r.values_kept), 1.0, abs_tol(0, "w alone"));
    check_close("calls of f (every = n)", static_cast<double>(calls), static_cast<double>(n + n * (n - 1) / 2), abs_tol(0, "a count"));
}

WB_TEST_CASE(checkpoints_random_sizes) {
    wb::Rng rng(940);
    for (int i = 0; i < 5; ++i) {
        const std::size_t n = 1 + rng.below(200), every = 1 + rng.below(n + 3);
        const double w = rng.uniform(-2.0, 2.0);
        std::size_t calls = 0;
        const ch9::ChainRun r = ch9::chain_checkpointed(w, n, counted_sin(calls), every);
        const std::string at = " (n = " + std::to_string(n) + ", every = " + std::to_string(every) + ")";
        check_close("dz/dw" + at, r.dz_dw, chain_grad(w, n), rel_tol(1e-13, "the same products"));
        check_close("z" + at, r.z, ch9ref::chain_value(w, n), rel_tol(1e-15, "the same calls"));
        check_close("values kept" + at, static_cast<double>(r.values_kept), static_cast<double>((n + every - 1) / every),
                    abs_tol(0, "ceil(n / every)"));
        check_close("calls of f" + at, static_cast<double>(calls), static_cast<double>(expected_calls(n, every)),
                    abs_tol(0, "n + sum_j (j mod every)"));
    }
}

WB_TEST_CASE(finite_differences_tanh) {
    const std::size_t n = 12;
    const ch9::ChainRun r = ch9::chain_checkpointed(0.4, n, ch9::tanh_fn(), 5);
    auto z = [&](double w) {
        for (std::size_t k = 0; k < n; ++k) w = std::tanh(w);
        return w;
    };
    check_close("dz/dw, tanh chain", r.dz_dw, (z(0.4 + 1e-6) - z(0.4 - 1e-6)) / 2e-6, abs_tol(1e-9, kFd));
}

WB_TEST_CASE(empty_chain_and_bad_every) {
    const ch9::ChainRun r = ch9::chain_checkpointed(0.3, 0, ch9::sin_fn(), 4);
    check_close("z for n = 0", r.z, 0.3, abs_tol(0, "z = w"));
    check_close("dz/dw for n = 0", r.dz_dw, 1.0, abs_tol(0, "dw/dw"));
    expect_error<wb::argument_error>("every = 0", [] { ch9::chain_checkpointed(0.3, 5, ch9::sin_fn(), 0); }, {"every"},
                                        "wb::argument_error");
}

BOOST_AUTO_TEST_SUITE_END()

// =================================================================================================
BOOST_AUTO_TEST_SUITE(ex9_5_linear_backward)

WB_TEST_CASE(hand_case) {
    // X = [[1, 2]], W = [[3], [4]], G = [[2]]: dX = G W^T = [[6, 8]], dW = X^T G = [[2], [4]], db = [[2]].
    const ch9::LinearGrads g = ch9::linear_backward(Matrix{{1, 2}}, Matrix{{3}, {4}}, Matrix{{2}});
    check_close("dX", g.dX, Matrix{{6, 8}}, abs_tol(0, "exact"), "samples x inputs");
    check_close("dW", g.dW, Matrix{{2}, {4}}, abs_tol(0, "exact"), "inputs x outputs");
    check_close("db", g.db, Matrix{{2}}, abs_tol(0, "exact"), "1 x outputs");
}

WB_TEST_CASE(random_sizes_against_loops) {
    wb::Rng rng(950);
    const std::size_t B = 2 + rng.below(6), D = 1 + rng.below(5), K = 1 + rng.below(5);
    const Matrix X = rng.normal_matrix(B, D), W = rng.normal_matrix(D, K), G = rng.normal_matrix(B, K);
    const ch9::LinearGrads g = ch9::linear_backward(X, W, G);
    check_close("dX", g.dX, ch9ref::mm(G, ch9ref::tr(W)), abs_tol(1e-13, kRound), "samples x inputs");
    check_close("dW", g.dW, ch9ref::mm(ch9ref::tr(X), G), abs_tol(1e-13, kRound), "inputs x outputs",
                {{"G^T X (the transpose)", ch9ref::tr(ch9ref::mm(ch9ref::tr(X), G))}});
    Matrix first_row = xt::zeros<double>({std::size_t{1}, K});
    for (std::size_t j = 0; j < K; ++j) first_row(0, j) = G(0, j);
    check_close("db", g.db, ch9ref::col_sums(G), abs_tol(1e-13, kRound), "1 x outputs",
                {{"the first row of G: the bias gradient not summed over the batch", first_row},
                 {"the mean of G's rows (a 1/B the loss does not have)", ch9ref::col_sums(G) / static_cast<double>(B)}});
}

WB_TEST_CASE(finite_differences) {
    // L = sum(C .* (X W + 1 b)): dL/dZ = C.
    wb::Rng rng(951);
    const Matrix X = rng.normal_matrix(4, 3), W = rng.normal_matrix(3, 2), b = rng.normal_matrix(1, 2), C = rng.normal_matrix(4, 2);
    auto L = [&](const Matrix& x, const Matrix& w, const Matrix& bb) {
        const Matrix Z = ch9ref::mm(x, w);
        double s = 0;
        for (std::size_t i = 0; i < 4; ++i)
            for (std::size_t j = 0; j < 2; ++j) s += C(i, j) * (Z(i, j) + bb(0, j));
        return s;
    };
    const ch9::LinearGrads g = ch9::linear_backward(X, W, C);
    using wb::test::numerical_gradient;
    wb::test::check_gradient("dX", "samples x inputs", g.dX, numerical_gradient([&](const xt::xarray<double>& v) { return L(Matrix(v), W, b); }, X), 1e-8);
    wb::test::check_gradient("dW", "inputs x outputs", g.dW, numerical_gradient([&](const xt::xarray<double>& v) { return L(X, Matrix(v), b); }, W), 1e-8);
    wb::test::check_gradient("db", "1 x outputs", g.db, numerical_gradient([&](const xt::xarray<double>& v) { return L(X, W, Matrix(v)); }, b), 1e-8);
}

WB_TEST_CASE(bad_shapes) {
    expect_error<wb::shape_error>("linear_backward(X 4x3, W 2x5, G 4x5)",
                                  [] { ch9::linear_backward(xt::zeros<double>({4, 3}), xt::zeros<double>({2, 5}), xt::zeros<double>({4, 5})); },
                                  {"2x5"}, "wb::shape_error");
    expect_error<wb::shape_error>("linear_backward(X 4x3, W 3x5, G 5x4)",
                                  [] { ch9::linear_backward(xt::zeros<double>({4, 3}), xt::zeros<double>({3, 5}), xt::zeros<double>({5, 4})); },
                                  {"5x4"}, "wb::shape_error");
}

BOOST_AUTO_TEST_SUITE_END()

// =================================================================================================
BOOST_AUTO_TEST_SUITE(ex9_6_activation_backward)

WB_TEST_CASE(hand_values) {
    // At z = 0: sigma' = 1/4, tanh' = 1, relu' = 0 (the convention at the kink); G = 2.
    const Matrix Z{{0.0, 1.0}}, G{{2.0, 2.0}};
    const Matrix S = ch9ref::map(Z, ch9ref::sig), T = ch9ref::map(Z, [](double z) { return std::tanh(z); });
    const Matrix R = ch9ref::map(Z, [](double z) { return z > 0 ? z : 0.0; });
    check_close("sigmoid", ch9::activation_backward(ch9::Op::sigmoid, Z, S, G), Matrix{{0.5, 2 * S(0, 1) * (1 - S(0, 1))}},
                rel_tol(1e-15, "one product"), "", {{"sigma'(A): the slope taken at the output", G * ch9ref::map(S, [](double a) { return ch9ref::sig(a) * (1 - ch9ref::sig(a)); })},
                                                     {"G Z (1 - Z): sigma's slope from the input Z, where it is A (1 - A) with A = sigma(Z)", G * Z * (1.0 - Z)}});
    check_close("tanh", ch9::activation_backward(ch9::Op::tanh, Z, T, G), Matrix{{2.0, 2 * (1 - T(0, 1) * T(0, 1))}}, rel_tol(1e-15, "one product"), "",
                {{"G (1 - Z^2): tanh's slope from the input Z, where it is 1 - A^2 with A = tanh(Z)", G * (1.0 - Z * Z)}});
    // relu at z = 0 has no derivative: the chapter takes 0 (as chapter 8, whose tests accept 1 too, another
    // common subgradient); accepted here alike, and z = 1 must give G.
    const Matrix r = ch9::activation_backward(ch9::Op::relu, Z, R, G);
    BOOST_TEST_REQUIRE(r.size() == 2, wb::test::current_exercise() << ": relu should give a 1x2 matrix, got " << wb::shape_str(r.shape()));
    check_close("relu at z = 1", r(0, 1), 2.0, abs_tol(0, "exact"));
    BOOST_TEST((r(0, 0) == 0.0 || r(0, 0) == 2.0),
               wb::test::current_exercise() << ": relu at z = 0 should give G relu'(0) = 0 (the chapter's convention; relu'(0) = 1 is accepted), got " << r(0, 0));
}

WB_TEST_CASE(finite_differences_random) {
    wb::Rng rng(960);
    const std::size_t m = 2 + rng.below(4), n = 1 + rng.below(4);
    const Matrix Z = rng.normal_matrix(m, n, 1.5), C = rng.normal_matrix(m, n);
    struct Act {
        ch9::Op op;
        double (*f)(double);
    };
    const Act acts[] = {{ch9::Op::sigmoid, [](double z) { return ch9ref::sig(z); }},
                        {ch9::Op::tanh, [](double z) { return std::tanh(z); }},
                        {ch9::Op::relu, [](double z) { return z > 0 ? z : 0.0; }}};
    for (const auto& a : acts) {
        const Matrix A = ch9ref::map(Z, a.f);
        auto L = [&](const xt::xarray<double>& z) {
            double s = 0;
            for (std::size_t i = 0; i < z.size(); ++i) s += C.data()[i] * a.f(z.data()[i]);
            return s;
        };
        const std::vector<wb::test::Mistake> slips{{"the slope's formula in terms of A fed the input Z (Z (1 - Z) or 1 - Z^2)",
                                                     a.op == ch9::Op::sigmoid ? Matrix(C * Z * (1.0 - Z)) : Matrix(C * (1.0 - Z * Z))}};
        wb::test::check_gradient(ch9::op_name(a.op), "any", ch9::activation_backward(a.op, Z, A, C), wb::test::numerical_gradient(L, Z), 1e-7,
                                 a.op == ch9::Op::relu ? std::vector<wb::test::Mistake>{} : slips);
    }
}

WB_TEST_CASE(bad_op_and_shapes) {
    const Matrix Z = xt::zeros<double>({2, 2});
    expect_error<wb::argument_error>("activation_backward(Op::matmul, ...)", [&] { ch9::activation_backward(ch9::Op::matmul, Z, Z, Z); },
                                        {"matmul"}, "wb::argument_error");
    expect_error<wb::shape_error>("activation_backward(sigmoid, Z 2x2, A 2x2, G 3x2)",
                                  [&] { ch9::activation_backward(ch9::Op::sigmoid, Z, Z, xt::zeros<double>({3, 2})); }, {"3x2"},
                                  "wb::shape_error");
}

BOOST_AUTO_TEST_SUITE_END()

// =================================================================================================
BOOST_AUTO_TEST_SUITE(ex9_7_softmax_cross_entropy_backward)

WB_TEST_CASE(hand_case) {
    // Z = 0 (2 samples, 2 classes): P = 1/2 everywhere; (P - Y)/B = (1/2 - Y)/2.
    const Matrix Y{{1, 0}, {0, 1}};
    const Matrix expected{{-0.25, 0.25}, {0.25, -0.25}};
    const Matrix Z = xt::zeros<double>({2, 2});
    const Matrix got = ch9::softmax_cross_entropy_backward(Z, Y);
    check_close("dL/dZ", got, expected, abs_tol(1e-16, "exact halves"), "samples x classes",
                {{"P - Y without the 1/B of the mean", expected * 2.0},
                 {"the softmax's own diagonal rule P (1 - P) without the cross-entropy", Matrix(xt::ones<double>({2, 2}) * 0.125)}});
    lazy_reducer_guess("dL/dZ", got, Z, Y);
}

WB_TEST_CASE(random_against_reference_and_fd) {
    wb::Rng rng(970);
    const std::size_t B = 2 + rng.below(6), K = 2 + rng.below(6);
    const Matrix Z = rng.normal_matrix(B, K, 2.0), Y = ch9ref::one_hot_random(rng, B, K);
    const Matrix P = ch9ref::softmax_rows(Z);
    const Matrix expected = (P - Y) / static_cast<double>(B);
    const Matrix got = ch9::softmax_cross_entropy_backward(Z, Y);
    check_close("dL/dZ", got, expected, abs_tol(1e-15, kRound), "samples x classes",
                {{"P - Y without the 1/B of the mean", P - Y},
                 {"the softmax's own diagonal rule P (1 - P) without the cross-entropy", P * (1.0 - P) / static_cast<double>(B)},
                 {"Y - P (the sign)", (Y - P) / static_cast<double>(B)}});
    lazy_reducer_guess("dL/dZ", got, Z, Y);
    wb::test::check_gradient("dL/dZ", "samples x classes", got,
                             wb::test::numerical_gradient([&](const xt::xarray<double>& z) { return ch9ref::mean_cross_entropy(Matrix(z), Y); }, Z), 1e-7);
}

WB_TEST_CASE(large_logits_are_stable) {
    const Matrix Z{{1000.0, 0.0}, {-1000.0, 0.0}}, Y{{1, 0}, {1, 0}};
    const Matrix got = ch9::softmax_cross_entropy_backward(Z, Y);
    check_close("dL/dZ at +-1000", got, Matrix{{0.0, 0.0}, {-0.5, 0.5}}, abs_tol(1e-300, "exact limits"), "samples x classes");
    lazy_reducer_guess("dL/dZ at +-1000", got, Z, Y);
}

WB_TEST_CASE(bad_shape) {
    expect_error<wb::shape_error>("Y 3x2 for Z 2x3", [] { ch9::softmax_cross_entropy_backward(xt::zeros<double>({2, 3}), xt::zeros<double>({3, 2})); },
                                  {"3x2"}, "wb::shape_error");
}

BOOST_AUTO_TEST_SUITE_END()

// =================================================================================================
BOOST_AUTO_TEST_SUITE(ex9_8_backward_tape)

WB_TEST_CASE(seed_001_multiplication) {
    // Seed 001's graph (a): z = x y. dz/dx = y, dz/dy = x (1 x 1 matrices, matmul of 1x1s).
    ch9::Tape t;
    const auto x = t.input("x", Matrix{{3.0}}), y = t.input("y", Matrix{{-2.0}});
    const auto z = ch9::matmul(t, x, y, "z");
    ch9::backward(t, z);
    check_close("dz/dx", t.grad(x), Matrix{{-2.0}}, abs_tol(0, "exact"));
    check_close("dz/dy", t.grad(y), Matrix{{3.0}}, abs_tol(0, "exact"));
}

WB_TEST_CASE(every_op_finite_differences) {
    wb::Rng rng(980);
    const std::size_t B = 2 + rng.below(4), D = 1 + rng.below(4), K = 1 + rng.below(4);
    const Matrix X = rng.normal_matrix(B, D), W = rng.normal_matrix(D, K), b = rng.normal_matrix(1, K), V = rng.normal_matrix(K, 1);
    AllOps a = all_ops(X, W, b, V);
    ch9::backward(a.t, a.loss);
    using wb::test::numerical_gradient;
    wb::test::check_gradient("dL/dW", "inputs x outputs", a.t.grad(a.W),
                             numerical_gradient([&](const xt::xarray<double>& v) { return all_ops_loss(X, Matrix(v), b, V); }, W), 1e-7);
    wb::test::check_gradient("dL/db", "1 x outputs", a.t.grad(a.b),
                             numerical_gradient([&](const xt::xarray<double>& v) { return all_ops_loss(X, W, Matrix(v), V); }, b), 1e-7);
    wb::test::check_gradient("dL/dX", "samples x inputs", a.t.grad(a.X),
                             numerical_gradient([&](const xt::xarray<double>& v) { return all_ops_loss(Matrix(v), W, b, V); }, X), 1e-7);
    wb::test::check_gradient("dL/dV", "outputs x 1", a.t.grad(a.V),
                             numerical_gradient([&](const xt::xarray<double>& v) { return all_ops_loss(X, W, b, Matrix(v)); }, V), 1e-7);
}

WB_TEST_CASE(second_pass_is_not_added) {
    // Two calls of backward on the same tape: the same gradients, not twice them.
    wb::Rng rng(981);
    AllOps a = all_ops(rng.normal_matrix(3, 2), rng.normal_matrix(2, 2), rng.normal_matrix(1, 2), rng.normal_matrix(2, 1));
    ch9::backward(a.t, a.loss);
    const Matrix first = a.t.grad(a.W);
    ch9::backward(a.t, a.loss);
    wb::test::check_same("dL/dW after a second backward on the same tape (grads not reset at the start of a pass add up)", a.t.grad(a.W), first, abs_tol(0, "the same computation"), "inputs x outputs",
                {{"twice the gradient: grads not reset between two backward passes", first * 2.0}});
}

WB_TEST_CASE(non_scalar_loss_is_an_error) {
    ch9::Tape t;
    const auto X = t.input("X", xt::ones<double>({3, 2}));
    const auto Y = ch9::sigmoid(t, X);
    expect_error<wb::shape_error>("backward from a 3x2 node", [&] { ch9::backward(t, Y); }, {"3x2", "scalar"}, "wb::shape_error");
}

WB_TEST_CASE(mismatched_product_is_an_error) {
    // The forward op refuses (given code); backward is never reached. The error names both shapes.
    ch9::Tape t;
    const auto A = t.input("A", xt::ones<double>({3, 4})), B = t.input("B", xt::ones<double>({5, 2}));
    const auto s = ch9::sum(t, A);
    ch9::backward(t, s);  // a valid pass first: d sum / dA = 1
    check_close("d sum(A) / dA", t.grad(A), xt::ones<double>({3, 4}), abs_tol(0, "exact"));
    expect_error<wb::shape_error>("matmul(A 3x4, B 5x2)", [&] { ch9::backward(t, ch9::matmul(t, A, B)); }, {"3x4", "5x2"},
                                  "wb::shape_error");
}

WB_TEST_CASE(ties_chapter_3) {
    // Chapter 3's network on seed 000's expense table with its documented weights:
    // L = 1/2 sum (sigma(sigma(X W1) W2) - t)^2. The engine equals chapter 3's hand-written
    // gradients (its suite's loops) to 1e-12, and its documented numbers (numpy).
    ch9::Tape t;
    const auto X = t.input("X", ch9ref::ch3_X()), W1 = t.input("W1", ch9ref::ch3_W1()), W2 = t.input("W2", ch9ref::ch3_W2());
    const auto T = t.input("t", ch9ref::ch3_t());
    const auto f = ch9::sigmoid(t, ch9::matmul(t, ch9::sigmoid(t, ch9::matmul(t, X, W1)), W2));
    const auto L = ch9::scale(t, ch9::sum(t, ch9::square(t, ch9::sub(t, f, T))), 0.5);
    ch9::backward(t, L);
    check_close("L", t.value(L)(0, 0), 0.09120425587787925, rel_tol(1e-12, "chapter 3's documented loss (numpy)"));
    const ch9ref::Grads2 ref = ch9ref::ch3_gradients(ch9ref::ch3_X(), ch9ref::ch3_t(), ch9ref::ch3_W1(), ch9ref::ch3_W2());
    check_close("dL/dW1 (engine vs chapter 3)", t.grad(W1), ref.dW1, abs_tol(1e-12, "the tie: the same gradient by two methods"), "inputs x hidden");
    check_close("dL/dW2 (engine vs chapter 3)", t.grad(W2), ref.dW2, abs_tol(1e-12, "the tie"), "hidden x outputs");
    check_close("dL/dW2 (chapter 3's documented numbers)", t.grad(W2),
                Matrix{{0.00520736335361805}, {0.01214876986957566}, {0.00209512637670005}}, rel_tol(1e-11, "numpy float64, as chapter 3"),
                "hidden x outputs");
    check_close("dL/dW1 (chapter 3's documented numbers)", t.grad(W1),
                Matrix{{-0.00460122741106794, 0.00461733776006275, -0.00781677325119931},
                       {0.00080583416169659, 0.00035831130938521, 0.0005687346404616}},
                abs_tol(1e-15, "numpy float64, as chapter 3"), "inputs x hidden");
}

WB_TEST_CASE(ties_chapter_4) {
    // Chapter 4's classifier: L = sum softplus(Z3) - t Z3 (the summed cross-entropy), its own weights.
    ch9::Tape t;
    const auto X = t.input("X", ch9ref::ch4_X()), W1 = t.input("W1", ch9ref::ch4_W1()), W2 = t.input("W2", ch9ref::ch4_W2());
    const auto Z3 = ch9::matmul(t, ch9::sigmoid(t, ch9::matmul(t, X, W1)), W2);
    const auto L = ch9::sigmoid_cross_entropy(t, Z3, ch9ref::ch4_t());
    ch9::backward(t, L);
    check_close("L", t.value(L)(0, 0), 2.4073243078304793, rel_tol(1e-12, "chapter 4's documented loss (numpy)"));
    const ch9ref::Grads2 ref = ch9ref::ch4_gradients(ch9ref::ch4_X(), ch9ref::ch4_t(), ch9ref::ch4_W1(), ch9ref::ch4_W2());
    check_close("dL/dW1 (engine vs chapter 4)", t.grad(W1), ref.dW1, abs_tol(1e-12, "the tie"), "features x hidden");
    check_close("dL/dW2 (engine vs chapter 4)", t.grad(W2), ref.dW2, abs_tol(1e-12, "the tie"), "hidden x outputs");
    check_close("dL/dW1 (chapter 4's documented numbers)", t.grad(W1),
                Matrix{{-0.12541715061348563, 0.13868036821988733, -0.03184117970237206},
                       {0.07028059830683756, -0.1251503931915886, 0.02506100469461922}},
                rel_tol(1e-11, "numpy float64, as chapter 4"), "features x hidden");
    check_close("dL/dW2 (chapter 4's documented numbers)", t.grad(W2),
                Matrix{{0.006897781449959339}, {0.19513549447310904}, {0.12344407023471146}}, rel_tol(1e-11, "numpy float64, as chapter 4"),
                "hidden x outputs");
}

WB_TEST_CASE(ties_chapter_6) {
    // Chapter 6's network (sigmoid hidden layer with bias rows, softmax, mean cross-entropy) on a
    // random batch: the engine's four gradients equal chapter 6's per-sample loops to 1e-12.
    wb::Rng rng(986);
    const std::size_t B = 3 + rng.below(8), D = 2 + rng.below(6), H = 2 + rng.below(6), K = 2 + rng.below(5);
    const ch9::Network net = ch9ref::random_network(rng, D, H, K);
    const Matrix Xv = rng.normal_matrix(B, D), Yv = ch9ref::one_hot_random(rng, B, K);
    ch9::Tape t;
    const auto X = t.input("X", Xv), W1 = t.input("W1", net.W1), b1 = t.input("b1", net.b1), W2 = t.input("W2", net.W2),
               b2 = t.input("b2", net.b2);
    const auto Hh = ch9::sigmoid(t, ch9::add_bias(t, ch9::matmul(t, X, W1), b1));
    const auto L = ch9::softmax_cross_entropy(t, ch9::add_bias(t, ch9::matmul(t, Hh, W2), b2), Yv);
    ch9::backward(t, L);
    const ch9ref::Grads4 ref = ch9ref::ch6_gradients(Xv, Yv, net);
    const auto tie = abs_tol(1e-12, "the tie: the same gradient by two methods");
    check_close("dW1 (engine vs chapter 6)", t.grad(W1), ref.dW1, tie, "inputs x hidden");
    check_close("db1 (engine vs chapter 6)", t.grad(b1), ref.db1, tie, "1 x hidden");
    check_close("dW2 (engine vs chapter 6)", t.grad(W2), ref.dW2, tie, "hidden x classes");
    check_close("db2 (engine vs chapter 6)", t.grad(b2), ref.db2, tie, "1 x classes");
}

BOOST_AUTO_TEST_SUITE_END()

// =================================================================================================
BOOST_AUTO_TEST_SUITE(ex9_9_weight_decay_cost)

WB_TEST_CASE(hand_case) {
    // X = [[1, 2]], w = [[1], [1]], y = [[1]]: yhat = 3, J = 1/2 (3 - 1)^2 + 0.5 (1 + 1) = 3;
    // dJ/dw = X^T (yhat - y) + 2 lambda w = [[2], [4]] + [[1], [1]] = [[3], [5]].
    ch9::Tape t;
    const auto X = t.input("X", Matrix{{1, 2}}), w = t.input("w", Matrix{{1}, {1}}), y = t.input("y", Matrix{{1}});
    const auto J = ch9::weight_decay_cost(t, X, w, y, 0.5);
    check_close("J", t.value(J)(0, 0), 3.0, abs_tol(1e-15, "exact"), {{"without the weight decay", 2.0}, {"without the 1/2", 5.0}});
    ch9::backward(t, J);
    check_close("dJ/dw", t.grad(w), Matrix{{3}, {5}}, abs_tol(1e-15, "exact"), "inputs x outputs",
                {{"the weight-decay path lost (w's adjoint overwritten at fan-out)", Matrix{{2}, {4}}},
                 {"the data path lost", Matrix{{1}, {1}}}});
}

WB_TEST_CASE(random_sizes) {
    wb::Rng rng(990);
    const std::size_t N = 3 + rng.below(10), D = 1 + rng.below(5);
    const double lambda = rng.uniform(0.0, 2.0);
    const Matrix Xv = rng.normal_matrix(N, D), wv = rng.normal_matrix(D, 1), yv = rng.normal_matrix(N, 1);
    ch9::Tape t;
    const auto X = t.input("X", Xv), w = t.input("w", wv), y = t.input("y", yv);
    const auto J = ch9::weight_decay_cost(t, X, w, y, lambda);
    const Matrix r = ch9ref::mm(Xv, wv) - yv;
    double fit = 0, pen = 0;
    for (double v : r) fit += v * v;
    for (double v : wv) pen += v * v;
    check_close("J", t.value(J)(0, 0), 0.5 * fit + lambda * pen, rel_tol(1e-13, kRound));
    ch9::backward(t, J);
    check_close("dJ/dw", t.grad(w), ch9ref::mm(ch9ref::tr(Xv), r) + 2.0 * lambda * wv, abs_tol(1e-12, kRound), "inputs x outputs");
}

BOOST_AUTO_TEST_SUITE_END()

// =================================================================================================
BOOST_AUTO_TEST_SUITE(ex9_10_train_epoch)

WB_TEST_CASE(small_problem_against_chapter_6) {
    // N = 11, B = 4 (the last batch short): the engine's epoch equals chapter 6's hand-written one.
    wb::Rng rng(1000);
    const std::size_t N = 11, D = 3, H = 4, K = 3;
    const Matrix X = rng.normal_matrix(N, D), Y = ch9ref::one_hot_random(rng, N, K);
    ch9::Network a = ch9ref::random_network(rng, D, H, K), b = a;
    const std::vector<double> losses = ch9::train_epoch(a, X, Y, 4, 0.3, 77);
    ch9ref::ch6_epoch(b, X, Y, 4, 0.3, 77);
    BOOST_TEST(losses.size() == 3u, "ceil(11 / 4) = 3 batches, got " << losses.size());
    const auto tie = abs_tol(1e-12, "the same steps by two methods");
    check_close("W1 after the epoch", a.W1, b.W1, tie, "inputs x hidden");
    check_close("b1 after the epoch", a.b1, b.b1, tie, "1 x hidden");
    check_close("W2 after the epoch", a.W2, b.W2, tie, "hidden x classes");
    check_close("b2 after the epoch", a.b2, b.b2, tie, "1 x classes");
}

WB_TEST_CASE(digits_gives_chapter_6_weights) {
    // Chapter 6's digits network (64-32-10, init seed 6, held-out split seed 2024, eta = 0.5,
    // B = 32, the epoch shuffled with seed 601): after one epoch of each, the same weights to 1e-12.
    const auto data = wb::load_labeled(wb::data_path("digits.csv"), wb::Header::none);
    const auto split = wb::train_test_split(data, 0.2, 2024);
    const Matrix X = split.train.X / 16.0, Y = wb::one_hot(split.train.y, 10);
    ch9::Network a = ch9::init_network(64, 32, 10, 6), b = a;
    ch9::train_epoch(a, X, Y, 32, 0.5, 601);
    ch9ref::ch6_epoch(b, X, Y, 32, 0.5, 601);
    const auto tie = abs_tol(1e-12, "the same 45 steps by two methods; rounding grows slowly over the steps");
    check_close("W1 after one epoch on digits", a.W1, b.W1, tie, "inputs x hidden");
    check_close("b1", a.b1, b.b1, tie, "1 x hidden");
    check_close("W2", a.W2, b.W2, tie, "hidden x classes");
    check_close("b2", a.b2, b.b2, tie, "1 x classes");
}

BOOST_AUTO_TEST_SUITE_END()
