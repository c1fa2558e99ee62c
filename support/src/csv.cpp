#include "workbook/csv.hpp"

#include <cerrno>
#include <cmath>
#include <cstdlib>
#include <fstream>
#include <sstream>

#include <xtensor/xadapt.hpp>
#include <xtensor/xview.hpp>
#include <xtensor/xreducer.hpp>
#include <xtensor/xmath.hpp>

#include "workbook/rng.hpp"

namespace wb {
namespace {

std::vector<std::string> split_fields(const std::string& line, char sep) {
    std::vector<std::string> out;
    std::string field;
    std::istringstream ss(line);
    while (std::getline(ss, field, sep)) out.push_back(field);
    if (!line.empty() && line.back() == sep) out.emplace_back();  // a trailing separator: an empty last field
    return out;
}

std::string trim(const std::string& s) {
    auto b = s.find_first_not_of(" \t\r");
    if (b == std::string::npos) return "";
    auto e = s.find_last_not_of(" \t\r");
    return s.substr(b, e - b + 1);
}

[[noreturn]] void fail(const std::string& path, std::size_t line, const std::string& what) {
    throw data_error(path + ":" + std::to_string(line) + ": " + what);
}

double parse_number(const std::string& path, std::size_t line, std::size_t column, const std::string& raw) {
    const std::string s = trim(raw);
    const std::string where = "column " + std::to_string(column) + ": ";
    if (s.empty()) fail(path, line, where + "missing value (empty field); expected a number");
    errno = 0;
    char* end = nullptr;
    const double v = std::strtod(s.c_str(), &end);
    if (end == s.c_str() || *end != '\0') fail(path, line, where + "'" + s + "' is not a number");
    if (errno == ERANGE || !std::isfinite(v))
        fail(path, line, where + "'" + s + "' is not a finite number (NaN, Inf or out of range)");
    return v;
}

}  // namespace

Table read_csv(const std::string& path, const CsvOptions& opt) {
    std::ifstream in(path);
    if (!in) throw data_error(path + ": cannot open the file (does it exist? run from the project root or set WB_DATA_DIR)");
    Table t;
    t.path = path;
    std::vector<double> values;
    std::size_t columns = opt.columns;
    std::size_t rows = 0, lineno = 0;
    std::string line;
    bool header_pending = opt.header != Header::none;
    long expected_rows = -1;
    while (std::getline(in, line)) {
        ++lineno;
        if (trim(line).empty()) {
            // A blank line at the very end is harmless; one in the middle hides a lost row.
            std::string rest;
            while (std::getline(in, rest))
                if (!trim(rest).empty())
                    fail(path, lineno, "empty line before more data; expected one row of numbers a line");
            break;
        }
        auto fields = split_fields(line, opt.separator);
        if (header_pending) {
            header_pending = false;
            for (auto& f : fields) t.header.push_back(trim(f));
            if (opt.header == Header::counts) {
                if (fields.size() < 2) fail(path, lineno, "expected a header 'n_samples,n_features[,class names]'");
                expected_rows = static_cast<long>(parse_number(path, lineno, 1, fields[0]));
                const auto nf = static_cast<std::size_t>(parse_number(path, lineno, 2, fields[1]));
                if (columns == 0) columns = nf + 1;
                else if (columns != nf + 1)
                    fail(path, lineno, "header says " + std::to_string(nf) + " features, expected " + std::to_string(columns - 1));
            } else if (columns == 0) {
                columns = fields.size();
            } else if (fields.size() != columns) {
                fail(path, lineno, "header has " + std::to_string(fields.size()) + " names, expected " + std::to_string(columns));
            }
            continue;
        }
        if (columns == 0) columns = fields.size();
        if (fields.size() != columns)
            fail(path, lineno, "expected " + std::to_string(columns) + " fields separated by '" +
                                   std::string(1, opt.separator) + "', found " + std::to_string(fields.size()) +
                                   (fields.size() < columns ? " (a missing value or a ragged row?)" : " (an extra field?)"));
        for (std::size_t c = 0; c < fields.size(); ++c) values.push_back(parse_number(path, lineno, c + 1, fields[c]));
        ++rows;
    }
    if (lineno == 0) throw data_error(path + ":1: the file is empty; expected " +
                                      std::string(opt.header == Header::none ? "" : "a header line and ") + "rows of numbers");
    if (rows == 0) fail(path, lineno, "no data rows after the header; expected rows of numbers");
    if (expected_rows >= 0 && static_cast<long>(rows) != expected_rows)
        fail(path, 1, "header promises " + std::to_string(expected_rows) + " rows, the file has " + std::to_string(rows));
    t.values = xt::adapt(values, std::vector<std::size_t>{rows, columns});
    return t;
}

Dataset load_labeled(const std::string& path, Header header) {
    Table t = read_csv(path, {header, 0, ','});
    Dataset d;
    d.path = path;
    const std::size_t n = t.values.shape()[0], c = t.values.shape()[1];
    if (c < 2) throw data_error(path + ": expected feature columns and a label column, found " + std::to_string(c) + " column");
    d.X = xt::view(t.values, xt::all(), xt::range(0, c - 1));
    d.y = xt::empty<int>({n});
    for (std::size_t i = 0; i < n; ++i) {
        const double v = t.values(i, c - 1);
        if (v < 0 || v != std::floor(v))
            fail(path, i + 1 + (header == Header::none ? 0 : 1), "label '" + std::to_string(v) + "' is not a class number 0, 1, 2, ...");
        d.y(i) = static_cast<int>(v);
    }
    if (header == Header::counts && t.header.size() > 2) d.classes.assign(t.header.begin() + 2, t.header.end());
    return d;
}

std::string data_path(const std::string& file) {
    if (const char* dir = std::getenv("WB_DATA_DIR")) return std::string(dir) + "/" + file;
    return std::string(WB_SOURCE_DIR) + "/datasets/" + file;
}

namespace {
Dataset take_rows(const Dataset& d, const std::vector<std::size_t>& idx) {
    Dataset out;
    out.path = d.path;
    out.classes = d.classes;
    const std::size_t cols = d.X.shape()[1];
    out.X = xt::empty<double>({idx.size(), cols});
    out.y = xt::empty<int>({idx.size()});
    for (std::size_t i = 0; i < idx.size(); ++i) {
        xt::view(out.X, i, xt::all()) = xt::view(d.X, idx[i], xt::all());
        out.y(i) = d.y(idx[i]);
    }
    return out;
}
}  // namespace

Split train_test_split(const Dataset& d, double test_fraction, std::uint64_t seed) {
    if (!(test_fraction > 0.0 && test_fraction < 1.0))
        throw std::invalid_argument("train_test_split: test_fraction must be in (0, 1), got " + std::to_string(test_fraction));
    Rng rng(seed);
    auto perm = rng.permutation(d.X.shape()[0]);
    const auto n_test = static_cast<std::size_t>(std::llround(test_fraction * static_cast<double>(perm.size())));
    std::vector<std::size_t> test(perm.begin(), perm.begin() + static_cast<long>(n_test));
    std::vector<std::size_t> train(perm.begin() + static_cast<long>(n_test), perm.end());
    return {take_rows(d, train), take_rows(d, test)};
}

Standardizer Standardizer::fit(const xt::xtensor<double, 2>& train) {
    Standardizer s;
    s.mean = xt::mean(train, {0});
    s.stddev = xt::stddev(train, {0});
    for (auto& v : s.stddev)
        if (v == 0.0) v = 1.0;
    return s;
}

xt::xtensor<double, 2> Standardizer::apply(const xt::xtensor<double, 2>& X) const {
    require_shape("features to standardise", X, {X.shape()[0], mean.size()}, "samples x features seen in fit()");
    xt::xtensor<double, 2> out = (X - xt::view(mean, xt::newaxis(), xt::all())) / xt::view(stddev, xt::newaxis(), xt::all());
    return out;
}

xt::xtensor<double, 2> one_hot(const xt::xtensor<int, 1>& y, std::size_t classes) {
    xt::xtensor<double, 2> out = xt::zeros<double>({y.size(), classes});
    for (std::size_t i = 0; i < y.size(); ++i) {
        if (y(i) < 0 || static_cast<std::size_t>(y(i)) >= classes)
            throw std::invalid_argument("one_hot: label " + std::to_string(y(i)) + " at row " + std::to_string(i) +
                                        " is outside 0.." + std::to_string(classes - 1));
        out(i, static_cast<std::size_t>(y(i))) = 1.0;
    }
    return out;
}

}  // namespace wb
