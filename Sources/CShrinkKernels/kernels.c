#include "CShrinkKernels.h"

// C's entries are updated as c + alpha * s with a separate rounding of the product, exactly as the
// Swift kernel does: no contraction into fused multiply-adds outside the explicit ones.
#pragma STDC FP_CONTRACT OFF

#if defined(__x86_64__)
#include <cpuid.h>
#include <immintrin.h>

static int detect(void) {
    unsigned a, b, c, d;
    if (!__get_cpuid(1, &a, &b, &c, &d)) return 0;
    int osxsave = (c >> 27) & 1, avx = (c >> 28) & 1, fma = (c >> 12) & 1;
    if (!(osxsave && avx && fma)) return 0;
    unsigned lo, hi;
    __asm__ volatile("xgetbv" : "=a"(lo), "=d"(hi) : "c"(0));
    if ((lo & 6) != 6) return 0;  // the OS saves the XMM and YMM registers
    if (__get_cpuid_max(0, 0) < 7) return 0;
    __cpuid_count(7, 0, a, b, c, d);
    return (b >> 5) & 1;  // AVX2
}

int shrink_has_avx2_fma(void) {
    static int cached = -1;  // a benign race: every thread computes the same value
    if (cached < 0) cached = detect();
    return cached;
}

__attribute__((target("avx2,fma")))
static void store_tile(__m256d v, double alpha, double *col, int rows) {
    if (rows == 4) {
        __m256d old = _mm256_loadu_pd(col);
        _mm256_storeu_pd(col, _mm256_add_pd(old, _mm256_mul_pd(_mm256_set1_pd(alpha), v)));
        return;
    }
    double t[4];
    _mm256_storeu_pd(t, v);
    for (int i = 0; i < rows; i++) {
        double product = alpha * t[i];
        col[i] = col[i] + product;
    }
}

__attribute__((target("avx2,fma")))
void shrink_tile_4x8(long kb, const double *pa, const double *pb0, const double *pb1, double alpha,
                     double *c, long ldc, int rows, int cols) {
    __m256d c0 = _mm256_setzero_pd(), c1 = c0, c2 = c0, c3 = c0, c4 = c0, c5 = c0, c6 = c0, c7 = c0;
    for (long r = 0; r < kb; r++) {
        __m256d a = _mm256_loadu_pd(pa + 4 * r);
        const double *b0 = pb0 + 4 * r, *b1 = pb1 + 4 * r;
        c0 = _mm256_fmadd_pd(a, _mm256_broadcast_sd(b0), c0);
        c1 = _mm256_fmadd_pd(a, _mm256_broadcast_sd(b0 + 1), c1);
        c2 = _mm256_fmadd_pd(a, _mm256_broadcast_sd(b0 + 2), c2);
        c3 = _mm256_fmadd_pd(a, _mm256_broadcast_sd(b0 + 3), c3);
        c4 = _mm256_fmadd_pd(a, _mm256_broadcast_sd(b1), c4);
        c5 = _mm256_fmadd_pd(a, _mm256_broadcast_sd(b1 + 1), c5);
        c6 = _mm256_fmadd_pd(a, _mm256_broadcast_sd(b1 + 2), c6);
        c7 = _mm256_fmadd_pd(a, _mm256_broadcast_sd(b1 + 3), c7);
    }
    __m256d v[8] = {c0, c1, c2, c3, c4, c5, c6, c7};
    for (int t = 0; t < cols; t++) store_tile(v[t], alpha, c + t * ldc, rows);
}

__attribute__((target("avx2,fma")))
void shrink_tile_4x4(long kb, const double *pa, const double *pb, double alpha,
                     double *c, long ldc, int rows, int cols) {
    __m256d c0 = _mm256_setzero_pd(), c1 = c0, c2 = c0, c3 = c0;
    for (long r = 0; r < kb; r++) {
        __m256d a = _mm256_loadu_pd(pa + 4 * r);
        const double *b = pb + 4 * r;
        c0 = _mm256_fmadd_pd(a, _mm256_broadcast_sd(b), c0);
        c1 = _mm256_fmadd_pd(a, _mm256_broadcast_sd(b + 1), c1);
        c2 = _mm256_fmadd_pd(a, _mm256_broadcast_sd(b + 2), c2);
        c3 = _mm256_fmadd_pd(a, _mm256_broadcast_sd(b + 3), c3);
    }
    __m256d v[4] = {c0, c1, c2, c3};
    for (int t = 0; t < cols; t++) store_tile(v[t], alpha, c + t * ldc, rows);
}

#else

int shrink_has_avx2_fma(void) { return 0; }

void shrink_tile_4x8(long kb, const double *pa, const double *pb0, const double *pb1, double alpha,
                     double *c, long ldc, int rows, int cols) {}

void shrink_tile_4x4(long kb, const double *pa, const double *pb, double alpha,
                     double *c, long ldc, int rows, int cols) {}

#endif
