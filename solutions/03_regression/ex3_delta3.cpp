// Reference solution of exercise 3.3 (statement: chapters/03_regression/ex3_delta3.cpp).
#include "regression.hpp"
#include "workbook/given.hpp"

// [listing:3.3]
ch3::Matrix ch3::delta3(const Forward& fw, const Matrix& t) {
    check_targets(fw.f, t);
    return (fw.f - t) * wb::given::sigmoid_prime(fw.Z3);   // N x 1, element by element
}
// [/listing]
