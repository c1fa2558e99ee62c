// Printing arrays for the chapter programs' walk-throughs: a name, the shape, then the values.
//
//   wb::show("Z2", Z2);   // Z2 (4x3) =
//                         //   [ 0.118  0.402  0.336]
//                         //   ...
#pragma once
#include <iosfwd>
#include <string>
#include <xtensor/xarray.hpp>

namespace wb {

void show(const std::string& name, const xt::xarray<double>& a, int precision = 6);
void show(std::ostream& os, const std::string& name, const xt::xarray<double>& a, int precision = 6);
// "0.118000" for a scalar, "[0.1, 0.2]" for a vector, nested brackets for a matrix; one line.
std::string inline_str(const xt::xarray<double>& a, int precision = 6);
// A heading for a step of a walk-through: "\n== 3. Backward: delta3 ==".
void heading(const std::string& text);

}  // namespace wb
