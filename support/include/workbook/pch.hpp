// The heavy headers every exercise file uses, precompiled once (see support/CMakeLists.txt).
#pragma once
// xtensor names both shapes in a broadcast_error ("LHS shape = (4, 3) RHS shape = (3, 4)") only when
// NDEBUG is not defined, and a Release build defines it. That message is all a student sees of a
// shape mismatch, so xexception.hpp (the one xtensor 0.24 header that reads NDEBUG) is read without
// it; NDEBUG and assert() are restored right after. (The support library's own sources, built
// without this header, keep the short message: both versions differ in that text only.)
#ifdef NDEBUG
#undef NDEBUG
#include <xtensor/xexception.hpp>
#define NDEBUG 1
#include <cassert>
#else
#include <xtensor/xexception.hpp>
#endif
#include <cmath>
#include <functional>
#include <string>
#include <vector>
#include <xtensor/xarray.hpp>
#include <xtensor/xtensor.hpp>
#include <xtensor/xbuilder.hpp>
#include <xtensor/xmath.hpp>
#include <xtensor/xview.hpp>
#include <xtensor/xio.hpp>
#include <xtensor/xsort.hpp>
#include <xtensor/xrandom.hpp>
#include <xtensor-blas/xlinalg.hpp>
#include "workbook/workbook.hpp"
