#include "workbook/format.hpp"

#include <iomanip>
#include <iostream>
#include <functional>
#include <sstream>
#include <vector>

#include "workbook/errors.hpp"

namespace wb {

void show(std::ostream& os, const std::string& name, const xt::xarray<double>& a, int precision) {
    os << name << " (" << shape_str(a.shape()) << ") =";
    const int w = precision + 6;
    os << std::fixed << std::setprecision(precision);
    if (a.dimension() == 0) {
        os << " " << a() << "\n";
    } else if (a.dimension() == 1) {
        os << "\n  [";
        for (std::size_t i = 0; i < a.shape()[0]; ++i) os << std::setw(w) << a(i);
        os << "]\n";
    } else if (a.dimension() == 2) {
        os << "\n";
        for (std::size_t i = 0; i < a.shape()[0]; ++i) {
            os << "  [";
            for (std::size_t j = 0; j < a.shape()[1]; ++j) os << std::setw(w) << a(i, j);
            os << "]\n";
        }
    } else {
        os << " " << inline_str(a, precision) << "\n";
    }
    os << std::defaultfloat;
}

void show(const std::string& name, const xt::xarray<double>& a, int precision) { show(std::cout, name, a, precision); }

std::string inline_str(const xt::xarray<double>& a, int precision) {
    std::ostringstream os;
    os << std::setprecision(precision);
    if (a.dimension() == 0) {
        os << a();
        return os.str();
    }
    std::function<void(std::size_t, std::size_t)> rec;  // (dimension, flat offset)
    const auto& sh = a.shape();
    std::vector<std::size_t> strides(sh.size(), 1);
    for (std::size_t d = sh.size() - 1; d > 0; --d) strides[d - 1] = strides[d] * sh[d];
    rec = [&](std::size_t dim, std::size_t off) {
        os << "[";
        for (std::size_t i = 0; i < sh[dim]; ++i) {
            if (i) os << ", ";
            if (dim + 1 == sh.size()) os << a.data()[off + i];
            else rec(dim + 1, off + i * strides[dim]);
        }
        os << "]";
    };
    rec(0, 0);
    return os.str();
}

void heading(const std::string& text) { std::cout << "\n== " << text << " ==\n"; }

}  // namespace wb
