// Reference solution of exercise 7.5 (statement: chapters/07_fast/ex5_epoch_vectorised.cpp).
//
// The top rung. What 7.4 left on the table, measured with bench/bench_ch07.cpp:
//   - exp: 1024 sigmoids and 320 softmax terms an iteration at B = 32, one libm call each, cost
//     about as much as all the products; here exp works on 4 doubles at a time (AVX2), a
//     range reduction and a degree-13 polynomial, within 2 ulp of std::exp;
//   - OpenBLAS's fixed cost per call (argument checks, dispatch, packing the operands into its
//     blocked layout) is large next to products of 32 x 64 x 32: here the products are one small
//     register-blocked kernel (4 rows x 8 columns of C in 8 AVX2 registers, one FMA per element
//     and step), with the bias already in C and the transposes as strides, as in 7.4.
// On a CPU without AVX2 and FMA the same steps run in plain C++ (std::exp, scalar loops): the same
// numbers to rounding, more slowly. tests/07_fast holds both to the readable rung 0 to 1e-12.
#include <algorithm>
#include <cmath>
#include <cstring>

#include "fast.hpp"
#include "workbook/rng.hpp"

#if defined(__x86_64__) && defined(__GNUC__)
#include <immintrin.h>
#define CH7_HAVE_X86 1
#endif

// [listing:7.5]
namespace {

// ---- plain C++: the fallback, and the meaning of each kernel ----------------------------------
struct Plain {
    // C (M x N, row stride ldc) = beta C + alpha A B with A(i, k) = a[i ai + k ak] (a transpose is
    // a swap of the strides) and B(k, j) = b[k ldb + j]; beta is 0 or 1.
    static void gemm(std::size_t M, std::size_t N, std::size_t Kd, double alpha, const double* a, std::size_t ai,
                     std::size_t ak, const double* b, std::size_t ldb, double beta, double* c, std::size_t ldc) {
        for (std::size_t i = 0; i < M; ++i)
            for (std::size_t j = 0; j < N; ++j) {
                double s = 0.0;
                for (std::size_t k = 0; k < Kd; ++k) s += a[i * ai + k * ak] * b[k * ldb + j];
                c[i * ldc + j] = (beta == 0.0 ? 0.0 : c[i * ldc + j]) + alpha * s;
            }
    }
    static void sigmoid(double* z, std::size_t n) {
        for (std::size_t i = 0; i < n; ++i) z[i] = 1.0 / (1.0 + std::exp(-z[i]));
    }
    static void exp(double* z, std::size_t n) {
        for (std::size_t i = 0; i < n; ++i) z[i] = std::exp(z[i]);
    }
    static void sigmoid_backward(double* d, const double* a, std::size_t n) {
        for (std::size_t i = 0; i < n; ++i) d[i] *= a[i] * (1.0 - a[i]);
    }
};

#ifdef CH7_HAVE_X86
#pragma GCC push_options
#pragma GCC target("avx2,fma")
struct Avx2 {
    // e^x for 4 lanes: x = n ln2 + r, |r| <= ln2/2, e^r by Horner (Taylor to r^13: error < 1e-17),
    // 2^n built in the exponent bits. x is clamped to [-708, 709]: e^-708 ~ 3e-308 stands for 0.
    static inline __m256d exp4(__m256d x) {
        x = _mm256_min_pd(_mm256_max_pd(x, _mm256_set1_pd(-708.0)), _mm256_set1_pd(709.0));
        const __m256d n = _mm256_round_pd(_mm256_mul_pd(x, _mm256_set1_pd(1.4426950408889634)),
                                          _MM_FROUND_TO_NEAREST_INT | _MM_FROUND_NO_EXC);
        __m256d r = _mm256_fnmadd_pd(n, _mm256_set1_pd(6.93147180369123816490e-01), x);  // ln2, high part
        r = _mm256_fnmadd_pd(n, _mm256_set1_pd(1.90821492927058770002e-10), r);          // ln2, low part
        static constexpr double c[] = {1.0 / 6227020800.0, 1.0 / 479001600.0, 1.0 / 39916800.0, 1.0 / 3628800.0,
                                       1.0 / 362880.0, 1.0 / 40320.0, 1.0 / 5040.0, 1.0 / 720.0, 1.0 / 120.0,
                                       1.0 / 24.0, 1.0 / 6.0, 0.5, 1.0, 1.0};
        __m256d p = _mm256_set1_pd(c[0]);
        for (int k = 1; k < 14; ++k) p = _mm256_fmadd_pd(p, r, _mm256_set1_pd(c[k]));
        const __m128i ni = _mm256_cvtpd_epi32(n);
        const __m256i bits = _mm256_slli_epi64(_mm256_add_epi64(_mm256_cvtepi32_epi64(ni), _mm256_set1_epi64x(1023)), 52);
        return _mm256_mul_pd(p, _mm256_castsi256_pd(bits));
    }
    static void exp(double* z, std::size_t n) {
        std::size_t i = 0;
        for (; i + 4 <= n; i += 4) _mm256_storeu_pd(z + i, exp4(_mm256_loadu_pd(z + i)));
        if (i < n) {
            double t[4] = {0, 0, 0, 0};
            std::memcpy(t, z + i, (n - i) * sizeof(double));
            _mm256_storeu_pd(t, exp4(_mm256_loadu_pd(t)));
            std::memcpy(z + i, t, (n - i) * sizeof(double));
        }
    }
    static inline __m256d sigmoid4(__m256d z) {
        const __m256d one = _mm256_set1_pd(1.0);
        return _mm256_div_pd(one, _mm256_add_pd(one, exp4(_mm256_sub_pd(_mm256_setzero_pd(), z))));
    }
    static void sigmoid(double* z, std::size_t n) {
        std::size_t i = 0;
        for (; i + 4 <= n; i += 4) _mm256_storeu_pd(z + i, sigmoid4(_mm256_loadu_pd(z + i)));
        for (; i < n; ++i) z[i] = 1.0 / (1.0 + std::exp(-z[i]));
    }
    static void sigmoid_backward(double* d, const double* a, std::size_t n) {
        const __m256d one = _mm256_set1_pd(1.0);
        std::size_t i = 0;
        for (; i + 4 <= n; i += 4) {
            const __m256d av = _mm256_loadu_pd(a + i);
            _mm256_storeu_pd(d + i, _mm256_mul_pd(_mm256_loadu_pd(d + i), _mm256_mul_pd(av, _mm256_sub_pd(one, av))));
        }
        for (; i < n; ++i) d[i] *= a[i] * (1.0 - a[i]);
    }

    // One tile of C: R rows (R <= 4) x 8 columns, as 2 x R accumulators of 4 doubles. `m0`, `m1`
    // mask the columns past N (a partial tile); Full tiles load and store without masks.
    template <int R, bool Full>
    static inline void tile(std::size_t Kd, double alpha, const double* a, std::size_t ai, std::size_t ak,
                            const double* b, std::size_t ldb, double beta, double* c, std::size_t ldc, __m256i m0, __m256i m1) {
        __m256d acc0[R], acc1[R];
        for (int r = 0; r < R; ++r) acc0[r] = acc1[r] = _mm256_setzero_pd();
        for (std::size_t k = 0; k < Kd; ++k) {
            const double* bk = b + k * ldb;
            const __m256d b0 = Full ? _mm256_loadu_pd(bk) : _mm256_maskload_pd(bk, m0);
            const __m256d b1 = Full ? _mm256_loadu_pd(bk + 4) : _mm256_maskload_pd(bk + 4, m1);
            const double* ak_ = a + k * ak;
            for (int r = 0; r < R; ++r) {
                const __m256d av = _mm256_broadcast_sd(ak_ + r * ai);
                acc0[r] = _mm256_fmadd_pd(av, b0, acc0[r]);
                acc1[r] = _mm256_fmadd_pd(av, b1, acc1[r]);
            }
        }
        const __m256d al = _mm256_set1_pd(alpha);
        for (int r = 0; r < R; ++r) {
            double* cr = c + r * ldc;
            if (Full) {
                const __m256d c0 = beta == 0.0 ? _mm256_setzero_pd() : _mm256_loadu_pd(cr);
                const __m256d c1 = beta == 0.0 ? _mm256_setzero_pd() : _mm256_loadu_pd(cr + 4);
                _mm256_storeu_pd(cr, _mm256_fmadd_pd(al, acc0[r], c0));
                _mm256_storeu_pd(cr + 4, _mm256_fmadd_pd(al, acc1[r], c1));
            } else {
                const __m256d c0 = beta == 0.0 ? _mm256_setzero_pd() : _mm256_maskload_pd(cr, m0);
                const __m256d c1 = beta == 0.0 ? _mm256_setzero_pd() : _mm256_maskload_pd(cr + 4, m1);
                _mm256_maskstore_pd(cr, m0, _mm256_fmadd_pd(al, acc0[r], c0));
                _mm256_maskstore_pd(cr + 4, m1, _mm256_fmadd_pd(al, acc1[r], c1));
            }
        }
    }
    template <bool Full>
    static inline void row_block(std::size_t rows, std::size_t Kd, double alpha, const double* a, std::size_t ai,
                                 std::size_t ak, const double* b, std::size_t ldb, double beta, double* c,
                                 std::size_t ldc, __m256i m0, __m256i m1) {
        switch (rows) {
            case 4: tile<4, Full>(Kd, alpha, a, ai, ak, b, ldb, beta, c, ldc, m0, m1); break;
            case 3: tile<3, Full>(Kd, alpha, a, ai, ak, b, ldb, beta, c, ldc, m0, m1); break;
            case 2: tile<2, Full>(Kd, alpha, a, ai, ak, b, ldb, beta, c, ldc, m0, m1); break;
            default: tile<1, Full>(Kd, alpha, a, ai, ak, b, ldb, beta, c, ldc, m0, m1); break;
        }
    }
    static void gemm(std::size_t M, std::size_t N, std::size_t Kd, double alpha, const double* a, std::size_t ai,
                     std::size_t ak, const double* b, std::size_t ldb, double beta, double* c, std::size_t ldc) {
        for (std::size_t j0 = 0; j0 < N; j0 += 8) {
            const std::size_t cols = std::min<std::size_t>(8, N - j0);
            alignas(32) long long lanes[8];
            for (std::size_t l = 0; l < 8; ++l) lanes[l] = l < cols ? -1 : 0;
            const __m256i m0 = _mm256_load_si256(reinterpret_cast<const __m256i*>(lanes));
            const __m256i m1 = _mm256_load_si256(reinterpret_cast<const __m256i*>(lanes + 4));
            for (std::size_t i0 = 0; i0 < M; i0 += 4) {
                const std::size_t rows = std::min<std::size_t>(4, M - i0);
                if (cols == 8)
                    row_block<true>(rows, Kd, alpha, a + i0 * ai, ai, ak, b + j0, ldb, beta, c + i0 * ldc + j0, ldc, m0, m1);
                else
                    row_block<false>(rows, Kd, alpha, a + i0 * ai, ai, ak, b + j0, ldb, beta, c + i0 * ldc + j0, ldc, m0, m1);
            }
        }
    }
};
#pragma GCC pop_options

bool have_avx2_fma() {
    static const bool ok = __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma");
    return ok;
}
#endif

// One iteration on the batch in ws.Xb, ws.Yb (`rows` samples); returns its loss before the update.
template <class Kern>
double step(ch7::Network& net, ch7::Workspace& ws, std::size_t rows, double eta) {
    const std::size_t D = ws.Xb.shape()[1], H = ws.A1.shape()[1], K = ws.P.shape()[1];
    double *A1 = ws.A1.data(), *P = ws.P.data(), *D1 = ws.D1.data(), *W2T = ws.W2T.data();
    const double *Xb = ws.Xb.data(), *Yb = ws.Yb.data();
    double *W1 = net.W1.data(), *b1 = net.b1.data(), *W2 = net.W2.data(), *b2 = net.b2.data();

    // Forward: each buffer starts as the bias rows, the kernel adds the product (beta = 1).
    for (std::size_t r = 0; r < rows; ++r) std::memcpy(A1 + r * H, b1, H * sizeof(double));
    Kern::gemm(rows, H, D, 1.0, Xb, D, 1, W1, H, 1.0, A1, H);   // A1 = 1 b1 + Xb W1
    Kern::sigmoid(A1, rows * H);                                 // one contiguous pass
    for (std::size_t r = 0; r < rows; ++r) std::memcpy(P + r * K, b2, K * sizeof(double));
    Kern::gemm(rows, K, H, 1.0, A1, H, 1, W2, K, 1.0, P, K);    // Z2 = 1 b2 + A1 W2

    // Softmax: subtract the row maxima, one contiguous exp over the whole block, normalise.
    for (std::size_t r = 0; r < rows; ++r) {
        double* p = P + r * K;
        const double m = *std::max_element(p, p + K);
        for (std::size_t k = 0; k < K; ++k) p[k] -= m;
    }
    Kern::exp(P, rows * K);
    double loss = 0.0;
    for (std::size_t r = 0; r < rows; ++r) {
        double* p = P + r * K;
        const double* y = Yb + r * K;
        double sum = 0.0;
        for (std::size_t k = 0; k < K; ++k) sum += p[k];
        for (std::size_t k = 0; k < K; ++k) {
            p[k] /= sum;
            if (y[k] != 0.0) loss -= y[k] * std::log(p[k] + ch7::kLogEps);
            p[k] -= y[k];  // delta2 without its 1/n
        }
    }
    loss /= static_cast<double>(rows);

    // Backward. delta1 needs the old W2: a transposed copy first (K x H, rows of W2^T contiguous).
    const double a = -eta / static_cast<double>(rows);
    for (std::size_t h = 0; h < H; ++h)
        for (std::size_t k = 0; k < K; ++k) W2T[k * H + h] = W2[h * K + k];
    Kern::gemm(rows, H, K, 1.0, P, K, 1, W2T, H, 0.0, D1, H);   // D1 = (P - Y) W2^T
    Kern::sigmoid_backward(D1, A1, rows * H);                    // (x) A1 (1 - A1)
    Kern::gemm(H, K, rows, a, A1, 1, H, P, K, 1.0, W2, K);      // W2 -= eta/n A1^T (P - Y)
    Kern::gemm(D, H, rows, a, Xb, 1, D, D1, H, 1.0, W1, H);     // W1 -= eta/n Xb^T delta1
    for (std::size_t k = 0; k < K; ++k) {                        // b2 -= eta/n 1^T (P - Y)
        double s = 0.0;
        for (std::size_t r = 0; r < rows; ++r) s += P[r * K + k];
        b2[k] += a * s;
    }
    {
        // b1 -= eta/n 1^T delta1: the column sums of D1, accumulated row by row (contiguous).
        double* s = W2T;  // W2T is free again: K x H >= H doubles when K >= 1
        std::fill(s, s + H, 0.0);
        for (std::size_t r = 0; r < rows; ++r)
            for (std::size_t h = 0; h < H; ++h) s[h] += D1[r * H + h];
        for (std::size_t h = 0; h < H; ++h) b1[h] += a * s[h];
    }
    return loss;
}

}  // namespace

double ch7::epoch_vectorised(Network& net, const Matrix& X, const Matrix& Y, std::size_t B, double eta,
                             std::uint64_t seed, Workspace& ws) {
    check_inputs(net, X, Y, B);
    const std::size_t N = X.shape()[0], D = X.shape()[1], H = net.W1.shape()[1], K = net.W2.shape()[1];
    const std::vector<std::size_t> order = wb::Rng(seed).permutation(N);
#ifdef CH7_HAVE_X86
    const bool fast = have_avx2_fma();
#else
    const bool fast = false;
#endif
    double loss_sum = 0.0;
    std::size_t batches = 0;
    for (std::size_t begin = 0; begin < N; begin += B, ++batches) {
        const std::size_t end = std::min(begin + B, N), rows = end - begin;
        ws.fit(rows, D, H, K);
        gather(X, order, begin, end, ws.Xb);
        gather(Y, order, begin, end, ws.Yb);
#ifdef CH7_HAVE_X86
        loss_sum += fast ? step<Avx2>(net, ws, rows, eta) : step<Plain>(net, ws, rows, eta);
#else
        loss_sum += step<Plain>(net, ws, rows, eta);
#endif
    }
    (void)fast;
    return loss_sum / static_cast<double>(batches);
}
// [/listing]
