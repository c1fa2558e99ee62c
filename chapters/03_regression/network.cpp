// Given code of chapter 3 (compiled into both sides): shape checks, the expense data, the
// chapter's weights and the per-sample form of the gradient. It does not call the exercises.
#include "regression.hpp"

#include <vector>

#include <xtensor/xbuilder.hpp>

#include "workbook/csv.hpp"
#include "workbook/given.hpp"

void ch3::check_network(const Matrix& X, const Matrix& W1, const Matrix& W2) {
    const std::size_t D = X.shape()[1];
    // The hidden size H is W1's column count when W1 has the right number of rows; otherwise
    // take it from W2 (a column of H weights), so that a transposed W1 reads "should be 2x3, got 3x2".
    std::size_t H = W1.shape()[1];
    if (W1.shape()[0] != D && W2.shape()[1] == 1) H = W2.shape()[0];
    wb::require_shape("W1", W1, {D, H}, "inputs x hidden");
    wb::require_shape("W2", W2, {H, 1}, "hidden x outputs");
}

void ch3::check_targets(const Matrix& f, const Matrix& t) {
    wb::require_shape("t", t, {f.shape()[0], f.shape()[1]}, "samples x outputs, the shape of f");
}

ch3::Expense ch3::load_expense() {
    const wb::Table table = wb::read_csv(wb::data_path("expense.csv"), {wb::Header::names, 3});
    const std::size_t N = table.values.shape()[0];
    Expense e{xt::zeros<double>({N, std::size_t{2}}), xt::zeros<double>({N, std::size_t{1}})};
    for (std::size_t n = 0; n < N; ++n) {
        e.X(n, 0) = table.values(n, 0);  // x1
        e.X(n, 1) = table.values(n, 1);  // x2
        e.t(n, 0) = table.values(n, 2);  // expense
    }
    return e;
}

ch3::Matrix ch3::initial_W1() { return Matrix{{0.5, -0.3, 0.8}, {0.2, 0.7, -0.4}}; }
ch3::Matrix ch3::initial_W2() { return Matrix{{0.6}, {-0.5}, {0.9}}; }

// [listing:per_sample_gradients]
ch3::Gradients ch3::per_sample_gradients(const Matrix& X, const Matrix& t, const Matrix& W1, const Matrix& W2) {
    using wb::given::sigmoid;
    using wb::given::sigmoid_prime;
    check_network(X, W1, W2);
    const std::size_t N = X.shape()[0], D = X.shape()[1], H = W1.shape()[1];
    Gradients g{xt::zeros<double>({D, H}), xt::zeros<double>({H, std::size_t{1}})};
    std::vector<double> z2(H), a2(H);
    for (std::size_t n = 0; n < N; ++n) {              // "Remove summation ... will look after it later"
        double z3 = 0;
        for (std::size_t j = 0; j < H; ++j) {
            z2[j] = 0;
            for (std::size_t i = 0; i < D; ++i) z2[j] += X(n, i) * W1(i, j);
            a2[j] = sigmoid(z2[j]);
            z3 += a2[j] * W2(j, 0);
        }
        const double d3 = (sigmoid(z3) - t(n, 0)) * sigmoid_prime(z3);    // delta3_n, a number
        for (std::size_t j = 0; j < H; ++j) {
            g.dW2(j, 0) += d3 * a2[j];                                   // (f_n - t_n) sigma'(z3_n) a2_nj
            const double d2 = d3 * W2(j, 0) * sigmoid_prime(z2[j]);      // delta2_nj
            for (std::size_t i = 0; i < D; ++i) g.dW1(i, j) += X(n, i) * d2;  // x_ni delta2_nj
        }
    }
    return g;
}
// [/listing]
