// Reference solution of exercise 4.5 (statement: chapters/04_classification/ex5_accuracy.cpp).
#include "classification.hpp"

// [listing:4.5]
double ch4::accuracy(const Matrix& f, const Matrix& t) {
    wb::require_shape("t", t, {f.shape()[0], f.shape()[1]}, "samples x outputs, like f");
    std::size_t right = 0;
    for (std::size_t n = 0; n < f.size(); ++n) {
        const double predicted = f.data()[n] >= 0.5 ? 1.0 : 0.0;
        if (predicted == t.data()[n]) ++right;
    }
    return static_cast<double>(right) / static_cast<double>(f.size());
}
// [/listing]
