// Reference solution of exercise 4.3 (statement: chapters/04_classification/ex3_output_delta.cpp).
#include "classification.hpp"

// [listing:4.3]
ch4::Matrix ch4::output_delta(const Matrix& f, const Matrix& t) {
    Matrix delta3 = f - t;  // sigma'(Z3) cancelled against dL/df: nothing else to multiply
    return delta3;
}
// [/listing]
