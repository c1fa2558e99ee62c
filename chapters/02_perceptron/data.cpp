// Given code of chapter 2 (compiled into both sides): shape checks and the toy data set.
// It does not call the exercises.
#include "perceptron.hpp"

#include <xtensor/xbuilder.hpp>
#include <xtensor/xview.hpp>

void ch2::check_weights(const Matrix& X, const Vector& w) {
    wb::require_shape("w", w, {X.shape()[1]}, "one weight per column of X, the threshold w0 included");
}

void ch2::check_targets(const Matrix& X, const Vector& t, const std::string& name) {
    wb::require_shape(name, t, {X.shape()[0]}, "one target per sample, i.e. per row of X");
}

ch2::Matrix ch2::with_bias(const Matrix& points) {
    Matrix X = xt::ones<double>({points.shape()[0], points.shape()[1] + 1});
    xt::view(X, xt::all(), xt::range(1, points.shape()[1] + 1)) = points;
    return X;
}

ch2::Data ch2::separable_data() {
    // Class 1 above the line x1 + x2 = 3, class 0 below it, with a margin (x1 + x2 >= 4 or <= 2).
    const Matrix points{{2.0, 2.5}, {2.5, 1.5}, {3.0, 3.0}, {1.5, 3.0},   // class 1
                        {0.5, 1.0}, {1.0, 0.0}, {0.0, 0.5}, {1.5, 0.5}};  // class 0
    return {with_bias(points), Vector{1, 1, 1, 1, 0, 0, 0, 0}};
}
