#include "CShrinkKernels.h"
#include <math.h>

// C's entries are updated as c + alpha * s with a separate rounding of the product, exactly as the
// Swift kernel does: no contraction into fused multiply-adds outside the explicit ones.
#pragma STDC FP_CONTRACT OFF

int shrink_feature_bits = 0;

static int load_vector_math(void);

__attribute__((constructor)) static void shrink_detect_features(void) {
    int avx2 = shrink_has_avx2_fma();
    shrink_feature_bits = avx2 | (shrink_has_avx512() << 1) | ((avx2 && load_vector_math()) << 2);
}

#if defined(__x86_64__)
#include <cpuid.h>
#include <dlfcn.h>
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

static int detect512(void) {
    if (!shrink_has_avx2_fma()) return 0;
    unsigned a, b, c, d;
    __cpuid_count(7, 0, a, b, c, d);
    if (!((b >> 16) & 1)) return 0;  // AVX-512 F
    unsigned lo, hi;
    __asm__ volatile("xgetbv" : "=a"(lo), "=d"(hi) : "c"(0));
    return (lo & 0xE6) == 0xE6;  // the OS saves the opmask and all ZMM registers
}

int shrink_has_avx512(void) {
    static int cached = -1;
    if (cached < 0) cached = detect512();
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

__attribute__((target("avx512f")))
void shrink_tile_8x8(long kb, const double *pa, double alpha, const double *pb0, const double *pb1,
                     double *c, long ldc, int cols) {
    const double *pa1 = pa + 4 * kb;
    __m512d c0 = _mm512_setzero_pd(), c1 = c0, c2 = c0, c3 = c0, c4 = c0, c5 = c0, c6 = c0, c7 = c0;
    for (long r = 0; r < kb; r++) {
        __m512d a = _mm512_insertf64x4(_mm512_castpd256_pd512(_mm256_loadu_pd(pa + 4 * r)),
                                       _mm256_loadu_pd(pa1 + 4 * r), 1);
        const double *b0 = pb0 + 4 * r, *b1 = pb1 + 4 * r;
        c0 = _mm512_fmadd_pd(a, _mm512_set1_pd(b0[0]), c0);
        c1 = _mm512_fmadd_pd(a, _mm512_set1_pd(b0[1]), c1);
        c2 = _mm512_fmadd_pd(a, _mm512_set1_pd(b0[2]), c2);
        c3 = _mm512_fmadd_pd(a, _mm512_set1_pd(b0[3]), c3);
        c4 = _mm512_fmadd_pd(a, _mm512_set1_pd(b1[0]), c4);
        c5 = _mm512_fmadd_pd(a, _mm512_set1_pd(b1[1]), c5);
        c6 = _mm512_fmadd_pd(a, _mm512_set1_pd(b1[2]), c6);
        c7 = _mm512_fmadd_pd(a, _mm512_set1_pd(b1[3]), c7);
    }
    __m512d v[8] = {c0, c1, c2, c3, c4, c5, c6, c7};
    __m512d scale = _mm512_set1_pd(alpha);
    for (int t = 0; t < cols; t++) {
        double *col = c + t * ldc;
        _mm512_storeu_pd(col, _mm512_add_pd(_mm512_loadu_pd(col), _mm512_mul_pd(scale, v[t])));
    }
}

__attribute__((target("avx512f")))
void shrink_cross4x4(const double *const *x, const double *const *y, long offset, long n, double *out) {
    const double *x0 = x[0] + offset, *x1 = x[1] + offset, *x2 = x[2] + offset, *x3 = x[3] + offset;
    const double *y0 = y[0] + offset, *y1 = y[1] + offset, *y2 = y[2] + offset, *y3 = y[3] + offset;
    __m512d c00 = _mm512_setzero_pd(), c01 = c00, c02 = c00, c03 = c00, c10 = c00, c11 = c00, c12 = c00, c13 = c00;
    __m512d c20 = c00, c21 = c00, c22 = c00, c23 = c00, c30 = c00, c31 = c00, c32 = c00, c33 = c00;
    long i = 0;
    for (; i + 8 <= n; i += 8) {
        __m512d a0 = _mm512_loadu_pd(x0 + i), a1 = _mm512_loadu_pd(x1 + i);
        __m512d a2 = _mm512_loadu_pd(x2 + i), a3 = _mm512_loadu_pd(x3 + i);
        __m512d b = _mm512_loadu_pd(y0 + i);
        c00 = _mm512_fmadd_pd(a0, b, c00); c10 = _mm512_fmadd_pd(a1, b, c10);
        c20 = _mm512_fmadd_pd(a2, b, c20); c30 = _mm512_fmadd_pd(a3, b, c30);
        b = _mm512_loadu_pd(y1 + i);
        c01 = _mm512_fmadd_pd(a0, b, c01); c11 = _mm512_fmadd_pd(a1, b, c11);
        c21 = _mm512_fmadd_pd(a2, b, c21); c31 = _mm512_fmadd_pd(a3, b, c31);
        b = _mm512_loadu_pd(y2 + i);
        c02 = _mm512_fmadd_pd(a0, b, c02); c12 = _mm512_fmadd_pd(a1, b, c12);
        c22 = _mm512_fmadd_pd(a2, b, c22); c32 = _mm512_fmadd_pd(a3, b, c32);
        b = _mm512_loadu_pd(y3 + i);
        c03 = _mm512_fmadd_pd(a0, b, c03); c13 = _mm512_fmadd_pd(a1, b, c13);
        c23 = _mm512_fmadd_pd(a2, b, c23); c33 = _mm512_fmadd_pd(a3, b, c33);
    }
    __m512d v[16] = {c00, c01, c02, c03, c10, c11, c12, c13, c20, c21, c22, c23, c30, c31, c32, c33};
    const double *xs[4] = {x0, x1, x2, x3}, *ys[4] = {y0, y1, y2, y3};
    for (int r = 0; r < 4; r++) {
        for (int t = 0; t < 4; t++) {
            double s = _mm512_reduce_add_pd(v[4 * r + t]);
            for (long k = i; k < n; k++) s = __builtin_fma(xs[r][k], ys[t][k], s);
            out[4 * r + t] = s;
        }
    }
}

__attribute__((target("avx512f")))
void shrink_tile_16x8(long kb, const double *pa, double alpha, const double *pb0, const double *pb1,
                      double *c, long ldc, int cols) {
    const double *pa1 = pa + 4 * kb, *pa2 = pa + 8 * kb, *pa3 = pa + 12 * kb;
    __m512d c00 = _mm512_setzero_pd(), c01 = c00, c02 = c00, c03 = c00, c04 = c00, c05 = c00, c06 = c00, c07 = c00;
    __m512d c10 = c00, c11 = c00, c12 = c00, c13 = c00, c14 = c00, c15 = c00, c16 = c00, c17 = c00;
    for (long r = 0; r < kb; r++) {
        __m512d a0 = _mm512_insertf64x4(_mm512_castpd256_pd512(_mm256_loadu_pd(pa + 4 * r)),
                                        _mm256_loadu_pd(pa1 + 4 * r), 1);
        __m512d a1 = _mm512_insertf64x4(_mm512_castpd256_pd512(_mm256_loadu_pd(pa2 + 4 * r)),
                                        _mm256_loadu_pd(pa3 + 4 * r), 1);
        const double *b0 = pb0 + 4 * r, *b1 = pb1 + 4 * r;
        __m512d b;
        b = _mm512_set1_pd(b0[0]); c00 = _mm512_fmadd_pd(a0, b, c00); c10 = _mm512_fmadd_pd(a1, b, c10);
        b = _mm512_set1_pd(b0[1]); c01 = _mm512_fmadd_pd(a0, b, c01); c11 = _mm512_fmadd_pd(a1, b, c11);
        b = _mm512_set1_pd(b0[2]); c02 = _mm512_fmadd_pd(a0, b, c02); c12 = _mm512_fmadd_pd(a1, b, c12);
        b = _mm512_set1_pd(b0[3]); c03 = _mm512_fmadd_pd(a0, b, c03); c13 = _mm512_fmadd_pd(a1, b, c13);
        b = _mm512_set1_pd(b1[0]); c04 = _mm512_fmadd_pd(a0, b, c04); c14 = _mm512_fmadd_pd(a1, b, c14);
        b = _mm512_set1_pd(b1[1]); c05 = _mm512_fmadd_pd(a0, b, c05); c15 = _mm512_fmadd_pd(a1, b, c15);
        b = _mm512_set1_pd(b1[2]); c06 = _mm512_fmadd_pd(a0, b, c06); c16 = _mm512_fmadd_pd(a1, b, c16);
        b = _mm512_set1_pd(b1[3]); c07 = _mm512_fmadd_pd(a0, b, c07); c17 = _mm512_fmadd_pd(a1, b, c17);
    }
    __m512d v[16] = {c00, c01, c02, c03, c04, c05, c06, c07, c10, c11, c12, c13, c14, c15, c16, c17};
    __m512d scale = _mm512_set1_pd(alpha);
    for (int t = 0; t < cols; t++) {
        double *col = c + t * ldc;
        _mm512_storeu_pd(col, _mm512_add_pd(_mm512_loadu_pd(col), _mm512_mul_pd(scale, v[t])));
        _mm512_storeu_pd(col + 8, _mm512_add_pd(_mm512_loadu_pd(col + 8), _mm512_mul_pd(scale, v[8 + t])));
    }
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

__attribute__((target("avx2,fma")))
static double sum4(__m256d s0, __m256d s1, __m256d s2, __m256d s3) {
    double t[4];
    _mm256_storeu_pd(t, _mm256_add_pd(_mm256_add_pd(s0, s1), _mm256_add_pd(s2, s3)));
    return (t[0] + t[1]) + (t[2] + t[3]);
}

__attribute__((target("avx2,fma")))
double shrink_dot(const double *x, const double *y, long n) {
    __m256d s0 = _mm256_setzero_pd(), s1 = s0, s2 = s0, s3 = s0;
    long i = 0;
    for (; i + 16 <= n; i += 16) {
        s0 = _mm256_fmadd_pd(_mm256_loadu_pd(x + i), _mm256_loadu_pd(y + i), s0);
        s1 = _mm256_fmadd_pd(_mm256_loadu_pd(x + i + 4), _mm256_loadu_pd(y + i + 4), s1);
        s2 = _mm256_fmadd_pd(_mm256_loadu_pd(x + i + 8), _mm256_loadu_pd(y + i + 8), s2);
        s3 = _mm256_fmadd_pd(_mm256_loadu_pd(x + i + 12), _mm256_loadu_pd(y + i + 12), s3);
    }
    for (; i + 4 <= n; i += 4) s0 = _mm256_fmadd_pd(_mm256_loadu_pd(x + i), _mm256_loadu_pd(y + i), s0);
    double s = sum4(s0, s1, s2, s3);
    for (; i < n; i++) s = __builtin_fma(x[i], y[i], s);
    return s;
}

__attribute__((target("avx2,fma")))
static double lanes(__m256d a, __m256d b) {
    double t[4];
    _mm256_storeu_pd(t, _mm256_add_pd(a, b));
    return (t[0] + t[1]) + (t[2] + t[3]);
}

__attribute__((target("avx2,fma")))
void shrink_centered_dot4(const double *x, double c, const double *w0, const double *w1, const double *w2,
                          const double *w3, long n, double *out) {
    __m256d cv = _mm256_set1_pd(c), a0 = _mm256_setzero_pd(), a1 = a0, a2 = a0, a3 = a0, b0 = a0, b1 = a0, b2 = a0,
            b3 = a0;
    long i = 0;
    for (; i + 8 <= n; i += 8) {
        __m256d u = _mm256_sub_pd(_mm256_loadu_pd(x + i), cv), v = _mm256_sub_pd(_mm256_loadu_pd(x + i + 4), cv);
        a0 = _mm256_fmadd_pd(_mm256_loadu_pd(w0 + i), u, a0);
        a1 = _mm256_fmadd_pd(_mm256_loadu_pd(w1 + i), u, a1);
        a2 = _mm256_fmadd_pd(_mm256_loadu_pd(w2 + i), u, a2);
        a3 = _mm256_fmadd_pd(_mm256_loadu_pd(w3 + i), u, a3);
        b0 = _mm256_fmadd_pd(_mm256_loadu_pd(w0 + i + 4), v, b0);
        b1 = _mm256_fmadd_pd(_mm256_loadu_pd(w1 + i + 4), v, b1);
        b2 = _mm256_fmadd_pd(_mm256_loadu_pd(w2 + i + 4), v, b2);
        b3 = _mm256_fmadd_pd(_mm256_loadu_pd(w3 + i + 4), v, b3);
    }
    if (i + 4 <= n) {
        __m256d u = _mm256_sub_pd(_mm256_loadu_pd(x + i), cv);
        a0 = _mm256_fmadd_pd(_mm256_loadu_pd(w0 + i), u, a0);
        a1 = _mm256_fmadd_pd(_mm256_loadu_pd(w1 + i), u, a1);
        a2 = _mm256_fmadd_pd(_mm256_loadu_pd(w2 + i), u, a2);
        a3 = _mm256_fmadd_pd(_mm256_loadu_pd(w3 + i), u, a3);
        i += 4;
    }
    double s0 = lanes(a0, b0), s1 = lanes(a1, b1), s2 = lanes(a2, b2), s3 = lanes(a3, b3);
    for (; i < n; i++) {
        double d = x[i] - c;
        s0 = __builtin_fma(w0[i], d, s0);
        s1 = __builtin_fma(w1[i], d, s1);
        s2 = __builtin_fma(w2[i], d, s2);
        s3 = __builtin_fma(w3[i], d, s3);
    }
    out[0] = s0;
    out[1] = s1;
    out[2] = s2;
    out[3] = s3;
}

__attribute__((target("avx2,fma")))
void shrink_dot4x2(const double *x0, const double *x1, const double *x2, const double *x3, const double *y,
                   const double *z, long n, double *out) {
    __m256d a0 = _mm256_setzero_pd(), a1 = a0, a2 = a0, a3 = a0, b0 = a0, b1 = a0, b2 = a0, b3 = a0;
    long i = 0;
    for (; i + 4 <= n; i += 4) {
        __m256d u = _mm256_loadu_pd(y + i), v = _mm256_loadu_pd(z + i);
        __m256d p0 = _mm256_loadu_pd(x0 + i), p1 = _mm256_loadu_pd(x1 + i);
        __m256d p2 = _mm256_loadu_pd(x2 + i), p3 = _mm256_loadu_pd(x3 + i);
        a0 = _mm256_fmadd_pd(p0, u, a0);
        a1 = _mm256_fmadd_pd(p1, u, a1);
        a2 = _mm256_fmadd_pd(p2, u, a2);
        a3 = _mm256_fmadd_pd(p3, u, a3);
        b0 = _mm256_fmadd_pd(p0, v, b0);
        b1 = _mm256_fmadd_pd(p1, v, b1);
        b2 = _mm256_fmadd_pd(p2, v, b2);
        b3 = _mm256_fmadd_pd(p3, v, b3);
    }
    __m256d zero = _mm256_setzero_pd();
    double s[8] = {lanes(a0, zero), lanes(a1, zero), lanes(a2, zero), lanes(a3, zero),
                   lanes(b0, zero), lanes(b1, zero), lanes(b2, zero), lanes(b3, zero)};
    const double *x[4] = {x0, x1, x2, x3};
    for (; i < n; i++) {
        for (int k = 0; k < 4; k++) {
            s[k] = __builtin_fma(x[k][i], y[i], s[k]);
            s[k + 4] = __builtin_fma(x[k][i], z[i], s[k + 4]);
        }
    }
    for (int k = 0; k < 8; k++) out[k] = s[k];
}

__attribute__((target("avx2,fma")))
double shrink_centered_dot(const double *x, double c, const double *y, long n) {
    __m256d cv = _mm256_set1_pd(c), s0 = _mm256_setzero_pd(), s1 = s0, s2 = s0, s3 = s0;
    long i = 0;
    for (; i + 16 <= n; i += 16) {
        s0 = _mm256_fmadd_pd(_mm256_sub_pd(_mm256_loadu_pd(x + i), cv), _mm256_loadu_pd(y + i), s0);
        s1 = _mm256_fmadd_pd(_mm256_sub_pd(_mm256_loadu_pd(x + i + 4), cv), _mm256_loadu_pd(y + i + 4), s1);
        s2 = _mm256_fmadd_pd(_mm256_sub_pd(_mm256_loadu_pd(x + i + 8), cv), _mm256_loadu_pd(y + i + 8), s2);
        s3 = _mm256_fmadd_pd(_mm256_sub_pd(_mm256_loadu_pd(x + i + 12), cv), _mm256_loadu_pd(y + i + 12), s3);
    }
    for (; i + 4 <= n; i += 4) s0 = _mm256_fmadd_pd(_mm256_sub_pd(_mm256_loadu_pd(x + i), cv), _mm256_loadu_pd(y + i), s0);
    double s = sum4(s0, s1, s2, s3);
    for (; i < n; i++) s = __builtin_fma(x[i] - c, y[i], s);
    return s;
}

__attribute__((target("avx2,fma")))
double shrink_centered_weighted_squares(const double *x, double c, const double *w, long n) {
    __m256d cv = _mm256_set1_pd(c), s0 = _mm256_setzero_pd(), s1 = s0, s2 = s0, s3 = s0;
    long i = 0;
    for (; i + 16 <= n; i += 16) {
        __m256d d0 = _mm256_sub_pd(_mm256_loadu_pd(x + i), cv), d1 = _mm256_sub_pd(_mm256_loadu_pd(x + i + 4), cv);
        __m256d d2 = _mm256_sub_pd(_mm256_loadu_pd(x + i + 8), cv), d3 = _mm256_sub_pd(_mm256_loadu_pd(x + i + 12), cv);
        s0 = _mm256_fmadd_pd(_mm256_mul_pd(_mm256_loadu_pd(w + i), d0), d0, s0);
        s1 = _mm256_fmadd_pd(_mm256_mul_pd(_mm256_loadu_pd(w + i + 4), d1), d1, s1);
        s2 = _mm256_fmadd_pd(_mm256_mul_pd(_mm256_loadu_pd(w + i + 8), d2), d2, s2);
        s3 = _mm256_fmadd_pd(_mm256_mul_pd(_mm256_loadu_pd(w + i + 12), d3), d3, s3);
    }
    for (; i + 4 <= n; i += 4) {
        __m256d d = _mm256_sub_pd(_mm256_loadu_pd(x + i), cv);
        s0 = _mm256_fmadd_pd(_mm256_mul_pd(_mm256_loadu_pd(w + i), d), d, s0);
    }
    double s = sum4(s0, s1, s2, s3);
    for (; i < n; i++) {
        double d = x[i] - c;
        s = __builtin_fma(w[i] * d, d, s);
    }
    return s;
}

__attribute__((target("avx2,fma")))
void shrink_centered_dot_and_weighted_squares(const double *x, double c, const double *y, const double *w,
                                              long n, double *out) {
    __m256d cv = _mm256_set1_pd(c);
    __m256d s0 = _mm256_setzero_pd(), s1 = s0, s2 = s0, s3 = s0, q0 = s0, q1 = s0, q2 = s0, q3 = s0;
    long i = 0;
    for (; i + 16 <= n; i += 16) {
        __m256d d0 = _mm256_sub_pd(_mm256_loadu_pd(x + i), cv), d1 = _mm256_sub_pd(_mm256_loadu_pd(x + i + 4), cv);
        __m256d d2 = _mm256_sub_pd(_mm256_loadu_pd(x + i + 8), cv), d3 = _mm256_sub_pd(_mm256_loadu_pd(x + i + 12), cv);
        s0 = _mm256_fmadd_pd(d0, _mm256_loadu_pd(y + i), s0);
        s1 = _mm256_fmadd_pd(d1, _mm256_loadu_pd(y + i + 4), s1);
        s2 = _mm256_fmadd_pd(d2, _mm256_loadu_pd(y + i + 8), s2);
        s3 = _mm256_fmadd_pd(d3, _mm256_loadu_pd(y + i + 12), s3);
        q0 = _mm256_fmadd_pd(_mm256_mul_pd(_mm256_loadu_pd(w + i), d0), d0, q0);
        q1 = _mm256_fmadd_pd(_mm256_mul_pd(_mm256_loadu_pd(w + i + 4), d1), d1, q1);
        q2 = _mm256_fmadd_pd(_mm256_mul_pd(_mm256_loadu_pd(w + i + 8), d2), d2, q2);
        q3 = _mm256_fmadd_pd(_mm256_mul_pd(_mm256_loadu_pd(w + i + 12), d3), d3, q3);
    }
    for (; i + 4 <= n; i += 4) {
        __m256d d = _mm256_sub_pd(_mm256_loadu_pd(x + i), cv);
        s0 = _mm256_fmadd_pd(d, _mm256_loadu_pd(y + i), s0);
        q0 = _mm256_fmadd_pd(_mm256_mul_pd(_mm256_loadu_pd(w + i), d), d, q0);
    }
    double s = sum4(s0, s1, s2, s3), q = sum4(q0, q1, q2, q3);
    for (; i < n; i++) {
        double d = x[i] - c;
        s = __builtin_fma(d, y[i], s);
        q = __builtin_fma(w[i] * d, d, q);
    }
    out[0] = s;
    out[1] = q;
}

__attribute__((target("avx2,fma")))
void shrink_centered_axpy(double a, const double *x, double c, double *y, long n) {
    __m256d av = _mm256_set1_pd(a), cv = _mm256_set1_pd(c);
    long i = 0;
    for (; i + 8 <= n; i += 8) {
        __m256d t0 = _mm256_sub_pd(_mm256_loadu_pd(x + i), cv), t1 = _mm256_sub_pd(_mm256_loadu_pd(x + i + 4), cv);
        _mm256_storeu_pd(y + i, _mm256_fmadd_pd(av, t0, _mm256_loadu_pd(y + i)));
        _mm256_storeu_pd(y + i + 4, _mm256_fmadd_pd(av, t1, _mm256_loadu_pd(y + i + 4)));
    }
    for (; i + 4 <= n; i += 4) {
        __m256d t = _mm256_sub_pd(_mm256_loadu_pd(x + i), cv);
        _mm256_storeu_pd(y + i, _mm256_fmadd_pd(av, t, _mm256_loadu_pd(y + i)));
    }
    for (; i < n; i++) y[i] = __builtin_fma(a, x[i] - c, y[i]);
}

__attribute__((target("avx2,fma")))
void shrink_axpy(double a, const double *x, double *y, long n) {
    __m256d av = _mm256_set1_pd(a);
    long i = 0;
    for (; i + 8 <= n; i += 8) {
        _mm256_storeu_pd(y + i, _mm256_fmadd_pd(av, _mm256_loadu_pd(x + i), _mm256_loadu_pd(y + i)));
        _mm256_storeu_pd(y + i + 4, _mm256_fmadd_pd(av, _mm256_loadu_pd(x + i + 4), _mm256_loadu_pd(y + i + 4)));
    }
    for (; i + 4 <= n; i += 4) _mm256_storeu_pd(y + i, _mm256_fmadd_pd(av, _mm256_loadu_pd(x + i), _mm256_loadu_pd(y + i)));
    for (; i < n; i++) y[i] = __builtin_fma(a, x[i], y[i]);
}

__attribute__((target("avx2,fma")))
void shrink_centered_weighted_axpy(double a, const double *x, double c, const double *w, double *y, long n) {
    __m256d av = _mm256_set1_pd(a), cv = _mm256_set1_pd(c);
    long i = 0;
    for (; i + 8 <= n; i += 8) {
        __m256d t0 = _mm256_mul_pd(_mm256_loadu_pd(w + i), _mm256_sub_pd(_mm256_loadu_pd(x + i), cv));
        __m256d t1 = _mm256_mul_pd(_mm256_loadu_pd(w + i + 4), _mm256_sub_pd(_mm256_loadu_pd(x + i + 4), cv));
        _mm256_storeu_pd(y + i, _mm256_fmadd_pd(av, t0, _mm256_loadu_pd(y + i)));
        _mm256_storeu_pd(y + i + 4, _mm256_fmadd_pd(av, t1, _mm256_loadu_pd(y + i + 4)));
    }
    for (; i + 4 <= n; i += 4) {
        __m256d t = _mm256_mul_pd(_mm256_loadu_pd(w + i), _mm256_sub_pd(_mm256_loadu_pd(x + i), cv));
        _mm256_storeu_pd(y + i, _mm256_fmadd_pd(av, t, _mm256_loadu_pd(y + i)));
    }
    for (; i < n; i++) y[i] = __builtin_fma(a, w[i] * (x[i] - c), y[i]);
}

typedef __m256d (*shrink_vector_function)(__m256d);
// glibc's vector math library (libmvec; `log1p` since glibc 2.35): the AVX2 variants, at most a few
// units in the last place from the correctly rounded values. Looked up when the library loads, so
// that builds and runs without it (older glibc, musl) keep the scalar path.
static shrink_vector_function vector_exp, vector_log1p;

static int load_vector_math(void) {
    void *library = dlopen("libmvec.so.1", RTLD_NOW | RTLD_LOCAL);
    if (!library) return 0;
    vector_exp = (shrink_vector_function)dlsym(library, "_ZGVdN4v_exp");
    vector_log1p = (shrink_vector_function)dlsym(library, "_ZGVdN4v_log1p");
    return vector_exp && vector_log1p;
}

__attribute__((target("avx2,fma")))
void shrink_binomial_refresh(const double *y, const double *w, const double *eta, long n, double lo,
                             double *mu, double *v, double *rho, double *out) {
    const __m256d zero = _mm256_setzero_pd(), one = _mm256_set1_pd(1.0), sign = _mm256_set1_pd(-0.0);
    const __m256d low = _mm256_set1_pd(lo), high = _mm256_set1_pd(1.0 - lo);
    __m256d loss = zero, total = zero;
    long i = 0;
    for (; i + 4 <= n; i += 4) {
        __m256d e = _mm256_loadu_pd(eta + i), wi = _mm256_loadu_pd(w + i), yi = _mm256_loadu_pd(y + i);
        __m256d x = vector_exp(_mm256_or_pd(e, sign));  // exp(-|eta|)
        __m256d l = _mm256_sub_pd(_mm256_add_pd(_mm256_max_pd(e, zero), vector_log1p(x)), _mm256_mul_pd(yi, e));
        loss = _mm256_add_pd(loss, _mm256_blendv_pd(zero, _mm256_mul_pd(wi, l), _mm256_cmp_pd(wi, zero, _CMP_GT_OQ)));
        __m256d d = _mm256_add_pd(one, x);
        __m256d m = _mm256_blendv_pd(_mm256_div_pd(x, d), _mm256_div_pd(one, d), _mm256_cmp_pd(e, zero, _CMP_GE_OQ));
        _mm256_storeu_pd(mu + i, m);
        __m256d c = _mm256_min_pd(_mm256_max_pd(m, low), high);
        __m256d vi = _mm256_mul_pd(wi, _mm256_mul_pd(c, _mm256_sub_pd(one, c)));
        _mm256_storeu_pd(v + i, vi);
        _mm256_storeu_pd(rho + i, _mm256_mul_pd(wi, _mm256_sub_pd(yi, m)));
        total = _mm256_add_pd(total, vi);
    }
    double t[4], u[4];
    _mm256_storeu_pd(t, loss);
    _mm256_storeu_pd(u, total);
    double sl = (t[0] + t[1]) + (t[2] + t[3]), sv = (u[0] + u[1]) + (u[2] + u[3]);
    for (; i < n; i++) {
        double e = eta[i], x = exp(-fabs(e));
        double l = (e > 0 ? e : 0) + log1p(x) - y[i] * e;
        if (w[i] > 0) sl += w[i] * l;
        double m = e >= 0 ? 1 / (1 + x) : x / (1 + x);
        mu[i] = m;
        double c = m < lo ? lo : (m > 1 - lo ? 1 - lo : m);
        v[i] = w[i] * (c * (1 - c));
        rho[i] = w[i] * (y[i] - m);
        sv += v[i];
    }
    out[0] = sl;
    out[1] = sv;
}

#else

int shrink_has_avx2_fma(void) { return 0; }

int shrink_has_avx512(void) { return 0; }

void shrink_tile_8x8(long kb, const double *pa, double alpha, const double *pb0, const double *pb1,
                     double *c, long ldc, int cols) {}

void shrink_tile_16x8(long kb, const double *pa, double alpha, const double *pb0, const double *pb1,
                      double *c, long ldc, int cols) {}

void shrink_cross4x4(const double *const *x, const double *const *y, long offset, long n, double *out) {}

double shrink_dot(const double *x, const double *y, long n) { return 0; }

void shrink_centered_dot4(const double *x, double c, const double *w0, const double *w1, const double *w2,
                          const double *w3, long n, double *out) {}

void shrink_binomial_refresh(const double *y, const double *w, const double *eta, long n, double lo,
                             double *mu, double *v, double *rho, double *out) {}

static int load_vector_math(void) { return 0; }

void shrink_dot4x2(const double *x0, const double *x1, const double *x2, const double *x3, const double *y,
                   const double *z, long n, double *out) {}

double shrink_centered_dot(const double *x, double c, const double *y, long n) { return 0; }

double shrink_centered_weighted_squares(const double *x, double c, const double *w, long n) { return 0; }

void shrink_centered_dot_and_weighted_squares(const double *x, double c, const double *y, const double *w,
                                              long n, double *out) {}

void shrink_axpy(double a, const double *x, double *y, long n) {}

void shrink_centered_axpy(double a, const double *x, double c, double *y, long n) {}

void shrink_centered_weighted_axpy(double a, const double *x, double c, const double *w, double *y, long n) {}

void shrink_tile_4x8(long kb, const double *pa, const double *pb0, const double *pb1, double alpha,
                     double *c, long ldc, int rows, int cols) {}

void shrink_tile_4x4(long kb, const double *pa, const double *pb, double alpha,
                     double *c, long ldc, int rows, int cols) {}

#endif
