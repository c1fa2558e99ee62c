#include <algorithm>
#include <array>
#include <cmath>
#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

#include "fast.hpp"
#include "workbook/rng.hpp"

#if defined(__x86_64__) && defined(__GNUC__)
#include <immintrin.h>  // AVX2/FMA intrinsics, if you want them: enable them per function with
                        // #pragma GCC target("avx2,fma") and check the CPU with __builtin_cpu_supports
#define CH7_HAVE_X86 1
#endif

// =============================================================================================
// Exercise 7.5  epoch_vectorised
// Seed:      000 "Sigmoid function" sigma(z) = 1/(1 + e^-z); 002 softmax p_k = e^(z_k - m) / sum
// Equation:  as 7.4; the element-wise work as loops over contiguous memory:
//            A1[i] = 1/(1 + exp(-A1[i])) for i < n H; P[i] = exp(P[i] - m_row) for i < n K
// Shapes:    as 7.4  ->  returns the mean batch loss
// Task:      Start from your 7.4 and make the element-wise work cheap: the sigmoid as one loop over
//            ws.A1.data() (n H contiguous doubles), the softmax's exps as one loop over ws.P's n K
//            doubles after subtracting each row's maximum, delta1 (x)= A1 (1 - A1) as one loop.
//            Loops without branches or calls other than exp vectorise (gcc -O3; with xsimd or
//            intrinsics, exp itself works on 4 (AVX2) or 8 (AVX-512) doubles at a time).
//            Measure each change with ./workbook bench 7. Same numbers as rung 0 to 1e-12.
// =============================================================================================
double ch7::epoch_vectorised(Network& net, const Matrix& X, const Matrix& Y, std::size_t B, double eta,
                             std::uint64_t seed, Workspace& ws) {
    (void)net, (void)X, (void)Y, (void)B, (void)eta, (void)seed, (void)ws;
    throw wb::not_implemented("7.5", "epoch_vectorised");
}
