// Loading the workbook's data files, with errors that name the file, the line and what was expected.
//
//   auto t = wb::read_csv(wb::data_path("expense.csv"), {wb::Header::names, 3});
//   auto d = wb::load_labeled("datasets/breast_cancer.csv", wb::Header::counts);  // X, y, class names
//
// Every field must be a finite number: an empty field, a non-number, NaN/Inf, a row with the wrong
// number of fields or an empty file throws wb::data_error("FILE:LINE: ...").
#pragma once
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>
#include <xtensor/xtensor.hpp>

#include "workbook/errors.hpp"

namespace wb {

enum class Header {
    none,    // every line is data
    names,   // first line: column names (x1,x2,expense)
    counts,  // first line as in scikit-learn's files: n_samples,n_features,class names...
};

struct CsvOptions {
    Header header = Header::none;
    std::size_t columns = 0;  // expected fields a row; 0: whatever the first data row has
    char separator = ',';
};

struct Table {
    std::string path;
    std::vector<std::string> header;  // the header line's fields (empty for Header::none)
    xt::xtensor<double, 2> values;    // rows x columns
};

Table read_csv(const std::string& path, const CsvOptions& options = {});

// A labelled data set: the last column is the class label (an integer 0..K-1).
struct Dataset {
    std::string path;
    xt::xtensor<double, 2> X;          // N x D features
    xt::xtensor<int, 1> y;             // N labels
    std::vector<std::string> classes;  // class names where the file gives them
};
Dataset load_labeled(const std::string& path, Header header);

// The path of a file in the project's datasets/ folder (or $WB_DATA_DIR if set).
std::string data_path(const std::string& file);

// Deterministic split: a wb::Rng permutation puts `test_fraction` of the rows in the test part.
struct Split {
    Dataset train, test;
};
Split train_test_split(const Dataset& d, double test_fraction, std::uint64_t seed);

// Standardise features with the mean and standard deviation of `train` only (a column that
// is constant in training gets stddev 1, so that it is centred but not divided by zero).
struct Standardizer {
    xt::xtensor<double, 1> mean, stddev;
    static Standardizer fit(const xt::xtensor<double, 2>& train);
    xt::xtensor<double, 2> apply(const xt::xtensor<double, 2>& X) const;
};

// One-hot rows: labels N -> N x K.
xt::xtensor<double, 2> one_hot(const xt::xtensor<int, 1>& y, std::size_t classes);

}  // namespace wb
