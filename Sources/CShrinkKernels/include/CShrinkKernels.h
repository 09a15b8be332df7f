#ifndef CSHRINK_KERNELS_H
#define CSHRINK_KERNELS_H

/// Kernels for x86-64 CPUs with AVX2 and FMA, chosen at run time: register tiles of the packed
/// matrix product (`MatrixProduct`) and the centered vector kernels of the dense GLM design
/// (`Kernels.native...`). The default build targets baseline x86-64 (SSE2), on which the Swift
/// kernels do a half to a fifth of the work per cycle. Elsewhere `shrink_has_avx2_fma` returns 0
/// and the kernels are never called.

/// Returns 1 when the CPU and the operating system support AVX2 and FMA, else 0.
int shrink_has_avx2_fma(void);

/// `C[0..<rows, 0..<cols] += alpha * sum_r a_r b_r'` for one packed 4-wide strip of A (`pa`, entry
/// (r, i) at `pa[4 r + i]`) and two packed 4-wide strips of B (`pb0`, `pb1`, likewise) over `kb`
/// contraction steps; `c` is column-major with leading dimension `ldc`, `rows <= 4`, `cols <= 8`
/// (the columns of `pb1` are C's columns 4..7). Every entry is accumulated as
/// `s = fma(a_r, b_r, s)` in order of r and added to C as `c + alpha * s` (no fused rounding).
void shrink_tile_4x8(long kb, const double *pa, const double *pb0, const double *pb1, double alpha,
                     double *c, long ldc, int rows, int cols);

/// Returns 1 when the CPU and the operating system also support AVX-512 F, else 0.
int shrink_has_avx512(void);

/// The features above, detected once when the library is loaded: bit 0 `shrink_has_avx2_fma`, bit 1
/// `shrink_has_avx512`, bit 2 AVX2 with glibc's vector `exp` and `log1p` (`shrink_binomial_refresh`). Read it through `shrink_native_features`.
extern int shrink_feature_bits;

/// `shrink_feature_bits`: an inlined plain load, where a Swift `static let` costs a `swift_once`
/// check (a call into the runtime) before every vector kernel call.
static inline int shrink_native_features(void) { return shrink_feature_bits; }

/// An 8 x 8 tile on AVX-512 (call only when `shrink_has_avx512`): two consecutive packed A strips
/// (`pa` and `pa + 4 kb`, all 8 rows valid) against two B strips, `cols <= 8`. The same arithmetic
/// per entry as `shrink_tile_4x8` (one fused multiply-add chain over `r`, then `c + alpha * s`), so
/// results are bit-for-bit those of the AVX2 tiles, with twice the work per instruction.
void shrink_tile_8x8(long kb, const double *pa, double alpha, const double *pb0, const double *pb1,
                     double *c, long ldc, int cols);

/// A 16 x 8 tile on AVX-512 (call only when `shrink_has_avx512`): four consecutive packed A strips
/// (`pa`, `pa + 4 kb`, ..., all 16 rows valid) against two B strips, `cols <= 8`; each B value is
/// loaded once for two vectors of A, and sixteen independent chains hide the fused multiply-add
/// latency (in cache, about 1.2-1.35x the work per second of `shrink_tile_8x8` here). The same
/// arithmetic per entry as `shrink_tile_4x8`, so the same bits.
void shrink_tile_16x8(long kb, const double *pa, double alpha, const double *pb0, const double *pb1,
                      double *c, long ldc, int cols);

/// The tile of one B strip (`cols <= 4`), with the same arithmetic per entry as `shrink_tile_4x8`.
void shrink_tile_4x4(long kb, const double *pa, const double *pb, double alpha,
                     double *c, long ldc, int rows, int cols);

/// The binomial IRLS quantities at the linear predictor `eta` in one pass, with glibc's AVX2 vector
/// `exp` and `log1p` (AVX2/FMA CPUs only): `e = exp(-|eta_i|)`, the mean `mu_i` (`1 / (1 + e)` or
/// `e / (1 + e)`), the weight `v_i = w_i c (1 - c)` with `c = mu_i` clipped to `[lo, 1 - lo]`, the
/// residual `rho_i = w_i (y_i - mu_i)`; `out[0] = sum_(w_i > 0) w_i (max(eta_i, 0) + log1p(e) - y_i eta_i)`
/// and `out[1] = sum_i v_i`, each summed in four lanes. Call only when bit 2 of
/// `shrink_native_features` is set (glibc's vector functions were found).
void shrink_binomial_refresh(const double *y, const double *w, const double *eta, long n, double lo,
                             double *mu, double *v, double *rho, double *out);

/// `sum_i x_i y_i`, in four 4-wide fused multiply-add chains (AVX2/FMA CPUs only).
double shrink_dot(const double *x, const double *y, long n);

/// `out[4 r + t] = sum_i x_r,i y_t,i` over the n entries from `offset` of the four columns `x[r]`
/// and the four columns `y[t]`, a 4 x 4 register tile of 8-wide fused multiply-add chains, so each
/// loaded entry serves four products (AVX-512 CPUs only).
void shrink_cross4x4(const double *const *x, const double *const *y, long offset, long n, double *out);

/// `out[k] = sum_i wk_i (x_i - c)` for k = 0...3 in one pass over `x`, centered on the fly, two 4-wide
/// fused multiply-add chains per product (AVX2/FMA CPUs only). With `c = 0` it is the plain four-column
/// dot product (`x - 0` is exact).
void shrink_centered_dot4(const double *x, double c, const double *w0, const double *w1, const double *w2,
                          const double *w3, long n, double *out);

/// `out[k] = sum_i xk_i y_i` and `out[4 + k] = sum_i xk_i z_i` for k = 0...3 in one pass over the
/// four columns, one 4-wide fused multiply-add chain per product (AVX2/FMA CPUs only).
void shrink_dot4x2(const double *x0, const double *x1, const double *x2, const double *x3, const double *y,
                   const double *z, long n, double *out);

/// `sum_i (x_i - c) y_i`, in four 4-wide fused multiply-add chains (AVX2/FMA CPUs only).
double shrink_centered_dot(const double *x, double c, const double *y, long n);

/// `sum_i w_i (x_i - c)^2`, like `shrink_centered_dot` (AVX2/FMA CPUs only).
double shrink_centered_weighted_squares(const double *x, double c, const double *w, long n);

/// `out[0] = sum_i (x_i - c) y_i` and `out[1] = sum_i w_i (x_i - c)^2` in one pass over `x`, to the
/// bit as `shrink_centered_dot` and `shrink_centered_weighted_squares` (AVX2/FMA CPUs only).
void shrink_centered_dot_and_weighted_squares(const double *x, double c, const double *y, const double *w,
                                              long n, double *out);

/// `y_i += a x_i`, 4-wide fused multiply-adds (AVX2/FMA CPUs only).
void shrink_axpy(double a, const double *x, double *y, long n);

/// `y_i += a (x_i - c)`, 4-wide (AVX2/FMA CPUs only).
void shrink_centered_axpy(double a, const double *x, double c, double *y, long n);

/// `y_i += a w_i (x_i - c)`, 4-wide (AVX2/FMA CPUs only).
void shrink_centered_weighted_axpy(double a, const double *x, double c, const double *w, double *y, long n);

#include "shrink_threads.h"

#endif
