// Mistakes bank, chapter 8, case activation_prime_relu0_one (correct): relu'(0) = 1, the other common convention: a subgradient all the same
#include <xtensor/xmath.hpp>

#include "deep.hpp"
#include "workbook/given.hpp"

// [listing:8.2]
ch8::Matrix ch8::activation_prime(const Matrix& A, Activation f) {
    check_activation(f);
    switch (f) {
        case Activation::identity: return xt::ones<double>(A.shape());
        case Activation::sigmoid: return wb::given::sigmoid_prime(A);
        case Activation::tanh: return wb::given::tanh_prime(A);
        case Activation::relu: return xt::where(A >= 0.0, 1.0, 0.0);  // relu'(0) = 1
        case Activation::softmax: break;
    }
    throw wb::argument_error("softmax has no element-wise derivative (its derivative is a Jacobian per row); "
                             "the output delta of softmax + cross-entropy is (Yhat - Y)/N without it (exercise 8.5)");
}
// [/listing]
