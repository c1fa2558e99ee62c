// Reference solution of exercise 7.5 (statement: chapters/07_fast/ex5_epoch_vectorised.cpp).
//
// The top rung. What 7.4 left on the table, measured with bench/bench_ch07.cpp and perf:
//   - exp: 1024 sigmoids and 320 softmax terms an iteration at B = 32, one libm call each, cost
//     about as much as all the products; here exp works on 8 doubles at a time (AVX-512; 4 with
//     AVX2): a table of 32 powers of 2 and a degree-6 polynomial, within 1 ulp of std::exp;
//   - OpenBLAS's fixed cost per call (argument checks, dispatch, packing the operands into its
//     blocked layout) is large next to products of 32 x 64 x 32: here the products are one small
//     register-blocked kernel (AVX-512: a tile of 4 rows x 32 columns of C in 16 of the 32
//     registers, the last columns masked; AVX2: 4 rows x 12 or 8 columns in 12 or 8 of 16), one FMA
//     per element and step, the bias as the tile's starting value, the transposes as strides, the
//     update W += alpha A^T B in the tile's last step, as in 7.4; the AVX-512 kernels read the
//     batch's rows of X where they are (row pointers), without gathering them into a copy;
//   - the softmax 8 rows at a time, one sample a lane (AVX-512), or in passes over blocks of rows
//     (AVX2), so that rows overlap; the shuffled rows of the next batch prefetched while this one
//     computes.
// The kernels are chosen at run time: AVX-512 where the CPU has it, else AVX2 + FMA, else the same
// steps in plain C++ (std::exp, scalar loops): the same numbers to rounding, more slowly.
// WB_CH7_ISA=avx2|plain forces a narrower path; tests/07_fast holds each to rung 0 to 1e-12.
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
#if !defined(__clang__) && __GNUC__ == 12
// g++ 12 warns "__Y may be used uninitialized" inside its own AVX-512 intrinsics (_mm512_undefined_pd,
// GCC bug 105593, fixed in g++ 13): not this file's code.
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"
#endif
#include <immintrin.h>
#define CH7_HAVE_X86 1
#endif

// [listing:7.5]
namespace {

// ---- plain C++: the fallback, and the meaning of each kernel ----------------------------------
struct Plain {
    static constexpr bool kRowPointers = false;  // step() gathers the batch's rows into ws.Xb
    static void gemm_rows(std::size_t, std::size_t, std::size_t, double, const double* const*, bool, const double*,
                          std::size_t, double, double*, std::size_t, const double* = nullptr) {}  // not used
    // C (M x N, row stride ldc) = C0 + alpha A B with A(i, k) = a[i ai + k ak] (a transpose is a
    // swap of the strides) and B(k, j) = b[k ldb + j]. C0 is: the row `bias` in every row when bias
    // is given (the forward pass: 1 b + X W in one go); else C itself (beta = 1) or 0 (beta = 0).
    static void gemm(std::size_t M, std::size_t N, std::size_t Kd, double alpha, const double* a, std::size_t ai,
                     std::size_t ak, const double* b, std::size_t ldb, double beta, double* c, std::size_t ldc,
                     const double* bias = nullptr) {
        for (std::size_t i = 0; i < M; ++i)
            for (std::size_t j = 0; j < N; ++j) {
                double s = 0.0;
                for (std::size_t k = 0; k < Kd; ++k) s += a[i * ai + k * ak] * b[k * ldb + j];
                const double c0 = bias ? bias[j] : beta == 0.0 ? 0.0 : c[i * ldc + j];
                c[i * ldc + j] = c0 + alpha * s;
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
    // Row by row: P = softmax(Z2) (stable), the loss -sum y log(p + 1e-300), then P - Y in place.
    static double softmax_rows(double* P, const double* const* y_rows, std::size_t rows, std::size_t K) {
        double loss = 0.0;
        for (std::size_t r = 0; r < rows; ++r) {
            double* p = P + r * K;
            const double* y = y_rows[r];
            const double m = *std::max_element(p, p + K);
            double sum = 0.0;
            for (std::size_t k = 0; k < K; ++k) sum += (p[k] = std::exp(p[k] - m));
            const double inv = 1.0 / sum;
            for (std::size_t k = 0; k < K; ++k) {
                p[k] *= inv;
                if (y[k] != 0.0) loss -= y[k] * std::log(p[k] + ch7::kLogEps);
                p[k] -= y[k];
            }
        }
        return loss;
    }
};

#ifdef CH7_HAVE_X86
// 2^(j/32) for j = 0..31, for exp4 below.
const std::array<double, 32> kExp2Table = [] {
    std::array<double, 32> t{};
    for (int j = 0; j < 32; ++j) t[j] = std::exp2(j / 32.0);
    return t;
}();

// The kernels below are compiled for AVX2 + FMA (and AVX-512) whatever the compiler's own target is,
// and are only called when the CPU has them: the file builds on any x86-64 (g++ and clang++).
#if defined(__clang__)
#pragma clang attribute push(__attribute__((target("avx2,fma"))), apply_to = function)
#else
#pragma GCC push_options
#pragma GCC target("avx2,fma")
#endif
struct Avx2 {
    static constexpr bool kRowPointers = false;
    static void gemm_rows(std::size_t, std::size_t, std::size_t, double, const double* const*, bool, const double*,
                          std::size_t, double, double*, std::size_t, const double* = nullptr) {}  // not used
    // e^x for 4 lanes, within 1 ulp of std::exp (measured over 16 M arguments):
    // x = (32 n + j) ln2/32 + r with |r| <= ln2/64, so
    // e^x = 2^n 2^(j/32) e^r; 2^(j/32) from a table of 32, 2^n built in the exponent bits, e^r by
    // its Taylor polynomial to r^6 (the next term is below 4e-18). x is clamped to [-708, 709]:
    // e^-708 ~ 3e-308 stands for 0.
    static inline __m256d exp4(__m256d x) {
        x = _mm256_min_pd(_mm256_max_pd(x, _mm256_set1_pd(-708.0)), _mm256_set1_pd(709.0));
        const __m256d kf = _mm256_round_pd(_mm256_mul_pd(x, _mm256_set1_pd(46.166241308446828)),  // 32/ln2
                                           _MM_FROUND_TO_NEAREST_INT | _MM_FROUND_NO_EXC);
        __m256d r = _mm256_fnmadd_pd(kf, _mm256_set1_pd(2.1660849386535119265e-02), x);  // ln2/32, high part
        r = _mm256_fnmadd_pd(kf, _mm256_set1_pd(5.9631716539705865626e-12), r);          // ln2/32, low part
        const __m128i k = _mm256_cvtpd_epi32(kf);
        const __m128i j = _mm_and_si128(k, _mm_set1_epi32(31)), n = _mm_srai_epi32(k, 5);  // k = 32 n + j
        const __m256d t = _mm256_mask_i32gather_pd(_mm256_setzero_pd(), kExp2Table.data(), j,
                                                   _mm256_castsi256_pd(_mm256_set1_epi64x(-1)), 8);
        // e^r - 1 = r (1 + r/2 + r^2/6 + r^3/24 + r^4/120 + r^5/720) by Estrin's scheme (depth 3, not
        // Horner's 5 dependent steps), then 2^(j/32) e^r = t + t (e^r - 1) in one FMA: the small
        // correction is added to t without first rounding 1 + (e^r - 1).
        const __m256d r2 = _mm256_mul_pd(r, r), r4 = _mm256_mul_pd(r2, r2);
        const __m256d q0 = _mm256_fmadd_pd(_mm256_set1_pd(0.5), r, _mm256_set1_pd(1.0));
        const __m256d q1 = _mm256_fmadd_pd(_mm256_set1_pd(1.0 / 24), r, _mm256_set1_pd(1.0 / 6));
        const __m256d q2 = _mm256_fmadd_pd(_mm256_set1_pd(1.0 / 720), r, _mm256_set1_pd(1.0 / 120));
        const __m256d em1 = _mm256_mul_pd(r, _mm256_fmadd_pd(q2, r4, _mm256_fmadd_pd(q1, r2, q0)));
        const __m256d p = _mm256_fmadd_pd(t, em1, t);
        const __m256i bits = _mm256_slli_epi64(_mm256_add_epi64(_mm256_cvtepi32_epi64(n), _mm256_set1_epi64x(1023)), 52);
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
    // The softmax in passes over blocks of rows rather than row by row, so that the rows' chains of
    // dependent operations (max, exp, sum, divide, log) overlap instead of waiting on each other:
    // the row maxima (4 classes at a time) subtracted; one exp over the block's contiguous values;
    // the row sums; their reciprocals, 4 rows at a time; each row scaled and Y subtracted; the
    // non-zero targets found by a vector compare (not a branch per class), their logs taken last.
    static double softmax_rows(double* P, const double* const* y_rows, std::size_t rows, std::size_t K) {
        const std::size_t full = K / 4;
        const int rem = static_cast<int>(K % 4);
        const __m256d lane = _mm256_set_pd(3, 2, 1, 0);
        const __m256d tail = _mm256_cmp_pd(lane, _mm256_set1_pd(rem), _CMP_LT_OQ);  // lanes < rem
        const __m256d minus_inf = _mm256_set1_pd(-HUGE_VAL), zero = _mm256_setzero_pd();
#define load_row(p, c) ((c) < full ? _mm256_loadu_pd((p) + 4 * (c)) : load_n((p) + 4 * (c), rem))
#define store_row(p, c, v) ((c) < full ? _mm256_storeu_pd((p) + 4 * (c), (v)) : store_n((p) + 4 * (c), (v), rem))
        const std::size_t chunks = full + (rem ? 1 : 0);
        constexpr std::size_t kRows = 64;
        alignas(32) double inv[kRows];
        double arg[kRows * 4], weight[kRows * 4];  // the logs to take: weight * log(arg)
        double loss = 0.0;
        for (std::size_t r0 = 0; r0 < rows; r0 += kRows) {
            const std::size_t nr = std::min(kRows, rows - r0);
            double* blk = P + r0 * K;
            for (std::size_t r = 0; r < nr; ++r) {  // subtract the row maxima
                double* p = blk + r * K;
                __m256d mx = minus_inf;
                for (std::size_t c = 0; c < chunks; ++c)
                    mx = _mm256_max_pd(mx, c < full ? load_row(p, c) : _mm256_blendv_pd(minus_inf, load_row(p, c), tail));
                __m128d h = _mm_max_pd(_mm256_castpd256_pd128(mx), _mm256_extractf128_pd(mx, 1));
                h = _mm_max_sd(h, _mm_unpackhi_pd(h, h));
                const __m256d m = _mm256_broadcastsd_pd(h);
                for (std::size_t c = 0; c < chunks; ++c) store_row(p, c, _mm256_sub_pd(load_row(p, c), m));
            }
            exp(blk, nr * K);
            for (std::size_t r = 0; r < nr; ++r) {  // the row sums
                const double* p = blk + r * K;
                __m256d sum = zero;
                for (std::size_t c = 0; c < chunks; ++c) sum = _mm256_add_pd(sum, load_row(p, c));  // load_n pads with 0
                __m128d s2 = _mm_add_pd(_mm256_castpd256_pd128(sum), _mm256_extractf128_pd(sum, 1));
                inv[r] = _mm_cvtsd_f64(_mm_add_sd(s2, _mm_unpackhi_pd(s2, s2)));
            }
            std::size_t r = 0;
            for (; r + 4 <= nr; r += 4) _mm256_store_pd(inv + r, _mm256_div_pd(_mm256_set1_pd(1.0), _mm256_load_pd(inv + r)));
            for (; r < nr; ++r) inv[r] = 1.0 / inv[r];
            std::size_t pending = 0;
            for (r = 0; r < nr; ++r) {  // p = e / sum, the targets' logs, P - Y
                double* p = blk + r * K;
                const double* y = y_rows[r0 + r];
                const __m256d iv = _mm256_broadcast_sd(inv + r);
                for (std::size_t c = 0; c < chunks; ++c) {
                    const __m256d pv = _mm256_mul_pd(load_row(p, c), iv);
                    const __m256d yv = load_row(y, c);
                    int nz = _mm256_movemask_pd(_mm256_cmp_pd(yv, zero, _CMP_NEQ_UQ));
                    if (nz) {
                        alignas(32) double pa[4];
                        _mm256_store_pd(pa, pv);
                        for (; nz; nz &= nz - 1) {
                            const int l = __builtin_ctz(nz);
                            if (pending == kRows * 4) {
                                for (std::size_t i = 0; i < pending; ++i) loss -= weight[i] * std::log(arg[i]);
                                pending = 0;
                            }
                            arg[pending] = pa[l] + ch7::kLogEps, weight[pending] = y[4 * c + l], ++pending;
                        }
                    }
                    store_row(p, c, _mm256_sub_pd(pv, yv));
                }
            }
            for (std::size_t i = 0; i < pending; ++i) loss -= weight[i] * std::log(arg[i]);
        }
#undef load_row
#undef store_row
        return loss;
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

    // The first n (1..4) doubles at p as a register (the rest 0), and back: AMD's masked loads and
    // stores (vmaskmovpd) are microcoded and slow, so a partial register goes through SSE halves.
    static inline __m256d load_n(const double* p, int n) {
        switch (n) {
            case 4: return _mm256_loadu_pd(p);
            case 3: return _mm256_set_m128d(_mm_load_sd(p + 2), _mm_loadu_pd(p));
            case 2: return _mm256_zextpd128_pd256(_mm_loadu_pd(p));
            default: return _mm256_zextpd128_pd256(_mm_load_sd(p));
        }
    }
    static inline void store_n(double* p, __m256d v, int n) {
        switch (n) {
            case 4: _mm256_storeu_pd(p, v); break;
            case 3: _mm_storeu_pd(p, _mm256_castpd256_pd128(v)), _mm_store_sd(p + 2, _mm256_extractf128_pd(v, 1)); break;
            case 2: _mm_storeu_pd(p, _mm256_castpd256_pd128(v)); break;
            default: _mm_store_sd(p, _mm256_castpd256_pd128(v)); break;
        }
    }

    // One tile of C: R rows (R <= 4) x 4 NV columns, as R x NV accumulators of 4 doubles (at most
    // 12 of the 16 registers), of which the first `cols` columns are real (all 4 NV when Full).
    // B's rows are read whole (a partial block's B is padded); the bias row, when given, is every
    // row's starting value.
    template <int R, int NV, bool Full>
    static inline void tile(std::size_t Kd, double alpha, const double* a, std::size_t ai, std::size_t ak,
                            const double* b, std::size_t ldb, double beta, double* c, std::size_t ldc, const double* bias,
                            int cols) {
        __m256d acc[R][NV];
#pragma GCC unroll 4
        for (int r = 0; r < R; ++r)
#pragma GCC unroll 3
            for (int v = 0; v < NV; ++v) acc[r][v] = _mm256_setzero_pd();
        for (std::size_t k = 0; k < Kd; ++k) {
            const double* bk = b + k * ldb;
            __m256d bv[NV];
#pragma GCC unroll 3
            for (int v = 0; v < NV; ++v) bv[v] = _mm256_loadu_pd(bk + 4 * v);
            const double* akp = a + k * ak;
#pragma GCC unroll 4
            for (int r = 0; r < R; ++r) {
                const __m256d av = _mm256_broadcast_sd(akp + r * ai);
#pragma GCC unroll 3
                for (int v = 0; v < NV; ++v) acc[r][v] = _mm256_fmadd_pd(av, bv[v], acc[r][v]);
            }
        }
        const __m256d al = _mm256_set1_pd(alpha);
#pragma GCC unroll 3
        for (int v = 0; v < NV; ++v) {
            const int n = Full ? 4 : std::min(4, cols - 4 * v);  // real columns in this register
            if (n <= 0) break;
            const __m256d b0 = !bias ? _mm256_setzero_pd() : Full ? _mm256_loadu_pd(bias + 4 * v) : load_n(bias + 4 * v, n);
#pragma GCC unroll 4
            for (int r = 0; r < R; ++r) {
                double* cv = c + r * ldc + 4 * v;
                const __m256d c0 = bias || beta == 0.0 ? b0 : Full ? _mm256_loadu_pd(cv) : load_n(cv, n);
                const __m256d out = _mm256_fmadd_pd(al, acc[r][v], c0);
                if (Full) _mm256_storeu_pd(cv, out);
                else store_n(cv, out, n);
            }
        }
    }
    template <int NV, bool Full>
    static inline void column_block(std::size_t M, std::size_t Kd, double alpha, const double* a, std::size_t ai,
                                    std::size_t ak, const double* b, std::size_t ldb, double beta, double* c,
                                    std::size_t ldc, const double* bias, int cols) {
        std::size_t i0 = 0;
        for (; i0 + 4 <= M; i0 += 4) tile<4, NV, Full>(Kd, alpha, a + i0 * ai, ai, ak, b, ldb, beta, c + i0 * ldc, ldc, bias, cols);
        switch (M - i0) {
            case 3: tile<3, NV, Full>(Kd, alpha, a + i0 * ai, ai, ak, b, ldb, beta, c + i0 * ldc, ldc, bias, cols); break;
            case 2: tile<2, NV, Full>(Kd, alpha, a + i0 * ai, ai, ak, b, ldb, beta, c + i0 * ldc, ldc, bias, cols); break;
            case 1: tile<1, NV, Full>(Kd, alpha, a + i0 * ai, ai, ak, b, ldb, beta, c + i0 * ldc, ldc, bias, cols); break;
            default: break;
        }
    }
    static void gemm(std::size_t M, std::size_t N, std::size_t Kd, double alpha, const double* a, std::size_t ai,
                     std::size_t ak, const double* b, std::size_t ldb, double beta, double* c, std::size_t ldc,
                     const double* bias = nullptr) {
        // Columns in blocks of 8 (2 registers a row); a last block of up to 12 columns (3 registers,
        // masked): N = 10 is one block of 12 with 2 lanes idle, not 8 + a block of 2 with 6 idle.
        std::size_t j0 = 0;
        for (; N - j0 >= 12 && N - j0 != 16; j0 += 12)
            column_block<3, true>(M, Kd, alpha, a, ai, ak, b + j0, ldb, beta, c + j0, ldc, bias ? bias + j0 : nullptr, 0);
        for (; N - j0 > 12 || N - j0 == 8; j0 += 8)
            column_block<2, true>(M, Kd, alpha, a, ai, ak, b + j0, ldb, beta, c + j0, ldc, bias ? bias + j0 : nullptr, 0);
        const std::size_t cols = N - j0;
        if (cols == 0) return;
        const double* bj = bias ? bias + j0 : nullptr;
        // The last columns of B, copied into rows of 4, 8 or 12 with zeros after them: the inner
        // loop then loads whole registers (a masked load in the inner loop costs more than the copy).
        const std::size_t width = (cols + 3) / 4 * 4;
        static thread_local std::vector<double> padded;
        if (padded.size() < Kd * width) padded.resize(Kd * width);
        for (std::size_t k = 0; k < Kd; ++k)  // whole registers; load_n pads with zeros
            for (std::size_t c = 0; c < width; c += 4)
                _mm256_storeu_pd(padded.data() + k * width + c,
                                 load_n(b + k * ldb + j0 + c, static_cast<int>(std::min<std::size_t>(4, cols - c))));
        const double* bp = padded.data();
        if (cols <= 4) column_block<1, false>(M, Kd, alpha, a, ai, ak, bp, width, beta, c + j0, ldc, bj, static_cast<int>(cols));
        else if (cols <= 8) column_block<2, false>(M, Kd, alpha, a, ai, ak, bp, width, beta, c + j0, ldc, bj, static_cast<int>(cols));
        else column_block<3, false>(M, Kd, alpha, a, ai, ak, bp, width, beta, c + j0, ldc, bj, static_cast<int>(cols));
    }
};
#if defined(__clang__)
#pragma clang attribute pop
#else
#pragma GCC pop_options
#endif

#if defined(__clang__)
#pragma clang attribute push(__attribute__((target("avx512f,avx2,fma"))), apply_to = function)
#else
#pragma GCC push_options
#pragma GCC target("avx512f,avx2,fma")
#endif
struct Avx512 {
    // The same exp as Avx2::exp4 on 8 lanes (the same operations, so the same numbers): the table
    // lookup is two in-register permutes of 16 entries each and a blend, not a gather.
    static inline __m512d exp8(__m512d x) {
        x = _mm512_min_pd(_mm512_max_pd(x, _mm512_set1_pd(-708.0)), _mm512_set1_pd(709.0));
        const __m512d kf = _mm512_roundscale_pd(_mm512_mul_pd(x, _mm512_set1_pd(46.166241308446828)),  // 32/ln2
                                                _MM_FROUND_TO_NEAREST_INT | _MM_FROUND_NO_EXC);
        __m512d r = _mm512_fnmadd_pd(kf, _mm512_set1_pd(2.1660849386535119265e-02), x);  // ln2/32, high part
        r = _mm512_fnmadd_pd(kf, _mm512_set1_pd(5.9631716539705865626e-12), r);          // ln2/32, low part
        const __m512i k = _mm512_cvtepi32_epi64(_mm512_cvtpd_epi32(kf));                 // k = 32 n + j
        const double* tab = kExp2Table.data();
        const __m512d lo = _mm512_permutex2var_pd(_mm512_loadu_pd(tab), k, _mm512_loadu_pd(tab + 8));        // j < 16
        const __m512d hi = _mm512_permutex2var_pd(_mm512_loadu_pd(tab + 16), k, _mm512_loadu_pd(tab + 24));  // j >= 16
        const __m512d t = _mm512_mask_blend_pd(_mm512_test_epi64_mask(k, _mm512_set1_epi64(16)), lo, hi);
        const __m512d r2 = _mm512_mul_pd(r, r), r4 = _mm512_mul_pd(r2, r2);
        const __m512d q0 = _mm512_fmadd_pd(_mm512_set1_pd(0.5), r, _mm512_set1_pd(1.0));
        const __m512d q1 = _mm512_fmadd_pd(_mm512_set1_pd(1.0 / 24), r, _mm512_set1_pd(1.0 / 6));
        const __m512d q2 = _mm512_fmadd_pd(_mm512_set1_pd(1.0 / 720), r, _mm512_set1_pd(1.0 / 120));
        const __m512d em1 = _mm512_mul_pd(r, _mm512_fmadd_pd(q2, r4, _mm512_fmadd_pd(q1, r2, q0)));
        // times 2^n, n = floor(k / 32) (k = 32 n + j): vscalefpd multiplies by 2^floor(its argument) in
        // one instruction, where AVX2 builds 2^n in the exponent bits and multiplies
        const __m512d n = _mm512_roundscale_pd(_mm512_mul_pd(kf, _mm512_set1_pd(1.0 / 32)), _MM_FROUND_TO_NEG_INF | _MM_FROUND_NO_EXC);
        return _mm512_scalef_pd(_mm512_fmadd_pd(t, em1, t), n);
    }
    static inline __mmask8 first(std::size_t n) {  // the first n (< 8) lanes, or all 8
        return n >= 8 ? static_cast<__mmask8>(0xFF) : static_cast<__mmask8>((1u << n) - 1);
    }
    static void exp(double* z, std::size_t n) {
        std::size_t i = 0;
        for (; i + 8 <= n; i += 8) _mm512_storeu_pd(z + i, exp8(_mm512_loadu_pd(z + i)));
        if (i < n) {
            const __mmask8 m = first(n - i);
            _mm512_mask_storeu_pd(z + i, m, exp8(_mm512_maskz_loadu_pd(m, z + i)));
        }
    }
    // 1/d without a division (vdivpd on 8 lanes takes several cycles a register): the 14-bit
    // estimate vrcp14pd, then two Newton steps y += y (1 - d y), each doubling the correct bits
    // (14, 28, 56): within an ulp or two of 1/d.
    static inline __m512d recip8(__m512d d) {
        const __m512d one = _mm512_set1_pd(1.0);
        __m512d y = _mm512_rcp14_pd(d);
        y = _mm512_fmadd_pd(y, _mm512_fnmadd_pd(d, y, one), y);
        return _mm512_fmadd_pd(y, _mm512_fnmadd_pd(d, y, one), y);
    }
    static inline __m512d sigmoid8(__m512d z) {
        return recip8(_mm512_add_pd(_mm512_set1_pd(1.0), exp8(_mm512_sub_pd(_mm512_setzero_pd(), z))));
    }
    static void sigmoid(double* z, std::size_t n) {
        std::size_t i = 0;
        for (; i + 8 <= n; i += 8) _mm512_storeu_pd(z + i, sigmoid8(_mm512_loadu_pd(z + i)));
        if (i < n) {
            const __mmask8 m = first(n - i);
            _mm512_mask_storeu_pd(z + i, m, sigmoid8(_mm512_maskz_loadu_pd(m, z + i)));
        }
    }
    static void sigmoid_backward(double* d, const double* a, std::size_t n) {
        const __m512d one = _mm512_set1_pd(1.0);
        for (std::size_t i = 0; i < n; i += 8) {
            const __mmask8 m = first(n - i);
            const __m512d av = _mm512_maskz_loadu_pd(m, a + i);
            _mm512_mask_storeu_pd(d + i, m, _mm512_mul_pd(_mm512_maskz_loadu_pd(m, d + i), _mm512_mul_pd(av, _mm512_sub_pd(one, av))));
        }
    }
    // Up to 16 classes, 8 rows at a time with one sample a lane: register k holds class k of 8
    // samples (gathered from the rows), so that the row maxima and sums are plain vertical
    // operations over K registers, every lane of every exp is used (80 exps in 10 registers for
    // K = 10, not 16 lanes a row), and the 8 rows' chains overlap. (Row by row, with a horizontal
    // maximum and sum in each row's chain of dependent steps, the rows ran one after the other.)
    static double softmax_rows_by_lanes(double* P, const double* const* y_rows, std::size_t rows, std::size_t K) {
        constexpr std::size_t kMaxK = 16, kLogs = 256;
        const long long k1 = static_cast<long long>(K);
        const __m512i row_index = _mm512_set_epi64(7 * k1, 6 * k1, 5 * k1, 4 * k1, 3 * k1, 2 * k1, k1, 0);  // row r at r K
        const __m512d zero = _mm512_setzero_pd();
        alignas(64) double out[kMaxK][8];       // P - Y, class k of the 8 rows: written back row by row
        double arg[kLogs + 8], weight[kLogs + 8];  // the logs to take, weight * log(arg), a batch at once
        std::size_t pending = 0;
        double loss = 0.0;
        for (std::size_t r0 = 0; r0 < rows; r0 += 8) {
            const std::size_t nr = std::min<std::size_t>(8, rows - r0);
            const __mmask8 live = first(nr);
            const double* p = P + r0 * K;
            // the 8 rows' target pointers, as integers: gathering y[k] from each is a gather at 8 k bytes
            const __m512i yp = _mm512_maskz_loadu_epi64(live, y_rows + r0);
            __m512d v[kMaxK];
            __m512d mx = _mm512_set1_pd(-HUGE_VAL);
            for (std::size_t k = 0; k < K; ++k) {
                v[k] = _mm512_mask_i64gather_pd(zero, live, row_index, p + k, 8);
                mx = _mm512_max_pd(mx, v[k]);
            }
            __m512d sum = zero;
            for (std::size_t k = 0; k < K; ++k) sum = _mm512_add_pd(sum, v[k] = exp8(_mm512_sub_pd(v[k], mx)));
            const __m512d inv = _mm512_div_pd(_mm512_set1_pd(1.0), sum);
            if (pending + 8 * K > kLogs) {
                for (std::size_t i = 0; i < pending; ++i) loss -= weight[i] * std::log(arg[i]);
                pending = 0;
            }
            // Per lane, the target's probability and weight (one class with y != 0 for one-hot targets,
            // picked by blends: no branch on where the target is, no chain of dependent steps from
            // one class to the next); a lane with two or more non-zero targets sends the group the
            // general way, every non-zero class's log.
            __m512d pt = _mm512_set1_pd(1.0), wt = zero, yv[kMaxK];
            unsigned seen = 0, twice = 0;
            for (std::size_t k = 0; k < K; ++k) {
                v[k] = _mm512_mul_pd(v[k], inv);
                yv[k] = _mm512_mask_i64gather_pd(zero, live, _mm512_add_epi64(yp, _mm512_set1_epi64(static_cast<long long>(8 * k))),
                                                 nullptr, 1);
                const __mmask8 nz = _mm512_mask_cmp_pd_mask(live, yv[k], zero, _CMP_NEQ_UQ);
                pt = _mm512_mask_blend_pd(nz, pt, v[k]);
                wt = _mm512_mask_blend_pd(nz, wt, yv[k]);
                twice |= seen & nz, seen |= nz;
                _mm512_store_pd(out[k], _mm512_sub_pd(v[k], yv[k]));
            }
            const __m512d eps = _mm512_set1_pd(ch7::kLogEps);
            auto append = [&](__mmask8 m, __m512d p_, __m512d w_) {  // the logs to take: weight * log(p + 1e-300)
                _mm512_storeu_pd(arg + pending, _mm512_maskz_compress_pd(m, _mm512_add_pd(p_, eps)));
                _mm512_storeu_pd(weight + pending, _mm512_maskz_compress_pd(m, w_));
                pending += static_cast<std::size_t>(__builtin_popcount(m));
            };
            if (!twice) append(static_cast<__mmask8>(seen), pt, wt);
            else
                for (std::size_t k = 0; k < K; ++k) append(_mm512_mask_cmp_pd_mask(live, yv[k], zero, _CMP_NEQ_UQ), v[k], yv[k]);
            double* q = P + r0 * K;
            for (std::size_t r = 0; r < nr; ++r)
                for (std::size_t k = 0; k < K; ++k) q[r * K + k] = out[k][r];
        }
        for (std::size_t i = 0; i < pending; ++i) loss -= weight[i] * std::log(arg[i]);
        return loss;
    }
    // Any number of classes: as Avx2::softmax_rows, 8 classes a register, in passes over blocks of rows.
    static double softmax_rows(double* P, const double* const* y_rows, std::size_t rows, std::size_t K) {
        if (K <= 16) return softmax_rows_by_lanes(P, y_rows, rows, K);
        const std::size_t chunks = (K + 7) / 8;
        const __mmask8 last = first(K - 8 * (chunks - 1));
        const __m512d minus_inf = _mm512_set1_pd(-HUGE_VAL), zero = _mm512_setzero_pd();
        constexpr std::size_t kRows = 64;
        alignas(64) double inv[kRows];
        double arg[kRows * 8], weight[kRows * 8];  // the logs to take: weight * log(arg)
        double loss = 0.0;
        for (std::size_t r0 = 0; r0 < rows; r0 += kRows) {
            const std::size_t nr = std::min(kRows, rows - r0);
            double* blk = P + r0 * K;
            for (std::size_t r = 0; r < nr; ++r) {  // subtract the row maxima
                double* p = blk + r * K;
                __m512d mx = minus_inf;
                for (std::size_t c = 0; c < chunks; ++c)
                    mx = _mm512_max_pd(mx, _mm512_mask_loadu_pd(minus_inf, c + 1 < chunks ? 0xFF : last, p + 8 * c));
                const __m512d m = _mm512_set1_pd(_mm512_reduce_max_pd(mx));
                for (std::size_t c = 0; c < chunks; ++c) {
                    const __mmask8 mk = c + 1 < chunks ? 0xFF : last;
                    _mm512_mask_storeu_pd(p + 8 * c, mk, _mm512_sub_pd(_mm512_maskz_loadu_pd(mk, p + 8 * c), m));
                }
            }
            exp(blk, nr * K);
            for (std::size_t r = 0; r < nr; ++r) {  // the row sums
                const double* p = blk + r * K;
                __m512d sum = zero;
                for (std::size_t c = 0; c < chunks; ++c)
                    sum = _mm512_add_pd(sum, _mm512_maskz_loadu_pd(c + 1 < chunks ? 0xFF : last, p + 8 * c));
                inv[r] = _mm512_reduce_add_pd(sum);
            }
            for (std::size_t r = 0; r < nr; r += 8) {
                const __mmask8 m = first(nr - r);
                _mm512_mask_storeu_pd(inv + r, m, _mm512_div_pd(_mm512_set1_pd(1.0), _mm512_mask_loadu_pd(_mm512_set1_pd(1.0), m, inv + r)));
            }
            std::size_t pending = 0;
            for (std::size_t r = 0; r < nr; ++r) {  // p = e / sum, the targets' logs, P - Y
                double* p = blk + r * K;
                const double* y = y_rows[r0 + r];
                const __m512d iv = _mm512_set1_pd(inv[r]);
                for (std::size_t c = 0; c < chunks; ++c) {
                    const __mmask8 mk = c + 1 < chunks ? 0xFF : last;
                    const __m512d pv = _mm512_mul_pd(_mm512_maskz_loadu_pd(mk, p + 8 * c), iv);
                    const __m512d yv = _mm512_maskz_loadu_pd(mk, y + 8 * c);
                    unsigned nz = _mm512_mask_cmp_pd_mask(mk, yv, zero, _CMP_NEQ_UQ);
                    if (nz) {
                        alignas(64) double pa[8];
                        _mm512_store_pd(pa, pv);
                        for (; nz; nz &= nz - 1) {
                            const int l = __builtin_ctz(nz);
                            if (pending == kRows * 8) {
                                for (std::size_t i = 0; i < pending; ++i) loss -= weight[i] * std::log(arg[i]);
                                pending = 0;
                            }
                            arg[pending] = pa[l] + ch7::kLogEps, weight[pending] = y[8 * c + l], ++pending;
                        }
                    }
                    _mm512_mask_storeu_pd(p + 8 * c, mk, _mm512_sub_pd(pv, yv));
                }
            }
            for (std::size_t i = 0; i < pending; ++i) loss -= weight[i] * std::log(arg[i]);
        }
        return loss;
    }

    // The left operand of a product, A (M x Kd), in one of three layouts (Mode, a template argument):
    //   0: strided, A(i, k) = a[i ai + k ak] (a transpose is a swap of the strides);
    //   1: A(i, k) = rows[i][k], the batch's rows of X where they are in X (no gathered copy);
    //   2: A(i, k) = rows[k][i], the transpose of that.
    struct ARef {
        const double* a;
        std::size_t ai, ak;
        const double* const* rows;
    };
    static constexpr bool kRowPointers = true;  // step() hands the rows of X to gemm_rows, ungathered

    // One tile of C: R rows (from row i0) x NV registers of 8 columns (R NV accumulators of the 32
    // registers), the last register's columns masked by `last` (0xFF when full). AVX-512 masks B's
    // last columns in the load itself: no padded copy.
    template <int R, int NV, int Mode>
    static inline void tile(std::size_t Kd, double alpha, const ARef& A, std::size_t i0, const double* b, std::size_t ldb,
                            double beta, double* c, std::size_t ldc, const double* bias, __mmask8 last) {
        __m512d acc[R][NV];
#pragma GCC unroll 8
        for (int r = 0; r < R; ++r)
#pragma GCC unroll 4
            for (int v = 0; v < NV; ++v) acc[r][v] = _mm512_setzero_pd();
        const double* a = Mode == 0 ? A.a + i0 * A.ai : nullptr;
        const double* rp[R];
        if (Mode == 1)
#pragma GCC unroll 8
            for (int r = 0; r < R; ++r) rp[r] = A.rows[i0 + r];
        for (std::size_t k = 0; k < Kd; ++k) {
            const double* bk = b + k * ldb;
            __m512d bv[NV];
#pragma GCC unroll 4
            for (int v = 0; v < NV; ++v) bv[v] = v + 1 < NV ? _mm512_loadu_pd(bk + 8 * v) : _mm512_maskz_loadu_pd(last, bk + 8 * v);
            const double* akp = Mode == 0 ? a + k * A.ak : Mode == 2 ? A.rows[k] + i0 : nullptr;
#pragma GCC unroll 8
            for (int r = 0; r < R; ++r) {
                const __m512d av = _mm512_set1_pd(Mode == 0 ? akp[r * A.ai] : Mode == 1 ? rp[r][k] : akp[r]);
#pragma GCC unroll 4
                for (int v = 0; v < NV; ++v) acc[r][v] = _mm512_fmadd_pd(av, bv[v], acc[r][v]);
            }
        }
        const __m512d al = _mm512_set1_pd(alpha);
#pragma GCC unroll 4
        for (int v = 0; v < NV; ++v) {
            const __mmask8 m = v + 1 < NV ? static_cast<__mmask8>(0xFF) : last;
            const __m512d b0 = bias ? _mm512_maskz_loadu_pd(m, bias + 8 * v) : _mm512_setzero_pd();
#pragma GCC unroll 8
            for (int r = 0; r < R; ++r) {
                double* cv = c + (i0 + r) * ldc + 8 * v;
                const __m512d c0 = bias || beta == 0.0 ? b0 : _mm512_maskz_loadu_pd(m, cv);
                const __m512d out = _mm512_fmadd_pd(al, acc[r][v], c0);
                if (m == 0xFF) _mm512_storeu_pd(cv, out);
                else _mm512_mask_storeu_pd(cv, m, out);
            }
        }
    }
    // All M rows of one block of columns: tiles of 8 rows (4 when the block is 4 registers wide),
    // then 4, 2, 1 for the rest.
    template <int NV, int Mode>
    static inline void column_block(std::size_t M, std::size_t Kd, double alpha, const ARef& A, const double* b,
                                    std::size_t ldb, double beta, double* c, std::size_t ldc, const double* bias,
                                    __mmask8 last) {
        constexpr int R = NV <= 2 ? 8 : 4;
        std::size_t i0 = 0;
        for (; i0 + R <= M; i0 += R) tile<R, NV, Mode>(Kd, alpha, A, i0, b, ldb, beta, c, ldc, bias, last);
        if (R == 8 && i0 + 4 <= M) tile<4, NV, Mode>(Kd, alpha, A, i0, b, ldb, beta, c, ldc, bias, last), i0 += 4;
        if (i0 + 2 <= M) tile<2, NV, Mode>(Kd, alpha, A, i0, b, ldb, beta, c, ldc, bias, last), i0 += 2;
        if (i0 < M) tile<1, NV, Mode>(Kd, alpha, A, i0, b, ldb, beta, c, ldc, bias, last);
    }
    template <int Mode>
    static void gemm_a(std::size_t M, std::size_t N, std::size_t Kd, double alpha, const ARef& A, const double* b,
                       std::size_t ldb, double beta, double* c, std::size_t ldc, const double* bias) {
        // Columns in blocks of 32 (4 registers a row), then one block of the rest (1 to 4 registers,
        // the last one masked): N = 10 is 8 + 2 columns.
        std::size_t j0 = 0;
        for (; j0 + 32 <= N; j0 += 32)
            column_block<4, Mode>(M, Kd, alpha, A, b + j0, ldb, beta, c + j0, ldc, bias ? bias + j0 : nullptr, 0xFF);
        const std::size_t cols = N - j0;
        if (cols == 0) return;
        const __mmask8 last = first(cols - 8 * ((cols - 1) / 8));
        const double* bj = bias ? bias + j0 : nullptr;
        switch ((cols + 7) / 8) {
            case 1: column_block<1, Mode>(M, Kd, alpha, A, b + j0, ldb, beta, c + j0, ldc, bj, last); break;
            case 2: column_block<2, Mode>(M, Kd, alpha, A, b + j0, ldb, beta, c + j0, ldc, bj, last); break;
            case 3: column_block<3, Mode>(M, Kd, alpha, A, b + j0, ldb, beta, c + j0, ldc, bj, last); break;
            default: column_block<4, Mode>(M, Kd, alpha, A, b + j0, ldb, beta, c + j0, ldc, bj, last); break;
        }
    }
    static void gemm(std::size_t M, std::size_t N, std::size_t Kd, double alpha, const double* a, std::size_t ai,
                     std::size_t ak, const double* b, std::size_t ldb, double beta, double* c, std::size_t ldc,
                     const double* bias = nullptr) {
        gemm_a<0>(M, N, Kd, alpha, ARef{a, ai, ak, nullptr}, b, ldb, beta, c, ldc, bias);
    }
    // As gemm, A = the matrix whose rows are rows[0..M) (or its transpose): the batch's rows of X
    // read where they are, not gathered into a copy first.
    static void gemm_rows(std::size_t M, std::size_t N, std::size_t Kd, double alpha, const double* const* rows,
                          bool transposed, const double* b, std::size_t ldb, double beta, double* c, std::size_t ldc,
                          const double* bias = nullptr) {
        const ARef A{nullptr, 0, 0, rows};
        if (transposed) gemm_a<2>(M, N, Kd, alpha, A, b, ldb, beta, c, ldc, bias);
        else gemm_a<1>(M, N, Kd, alpha, A, b, ldb, beta, c, ldc, bias);
    }
};
#if defined(__clang__)
#pragma clang attribute pop
#else
#pragma GCC pop_options
#endif

// Which kernels to run: the widest the CPU has (AVX-512F, else AVX2 + FMA, else plain C++),
// narrowed by the environment: WB_CH7_ISA=avx512|avx2|plain (the tests force each path that way;
// WB_CH7_PLAIN=1, the older switch, means plain). Asking for more than the CPU has gives what it has.
enum class Isa { plain = 0, avx2 = 1, avx512 = 2 };
Isa choose_isa() {
    static const Isa best = __builtin_cpu_supports("avx512f") ? Isa::avx512
                            : __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma") ? Isa::avx2
                                                                                              : Isa::plain;
    Isa want = best;
    if (std::getenv("WB_CH7_PLAIN")) want = Isa::plain;
    if (const char* e = std::getenv("WB_CH7_ISA")) {
        const std::string s = e;
        if (s == "plain") want = Isa::plain;
        else if (s == "avx2") want = Isa::avx2;
    }
    return std::min(want, best);
}
#endif

// One iteration on the batch in ws.Xb (`rows` samples; their targets are rows y_rows[r] of Y);
// returns its loss before the update. `ones` holds at least `rows` ones.
template <class Kern>
double step(ch7::Network& net, ch7::Workspace& ws, const double* const* x_rows, const double* const* y_rows,
            const double* ones, std::size_t rows, double eta) {
    const std::size_t D = ws.Xb.shape()[1], H = ws.A1.shape()[1], K = ws.P.shape()[1];
    double *A1 = ws.A1.data(), *P = ws.P.data(), *D1 = ws.D1.data(), *W2T = ws.W2T.data();
    const double* Xb = ws.Xb.data();
    double *W1 = net.W1.data(), *b1 = net.b1.data(), *W2 = net.W2.data(), *b2 = net.b2.data();

    // Forward: the kernel starts each row of C from the bias row and adds the product.
    if constexpr (Kern::kRowPointers) Kern::gemm_rows(rows, H, D, 1.0, x_rows, false, W1, H, 0.0, A1, H, b1);
    else Kern::gemm(rows, H, D, 1.0, Xb, D, 1, W1, H, 0.0, A1, H, b1);  // A1 = 1 b1 + Xb W1
    Kern::sigmoid(A1, rows * H);                                    // one contiguous pass
    Kern::gemm(rows, K, H, 1.0, A1, H, 1, W2, K, 0.0, P, K, b2);   // Z2 = 1 b2 + A1 W2

    // Softmax, loss and delta2 = P - Y (without its 1/n), row by row, in P.
    double loss = Kern::softmax_rows(P, y_rows, rows, K);
    loss /= static_cast<double>(rows);

    // Backward. delta1 needs the old W2: a transposed copy first (K x H, rows of W2^T contiguous).
    const double a = -eta / static_cast<double>(rows);
    for (std::size_t h = 0; h < H; ++h)
        for (std::size_t k = 0; k < K; ++k) W2T[k * H + h] = W2[h * K + k];
    Kern::gemm(rows, H, K, 1.0, P, K, 1, W2T, H, 0.0, D1, H);   // D1 = (P - Y) W2^T
    Kern::sigmoid_backward(D1, A1, rows * H);                    // (x) A1 (1 - A1)
    Kern::gemm(H, K, rows, a, A1, 1, H, P, K, 1.0, W2, K);      // W2 -= eta/n A1^T (P - Y)
    Kern::gemm(1, K, rows, a, ones, 0, 1, P, K, 1.0, b2, K);    // b2 -= eta/n 1^T (P - Y)
    if constexpr (Kern::kRowPointers) Kern::gemm_rows(D, H, rows, a, x_rows, true, D1, H, 1.0, W1, H);
    else Kern::gemm(D, H, rows, a, Xb, 1, D, D1, H, 1.0, W1, H);  // W1 -= eta/n Xb^T delta1
    Kern::gemm(1, H, rows, a, ones, 0, 1, D1, H, 1.0, b1, H);   // b1 -= eta/n 1^T delta1
    return loss;
}

}  // namespace

double ch7::epoch_vectorised(Network& net, const Matrix& X, const Matrix& Y, std::size_t B, double eta,
                             std::uint64_t seed, Workspace& ws) {
    check_inputs(net, X, Y, B);
    const std::size_t N = X.shape()[0], D = X.shape()[1], H = net.W1.shape()[1], K = net.W2.shape()[1];
    const std::vector<std::size_t> order = wb::Rng(seed).permutation(N);
#ifdef CH7_HAVE_X86
    const Isa isa = choose_isa();
#endif
    std::vector<const double*> x_rows(N), y_rows(N);  // where each sample's rows are, in the epoch's order
    for (std::size_t i = 0; i < N; ++i) x_rows[i] = X.data() + order[i] * D, y_rows[i] = Y.data() + order[i] * K;
    double loss_sum = 0.0;
    std::size_t batches = 0;
    for (std::size_t begin = 0; begin < N; begin += B, ++batches) {
        const std::size_t end = std::min(begin + B, N), rows = end - begin;
        ws.fit(rows, D, H, K);
#ifdef CH7_HAVE_X86
        // The AVX-512 kernels read the batch's rows where they are in X; the others want them
        // contiguous, gathered into ws.Xb.
        if (isa != Isa::avx512) gather(X, order, begin, end, ws.Xb);
#else
        gather(X, order, begin, end, ws.Xb);
#endif
#ifdef CH7_HAVE_X86
        // The next batch's rows are scattered over X (the shuffle): ask for them now, so that they
        // arrive from L3 while this batch computes.
        for (std::size_t i = end; i < std::min(end + B, N); ++i)
        {
            for (std::size_t d = 0; d < D; d += 8) _mm_prefetch(reinterpret_cast<const char*>(x_rows[i] + d), _MM_HINT_T0);
            _mm_prefetch(reinterpret_cast<const char*>(y_rows[i]), _MM_HINT_T0);
        }
#endif
        const double* ones = ws.ones.data();
#ifdef CH7_HAVE_X86
        const double *const *xb = x_rows.data() + begin, *const *yb = y_rows.data() + begin;
        loss_sum += isa == Isa::avx512 ? step<Avx512>(net, ws, xb, yb, ones, rows, eta)
                    : isa == Isa::avx2 ? step<Avx2>(net, ws, xb, yb, ones, rows, eta)
                                       : step<Plain>(net, ws, xb, yb, ones, rows, eta);
#else
        loss_sum += step<Plain>(net, ws, x_rows.data() + begin, y_rows.data() + begin, ones, rows, eta);
#endif
    }
    return loss_sum / static_cast<double>(batches);
}
// [/listing]
