// Chapter 4, given code (compiled into both sides; it calls no exercise): shape and NaN checks,
// the breast-cancer data, the initial weights.
#include <string>

#include "classification.hpp"
#include "workbook/rng.hpp"

namespace ch4 {

void check_network(const Matrix& X, const Matrix& W1, const Matrix& W2) {
    const std::size_t D = X.shape()[1];
    wb::require_shape("W1", W1, {D, W1.shape()[1]}, "features x hidden: one row per column of X");
    wb::require_shape("W2", W2, {W1.shape()[1], 1}, "hidden x outputs: one row per column of W1, one output");
}

void check_targets(const Matrix& X, const Matrix& t) {
    wb::require_shape("t", t, {X.shape()[0], 1}, "samples x outputs: one target per row of X");
}

void check_finite(double loss, const Matrix& W1, const Matrix& W2, std::size_t epoch) {
    const std::string where = "epoch " + std::to_string(epoch);
    wb::require_finite("the loss L", loss, where);
    wb::require_finite("W1", W1, where);
    wb::require_finite("W2", W2, where);
}

Matrix targets(const xt::xtensor<int, 1>& y) {
    Matrix t = xt::empty<double>({y.size(), std::size_t{1}});
    for (std::size_t i = 0; i < y.size(); ++i) t(i, 0) = static_cast<double>(y(i));
    return t;
}

Data load_breast_cancer(double test_fraction, std::uint64_t split_seed) {
    Data d;
    d.path = wb::data_path("breast_cancer.csv");
    const wb::Dataset all = wb::load_labeled(d.path, wb::Header::counts);
    const wb::Split split = wb::train_test_split(all, test_fraction, split_seed);
    d.classes = all.classes;
    d.scaler = wb::Standardizer::fit(split.train.X);  // statistics of the training rows only
    d.X_train = d.scaler.apply(split.train.X);
    d.X_test = d.scaler.apply(split.test.X);
    d.t_train = targets(split.train.y);
    d.t_test = targets(split.test.y);
    return d;
}

Weights initial_weights(std::size_t D, std::size_t H, std::uint64_t seed, double stddev) {
    wb::Rng rng(seed);
    Weights w;
    w.W1 = rng.normal_matrix(D, H, stddev);
    w.W2 = rng.normal_matrix(H, 1, stddev);
    return w;
}

}  // namespace ch4
