// The support library's suite: bad input gives errors that name the file, the line and what was
// expected; the RNG gives the same numbers everywhere; checks and plots fail loudly, not silently.
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <set>
#include <string>

#include <xtensor/xtensor.hpp>

#include "workbook/plot.hpp"
#include "workbook/testing.hpp"
#include "workbook/workbook.hpp"

namespace fs = std::filesystem;

namespace {
// Writes `text` to a fresh temporary file and returns its path.
std::string temp_csv(const std::string& name, const std::string& text) {
    const fs::path dir = fs::temp_directory_path() / "wb-support-test";
    fs::create_directories(dir);
    const fs::path p = dir / name;
    std::ofstream(p) << text;
    return p.string();
}

// Runs f, expects a wb::data_error whose message contains every one of `parts`.
template <class F>
void expect_data_error(F f, const std::vector<std::string>& parts) {
    try {
        f();
        BOOST_TEST(false, "expected a wb::data_error, nothing was thrown");
    } catch (const wb::data_error& e) {
        const std::string msg = e.what();
        for (const auto& part : parts) BOOST_TEST(msg.find(part) != std::string::npos, "message '" << msg << "' lacks '" << part << "'");
    }
}
}  // namespace

BOOST_AUTO_TEST_SUITE(csv)

BOOST_AUTO_TEST_CASE(missing_value) {
    const auto p = temp_csv("missing.csv", "x1,x2,t\n1,2,3\n4,,6\n");
    expect_data_error([&] { wb::read_csv(p, {wb::Header::names, 3}); }, {p + ":3:", "column 2", "missing value", "expected a number"});
}
BOOST_AUTO_TEST_CASE(not_a_number) {
    const auto p = temp_csv("nan.csv", "1,2,3\n4,five,6\n");
    expect_data_error([&] { wb::read_csv(p); }, {p + ":2:", "column 2", "'five' is not a number"});
}
BOOST_AUTO_TEST_CASE(nan_and_inf_are_rejected) {
    const auto p = temp_csv("naninf.csv", "1,2\nnan,3\n");
    expect_data_error([&] { wb::read_csv(p); }, {p + ":2:", "not a finite number"});
    const auto q = temp_csv("inf.csv", "1,2\n3,inf\n");
    expect_data_error([&] { wb::read_csv(q); }, {q + ":2:", "column 2", "not a finite number"});
}
BOOST_AUTO_TEST_CASE(ragged_row) {
    const auto p = temp_csv("ragged.csv", "1,2,3\n4,5,6\n7,8\n");
    expect_data_error([&] { wb::read_csv(p); }, {p + ":3:", "expected 3 fields", "found 2"});
}
BOOST_AUTO_TEST_CASE(wrong_column_count) {
    const auto p = temp_csv("wide.csv", "x1,x2,t\n1,2,3,4\n");
    expect_data_error([&] { wb::read_csv(p, {wb::Header::names, 3}); }, {p + ":2:", "expected 3 fields", "found 4"});
    const auto h = temp_csv("narrow_header.csv", "x1,x2\n1,2,3\n");
    expect_data_error([&] { wb::read_csv(h, {wb::Header::names, 3}); }, {h + ":1:", "header has 2 names, expected 3"});
    const auto q = temp_csv("wide2.csv", "1,2,3,4\n");
    expect_data_error([&] { wb::read_csv(q, {wb::Header::none, 3}); }, {q + ":1:", "expected 3 fields", "found 4"});
}
BOOST_AUTO_TEST_CASE(empty_file) {
    const auto p = temp_csv("empty.csv", "");
    expect_data_error([&] { wb::read_csv(p); }, {p + ":1:", "empty"});
    const auto q = temp_csv("header_only.csv", "x1,x2,t\n");
    expect_data_error([&] { wb::read_csv(q, {wb::Header::names, 3}); }, {q + ":1:", "no data rows"});
}
BOOST_AUTO_TEST_CASE(missing_file) {
    expect_data_error([] { wb::read_csv("/nonexistent/data.csv"); }, {"/nonexistent/data.csv", "cannot open"});
}
BOOST_AUTO_TEST_CASE(blank_line_in_the_middle) {
    const auto p = temp_csv("blank.csv", "1,2\n\n3,4\n");
    expect_data_error([&] { wb::read_csv(p); }, {p + ":2:", "empty line before more data"});
}
BOOST_AUTO_TEST_CASE(counts_header_must_match) {
    const auto p = temp_csv("counts.csv", "3,2,a,b\n1,2,0\n3,4,1\n");
    expect_data_error([&] { wb::load_labeled(p, wb::Header::counts); }, {p + ":1:", "header promises 3 rows", "has 2"});
}
BOOST_AUTO_TEST_CASE(bad_label) {
    const auto p = temp_csv("label.csv", "1,2,0\n3,4,1.5\n");
    expect_data_error([&] { wb::load_labeled(p, wb::Header::none); }, {p + ":2:", "not a class number"});
}
BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(datasets)

BOOST_AUTO_TEST_CASE(expense_table_of_seed_000) {
    // Seed 000, "3-Layer Neural Network": x1, x2 -> expense for 4 samples.
    const auto t = wb::read_csv(wb::data_path("expense.csv"), {wb::Header::names, 3});
    const xt::xtensor<double, 2> expected{{1, 0.875, 1}, {0.25, 1, 0.4}, {0.5, 0.45, 0.5}, {0.75, 0.25, 0.6}};
    wb::test::check_close("expense.csv", t.values, expected, wb::test::abs_tol(0, "typed from the document"));
    BOOST_TEST(t.header == (std::vector<std::string>{"x1", "x2", "expense"}), "header");
}
BOOST_AUTO_TEST_CASE(breast_cancer) {
    const auto d = wb::load_labeled(wb::data_path("breast_cancer.csv"), wb::Header::counts);
    BOOST_TEST(d.X.shape()[0] == 569u);
    BOOST_TEST(d.X.shape()[1] == 30u);
    BOOST_TEST(d.classes == (std::vector<std::string>{"malignant", "benign"}), "class names from the header");
    int benign = 0;
    for (int v : d.y) benign += v;
    BOOST_TEST(benign == 357, "breast_cancer.rst: 212 malignant, 357 benign");
}
BOOST_AUTO_TEST_CASE(digits) {
    const auto d = wb::load_labeled(wb::data_path("digits.csv"), wb::Header::none);
    BOOST_TEST(d.X.shape()[0] == 1797u);
    BOOST_TEST(d.X.shape()[1] == 64u);
    BOOST_TEST(xt::amax(d.X)() == 16.0, "pixels are 0..16");
    BOOST_TEST(xt::amax(d.y)() == 9);
}
BOOST_AUTO_TEST_CASE(split_and_standardise) {
    const auto d = wb::load_labeled(wb::data_path("breast_cancer.csv"), wb::Header::counts);
    const auto s1 = wb::train_test_split(d, 0.25, 1234);
    const auto s2 = wb::train_test_split(d, 0.25, 1234);
    BOOST_TEST(s1.test.X.shape()[0] == 142u, "round(0.25 * 569)");
    BOOST_TEST(s1.train.X.shape()[0] == 427u);
    BOOST_TEST(s1.test.X == s2.test.X, "same seed, same split");
    const auto st = wb::Standardizer::fit(s1.train.X);
    const xt::xtensor<double, 2> z = st.apply(s1.train.X);
    wb::test::check_close("training means after standardising", xt::mean(z, {0}), xt::zeros<double>({30}),
                          wb::test::abs_tol(1e-12, "rounding"));
    BOOST_CHECK_THROW(st.apply(xt::zeros<double>({3, 29})), wb::shape_error);
}
BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(rng)

BOOST_AUTO_TEST_CASE(golden_values) {
    // xoshiro256** seeded by splitmix64(42): the first outputs, from an independent Python
    // implementation of both algorithms (Blackman & Vigna's reference code, transcribed).
    wb::Rng r(42);
    BOOST_TEST(r.next_u64() == 0x15780b2e0c2ec716ULL);
    BOOST_TEST(r.next_u64() == 0x6104d9866d113a7eULL);
    BOOST_TEST(r.next_u64() == 0xae17533239e499a1ULL);
    wb::Rng u(42);
    BOOST_TEST(u.uniform() == 0.08386297105988216);
    BOOST_TEST(u.uniform() == 0.3789802506626686);
}
BOOST_AUTO_TEST_CASE(golden_permutation) {
    // Fisher-Yates from the back with unbiased below(i), same Python reference, seed 7.
    wb::Rng r(7);
    const auto p = r.permutation(10);
    BOOST_TEST(p == (std::vector<std::size_t>{8, 3, 9, 0, 7, 2, 1, 6, 5, 4}), "permutation(10) for seed 7");
}
BOOST_AUTO_TEST_CASE(normals_are_plausible) {
    wb::Rng r(1);
    double sum = 0, sq = 0;
    const int n = 200000;
    for (int i = 0; i < n; ++i) {
        const double v = r.normal();
        sum += v;
        sq += v * v;
    }
    BOOST_TEST(std::abs(sum / n) < 0.01, "mean of 200000 N(0,1) draws: standard error 0.0022");
    BOOST_TEST(std::abs(sq / n - 1.0) < 0.02, "variance of 200000 draws: standard error 0.0032");
    wb::Rng a(5), b(5);
    BOOST_TEST(a.normal_matrix(3, 4, 0.1) == b.normal_matrix(3, 4, 0.1), "same seed, same weights");
}
BOOST_AUTO_TEST_CASE(below_is_in_range) {
    wb::Rng r(3);
    std::set<std::uint64_t> seen;
    for (int i = 0; i < 1000; ++i) {
        const auto v = r.below(6);
        BOOST_TEST(v < 6u);
        seen.insert(v);
    }
    BOOST_TEST(seen.size() == 6u, "all of 0..5 drawn in 1000 tries");
    BOOST_CHECK_THROW(r.below(0), std::invalid_argument);
}
BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(checks)

BOOST_AUTO_TEST_CASE(require_shape_names_both_shapes) {
    const xt::xtensor<double, 2> W = xt::zeros<double>({3, 2});
    try {
        wb::require_shape("W1", W, {2, 3}, "inputs x hidden");
        BOOST_TEST(false, "no error for a 3x2 W1");
    } catch (const wb::shape_error& e) {
        BOOST_TEST(std::string(e.what()) == "W1 should be 2x3 (inputs x hidden), got 3x2");
    }
    BOOST_CHECK_NO_THROW(wb::require_shape("W1", W, {3, 2}));
}
BOOST_AUTO_TEST_CASE(require_finite_names_the_element) {
    xt::xtensor<double, 1> v{1.0, std::nan(""), 3.0};
    try {
        wb::require_finite("loss", v, "epoch 17");
        BOOST_TEST(false, "no error for NaN");
    } catch (const wb::numeric_error& e) {
        const std::string msg = e.what();
        BOOST_TEST(msg.find("loss is NaN at flat element 1 (epoch 17)") != std::string::npos, msg);
    }
}
BOOST_AUTO_TEST_CASE(not_implemented_message) {
    const wb::not_implemented e("1.2", "sigmoid_prime");
    BOOST_TEST(std::string(e.what()) == "exercise 1.2 sigmoid_prime is not implemented yet");
}
BOOST_AUTO_TEST_CASE(numerical_gradient_of_a_quadratic) {
    // f(W) = sum W^2 has gradient 2W; central differences are exact for quadratics.
    const xt::xarray<double> W{{1.0, -2.0}, {0.5, 3.0}};
    const auto g = wb::test::numerical_gradient([](const xt::xarray<double>& w) { return xt::sum(w * w)(); }, W, 1e-4);
    BOOST_TEST(wb::test::relative_error(g, 2.0 * W) < 1e-10);
}
BOOST_AUTO_TEST_CASE(one_hot_rejects_bad_labels) {
    const xt::xtensor<int, 1> y{0, 2, 1};
    const xt::xtensor<double, 2> expected{{1, 0, 0}, {0, 0, 1}, {0, 1, 0}};
    BOOST_TEST(wb::one_hot(y, 3) == expected);
    BOOST_CHECK_THROW(wb::one_hot(y, 2), std::invalid_argument);
}
BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(plot)

BOOST_AUTO_TEST_CASE(missing_gnuplot_is_one_clear_message) {
    const fs::path dir = fs::temp_directory_path() / "wb-plot-test";
    fs::remove_all(dir);
    ::setenv("WB_GNUPLOT", "/nonexistent/gnuplot", 1);
    wb::plot::Figure f{"t", "title", "x", "y"};
    f.series.push_back({"s", {0, 1}, {0, 1}});
    BOOST_TEST(!wb::plot::save(f, dir.string()), "save() reports that no image was written");
    BOOST_TEST(fs::exists(dir / "t.csv"), "the data is written all the same");
    BOOST_TEST(!fs::exists(dir / "t.png"));
    ::unsetenv("WB_GNUPLOT");
}
BOOST_AUTO_TEST_CASE(images_are_written_when_gnuplot_is_there) {
    if (wb::plot::find_gnuplot().empty()) {
        BOOST_TEST_MESSAGE("gnuplot is not installed: nothing to check");
        return;
    }
    const fs::path dir = fs::temp_directory_path() / "wb-plot-test2";
    fs::remove_all(dir);
    wb::plot::Figure f{"t", "title", "x", "y"};
    f.series.push_back({"s", {0, 1, 2}, {0, 1, 4}});
    BOOST_TEST(wb::plot::save(f, dir.string()));
    BOOST_TEST(fs::file_size(dir / "t.png") > 1000u);
    BOOST_TEST(fs::file_size(dir / "t.svg") > 500u);
}
BOOST_AUTO_TEST_SUITE_END()
