// The support library in one include: errors, checks, the portable RNG, CSV loading, printing.
#pragma once
#include "workbook/errors.hpp"
#include "workbook/rng.hpp"
#include "workbook/csv.hpp"
#include "workbook/format.hpp"
