// Errors that say what went wrong, where, and what was expected.
//
//   wb::not_implemented  a stub that the student has not written yet ("exercise 1.2 sigmoid_prime
//                        is not implemented yet"); a test reports it as a failure of that exercise
//   wb::shape_error      an array of the wrong shape: names the argument and both shapes
//   wb::numeric_error    NaN or Inf where a number was due (training that diverged, a bad loss)
//   wb::data_error       a malformed data file: names the file, the line and what was expected
//   wb::argument_error   a setting out of its range or unknown: lambda < 0, an activation that is
//                        not one of the enum's values; names what was expected and what came
#pragma once
#include <cmath>
#include <cstddef>
#include <stdexcept>
#include <string>
#include <vector>
#include <xtensor/xarray.hpp>
#include <xtensor/xtensor.hpp>

namespace wb {

struct not_implemented : std::logic_error {
    not_implemented(const std::string& exercise, const std::string& function);
    std::string exercise;  // "1.2"
    std::string function;  // "sigmoid_prime"
};

struct shape_error : std::invalid_argument {
    using std::invalid_argument::invalid_argument;
};

struct numeric_error : std::runtime_error {
    using std::runtime_error::runtime_error;
};

struct data_error : std::runtime_error {
    using std::runtime_error::runtime_error;
};

struct argument_error : std::invalid_argument {
    using std::invalid_argument::invalid_argument;
};

// "4x3", "(3,)", "2x3x4": how shapes are printed everywhere in the workbook.
template <class S>
std::string shape_str(const S& shape) {
    if (shape.size() == 0) return "scalar";
    std::string s;
    if (shape.size() == 1) return "(" + std::to_string(shape[0]) + ",)";
    for (std::size_t i = 0; i < shape.size(); ++i) {
        if (i) s += "x";
        s += std::to_string(shape[i]);
    }
    return s;
}

// Throws wb::shape_error unless `a` has exactly `expected` shape, e.g.
//   require_shape("W1", W1, {2, 3}, "inputs x hidden")
// -> "W1 should be 2x3 (inputs x hidden), got 3x2".
template <class E>
void require_shape(const std::string& what, const E& a, const std::vector<std::size_t>& expected,
                   const std::string& legend = "") {
    bool ok = a.dimension() == expected.size();
    for (std::size_t i = 0; ok && i < expected.size(); ++i) ok = a.shape()[i] == expected[i];
    if (!ok) {
        std::string msg = what + " should be " + shape_str(expected);
        if (!legend.empty()) msg += " (" + legend + ")";
        msg += ", got " + shape_str(a.shape());
        throw shape_error(msg);
    }
}

// Throws wb::numeric_error naming the first NaN/Inf element of `a` and the context, e.g.
//   require_finite("loss", L, "epoch 17") -> "loss is NaN at element 0 (epoch 17)".
template <class E>
void require_finite(const std::string& what, const E& a, const std::string& context = "") {
    std::size_t i = 0;
    for (auto it = a.cbegin(); it != a.cend(); ++it, ++i) {
        double v = static_cast<double>(*it);
        if (!std::isfinite(v)) {
            std::string msg = what + " is " + (std::isnan(v) ? "NaN" : "Inf") + " at flat element " +
                              std::to_string(i);
            if (!context.empty()) msg += " (" + context + ")";
            msg += ": training diverged or an input was not a number; try a smaller learning rate";
            throw numeric_error(msg);
        }
    }
}
inline void require_finite(const std::string& what, double v, const std::string& context = "") {
    require_finite(what, xt::xarray<double>(v), context);
}

// A computational graph that cannot be walked (chapter 9): a cycle, a node id that does not exist.
// The message names the nodes: "the graph has a cycle through node 4 (x2)".
struct graph_error : std::invalid_argument {
    using std::invalid_argument::invalid_argument;
};

}  // namespace wb
