#include "workbook/errors.hpp"

namespace wb {
not_implemented::not_implemented(const std::string& ex, const std::string& fn)
    : std::logic_error("exercise " + ex + " " + fn + " is not implemented yet"), exercise(ex), function(fn) {}
}  // namespace wb
