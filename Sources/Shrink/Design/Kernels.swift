import CShrinkKernels
import Dispatch

/// The dense and sparse vector kernels every solver runs on, kept in one place.
///
/// Dot products use four `SIMD4<Double>` accumulators: a plain loop does not vectorize under
/// strict floating-point ordering. The summation order is fixed, so results are bit-for-bit
/// reproducible for the same inputs.
public enum Kernels {
    /// Returns the dot product of two dense vectors of length `count`.
    ///
    /// - Complexity: O(`count`).
    @inlinable
    public static func dot(
        _ x: UnsafePointer<Double>, _ y: UnsafePointer<Double>, count: Int
    ) -> Double {
        var a0 = SIMD4<Double>(), a1 = SIMD4<Double>()
        var a2 = SIMD4<Double>(), a3 = SIMD4<Double>()
        let rx = UnsafeRawPointer(x), ry = UnsafeRawPointer(y)
        let stride = MemoryLayout<Double>.stride
        var i = 0
        while i + 16 <= count {
            let o = i * stride
            a0 += rx.loadUnaligned(fromByteOffset: o, as: SIMD4<Double>.self)
                * ry.loadUnaligned(fromByteOffset: o, as: SIMD4<Double>.self)
            a1 += rx.loadUnaligned(fromByteOffset: o + 32, as: SIMD4<Double>.self)
                * ry.loadUnaligned(fromByteOffset: o + 32, as: SIMD4<Double>.self)
            a2 += rx.loadUnaligned(fromByteOffset: o + 64, as: SIMD4<Double>.self)
                * ry.loadUnaligned(fromByteOffset: o + 64, as: SIMD4<Double>.self)
            a3 += rx.loadUnaligned(fromByteOffset: o + 96, as: SIMD4<Double>.self)
                * ry.loadUnaligned(fromByteOffset: o + 96, as: SIMD4<Double>.self)
            i += 16
        }
        while i + 4 <= count {
            let o = i * stride
            a0 += rx.loadUnaligned(fromByteOffset: o, as: SIMD4<Double>.self)
                * ry.loadUnaligned(fromByteOffset: o, as: SIMD4<Double>.self)
            i += 4
        }
        var s = ((a0 + a1) + (a2 + a3)).sum()
        while i < count {
            s += x[i] * y[i]
            i += 1
        }
        return s
    }

    /// Returns the dot products of four dense vectors with one vector `y`, all of length `count`:
    /// `(x0'y, x1'y, x2'y, x3'y)`.
    ///
    /// Each element of `y` is loaded once for the four products (a gradient sweep over many
    /// columns), with one `SIMD4<Double>` accumulator per product; the summation order is fixed.
    /// - Complexity: O(`count`), one pass over the five vectors.
    @inlinable
    public static func dot4(
        _ x0: UnsafePointer<Double>, _ x1: UnsafePointer<Double>, _ x2: UnsafePointer<Double>,
        _ x3: UnsafePointer<Double>, _ y: UnsafePointer<Double>, count: Int
    ) -> SIMD4<Double> {
        var a0 = SIMD4<Double>(), a1 = SIMD4<Double>()
        var a2 = SIMD4<Double>(), a3 = SIMD4<Double>()
        let r0 = UnsafeRawPointer(x0), r1 = UnsafeRawPointer(x1), r2 = UnsafeRawPointer(x2)
        let r3 = UnsafeRawPointer(x3), ry = UnsafeRawPointer(y)
        var i = 0
        while i + 4 <= count {
            let o = i * 8
            let v = ry.loadUnaligned(fromByteOffset: o, as: SIMD4<Double>.self)
            a0 += r0.loadUnaligned(fromByteOffset: o, as: SIMD4<Double>.self) * v
            a1 += r1.loadUnaligned(fromByteOffset: o, as: SIMD4<Double>.self) * v
            a2 += r2.loadUnaligned(fromByteOffset: o, as: SIMD4<Double>.self) * v
            a3 += r3.loadUnaligned(fromByteOffset: o, as: SIMD4<Double>.self) * v
            i += 4
        }
        var s = SIMD4<Double>(a0.sum(), a1.sum(), a2.sum(), a3.sum())
        while i < count {
            s += SIMD4<Double>(x0[i], x1[i], x2[i], x3[i]) * y[i]
            i += 1
        }
        return s
    }

    /// Returns whether every entry of a dense vector of length `count` is finite.
    ///
    /// Accumulates `x_i * 0` (NaN for an infinite or NaN entry, else 0) in `SIMD4<Double>` lanes.
    /// - Complexity: O(`count`).
    @inlinable
    public static func allFinite(_ x: UnsafePointer<Double>, count: Int) -> Bool {
        var a0 = SIMD4<Double>(), a1 = SIMD4<Double>()
        let rx = UnsafeRawPointer(x)
        var i = 0
        while i + 8 <= count {
            a0 += rx.loadUnaligned(fromByteOffset: i * 8, as: SIMD4<Double>.self) * 0
            a1 += rx.loadUnaligned(fromByteOffset: i * 8 + 32, as: SIMD4<Double>.self) * 0
            i += 8
        }
        var s = (a0 + a1).sum()
        while i < count {
            s += x[i] * 0
            i += 1
        }
        return s == 0
    }

    /// Returns the sum of squares of a dense vector of length `count`.
    ///
    /// - Complexity: O(`count`).
    @inlinable
    public static func sumOfSquares(_ x: UnsafePointer<Double>, count: Int) -> Double {
        dot(x, x, count: count)
    }

    /// Returns the sum of the elements of a dense vector of length `count`.
    ///
    /// - Complexity: O(`count`).
    @inlinable
    public static func sum(_ x: UnsafePointer<Double>, count: Int) -> Double {
        var a0 = SIMD4<Double>(), a1 = SIMD4<Double>()
        let rx = UnsafeRawPointer(x)
        var i = 0
        while i + 8 <= count {
            a0 += rx.loadUnaligned(fromByteOffset: i * 8, as: SIMD4<Double>.self)
            a1 += rx.loadUnaligned(fromByteOffset: i * 8 + 32, as: SIMD4<Double>.self)
            i += 8
        }
        var s = (a0 + a1).sum()
        while i < count {
            s += x[i]
            i += 1
        }
        return s
    }

    /// Computes `y += a * x` for dense vectors of length `count`.
    ///
    /// - Complexity: O(`count`).
    @inlinable
    public static func axpy(
        _ a: Double, _ x: UnsafePointer<Double>, _ y: UnsafeMutablePointer<Double>, count: Int
    ) {
        for i in 0..<count { y[i] += a * x[i] }
    }

    /// Returns `sum_k values[k] * y[indices[k]]`, the dot product of a sparse vector with a dense one.
    ///
    /// - Complexity: O(`count`), the number of stored entries.
    @inlinable
    public static func sparseDot(
        _ values: UnsafePointer<Double>, _ indices: UnsafePointer<Int32>, count: Int,
        _ y: UnsafePointer<Double>
    ) -> Double {
        var s0 = 0.0, s1 = 0.0, s2 = 0.0, s3 = 0.0
        var k = 0
        while k + 4 <= count {
            s0 += values[k] * y[Int(indices[k])]
            s1 += values[k + 1] * y[Int(indices[k + 1])]
            s2 += values[k + 2] * y[Int(indices[k + 2])]
            s3 += values[k + 3] * y[Int(indices[k + 3])]
            k += 4
        }
        while k < count {
            s0 += values[k] * y[Int(indices[k])]
            k += 1
        }
        return (s0 + s1) + (s2 + s3)
    }

    /// Computes `y[indices[k]] += a * values[k]` for every stored entry of a sparse vector.
    ///
    /// - Complexity: O(`count`), the number of stored entries.
    @inlinable
    public static func sparseAxpy(
        _ a: Double, _ values: UnsafePointer<Double>, _ indices: UnsafePointer<Int32>, count: Int,
        _ y: UnsafeMutablePointer<Double>
    ) {
        for k in 0..<count { y[Int(indices[k])] += a * values[k] }
    }
}

// MARK: - Fused centering

/// Kernels that center a column on the fly, `x_i - c`, inside the same single pass as the product,
/// so a standardized view of a design costs no copy and no extra memory traffic.
///
/// The centering is applied to each entry before the product (not as `x'y - c sum(y)` afterwards),
/// so a column whose mean is large against its spread loses no accuracy to cancellation: the
/// results match those on an explicitly centered copy to rounding. Each loop reads the same
/// streams as its uncentered counterpart and does one more subtraction per entry.
extension Kernels {
    /// Returns `sum_i (x_i - c) y_i`, the dot product of `x` centered at `c` with `y`.
    ///
    /// - Complexity: O(`count`), one pass over `x` and `y`.
    @inlinable
    public static func centeredDot(
        _ x: UnsafePointer<Double>, center c: Double, _ y: UnsafePointer<Double>, count: Int
    ) -> Double {
        let cv = SIMD4<Double>(repeating: c)
        var a0 = SIMD4<Double>(), a1 = SIMD4<Double>()
        var a2 = SIMD4<Double>(), a3 = SIMD4<Double>()
        let rx = UnsafeRawPointer(x), ry = UnsafeRawPointer(y)
        var i = 0
        while i + 16 <= count {
            let o = i * 8
            a0 += (rx.loadUnaligned(fromByteOffset: o, as: SIMD4<Double>.self) - cv)
                * ry.loadUnaligned(fromByteOffset: o, as: SIMD4<Double>.self)
            a1 += (rx.loadUnaligned(fromByteOffset: o + 32, as: SIMD4<Double>.self) - cv)
                * ry.loadUnaligned(fromByteOffset: o + 32, as: SIMD4<Double>.self)
            a2 += (rx.loadUnaligned(fromByteOffset: o + 64, as: SIMD4<Double>.self) - cv)
                * ry.loadUnaligned(fromByteOffset: o + 64, as: SIMD4<Double>.self)
            a3 += (rx.loadUnaligned(fromByteOffset: o + 96, as: SIMD4<Double>.self) - cv)
                * ry.loadUnaligned(fromByteOffset: o + 96, as: SIMD4<Double>.self)
            i += 16
        }
        while i + 4 <= count {
            let o = i * 8
            a0 += (rx.loadUnaligned(fromByteOffset: o, as: SIMD4<Double>.self) - cv)
                * ry.loadUnaligned(fromByteOffset: o, as: SIMD4<Double>.self)
            i += 4
        }
        var s = ((a0 + a1) + (a2 + a3)).sum()
        while i < count {
            s += (x[i] - c) * y[i]
            i += 1
        }
        return s
    }

    /// Returns `sum_i w_i (x_i - c) y_i`, the `w`-weighted dot product of `x` centered at `c` with `y`.
    ///
    /// - Complexity: O(`count`), one pass over `x`, `w` and `y`.
    @inlinable
    public static func centeredWeightedDot(
        _ x: UnsafePointer<Double>, center c: Double, _ w: UnsafePointer<Double>, _ y: UnsafePointer<Double>,
        count: Int
    ) -> Double {
        let cv = SIMD4<Double>(repeating: c)
        var a0 = SIMD4<Double>(), a1 = SIMD4<Double>()
        let rx = UnsafeRawPointer(x), rw = UnsafeRawPointer(w), ry = UnsafeRawPointer(y)
        var i = 0
        while i + 8 <= count {
            let o = i * 8
            a0 += (rx.loadUnaligned(fromByteOffset: o, as: SIMD4<Double>.self) - cv)
                * (rw.loadUnaligned(fromByteOffset: o, as: SIMD4<Double>.self)
                    * ry.loadUnaligned(fromByteOffset: o, as: SIMD4<Double>.self))
            a1 += (rx.loadUnaligned(fromByteOffset: o + 32, as: SIMD4<Double>.self) - cv)
                * (rw.loadUnaligned(fromByteOffset: o + 32, as: SIMD4<Double>.self)
                    * ry.loadUnaligned(fromByteOffset: o + 32, as: SIMD4<Double>.self))
            i += 8
        }
        var s = (a0 + a1).sum()
        while i < count {
            s += (x[i] - c) * (w[i] * y[i])
            i += 1
        }
        return s
    }

    /// Returns `sum_i x_i w_i y_i`, the `w`-weighted dot product of `x` and `y`.
    ///
    /// The same loop as ``centeredWeightedDot(_:center:_:_:count:)`` without the centering, so at
    /// center 0 the two agree bit for bit.
    /// - Complexity: O(`count`), one pass over `x`, `w` and `y`.
    @inlinable
    public static func weightedDot(
        _ x: UnsafePointer<Double>, _ w: UnsafePointer<Double>, _ y: UnsafePointer<Double>, count: Int
    ) -> Double {
        var a0 = SIMD4<Double>(), a1 = SIMD4<Double>()
        let rx = UnsafeRawPointer(x), rw = UnsafeRawPointer(w), ry = UnsafeRawPointer(y)
        var i = 0
        while i + 8 <= count {
            let o = i * 8
            a0 += rx.loadUnaligned(fromByteOffset: o, as: SIMD4<Double>.self)
                * (rw.loadUnaligned(fromByteOffset: o, as: SIMD4<Double>.self)
                    * ry.loadUnaligned(fromByteOffset: o, as: SIMD4<Double>.self))
            a1 += rx.loadUnaligned(fromByteOffset: o + 32, as: SIMD4<Double>.self)
                * (rw.loadUnaligned(fromByteOffset: o + 32, as: SIMD4<Double>.self)
                    * ry.loadUnaligned(fromByteOffset: o + 32, as: SIMD4<Double>.self))
            i += 8
        }
        var s = (a0 + a1).sum()
        while i < count {
            s += x[i] * (w[i] * y[i])
            i += 1
        }
        return s
    }

    /// Returns `sum_i w_i (x_i - c)^2`, the `w`-weighted sum of squares of `x` centered at `c`.
    ///
    /// Four scalar accumulators (as the uncentered loop it replaces): it runs once per feature and
    /// IRLS step, not per coordinate step, and stays fast in unoptimized (debug) builds.
    /// - Complexity: O(`count`), one pass over `x` and `w`.
    @inlinable
    public static func centeredWeightedSquares(
        _ x: UnsafePointer<Double>, center c: Double, _ w: UnsafePointer<Double>, count: Int
    ) -> Double {
        var s0 = 0.0, s1 = 0.0, s2 = 0.0, s3 = 0.0
        var i = 0
        while i + 4 <= count {
            let d0 = x[i] - c, d1 = x[i + 1] - c, d2 = x[i + 2] - c, d3 = x[i + 3] - c
            s0 += w[i] * (d0 * d0)
            s1 += w[i + 1] * (d1 * d1)
            s2 += w[i + 2] * (d2 * d2)
            s3 += w[i + 3] * (d3 * d3)
            i += 4
        }
        while i < count {
            let d = x[i] - c
            s0 += w[i] * (d * d)
            i += 1
        }
        return (s0 + s1) + (s2 + s3)
    }

    /// Computes `y_i += a (x_i - c)`: adds a multiple of `x` centered at `c` to `y`.
    ///
    /// A plain loop, like ``axpy(_:_:_:count:)``: without a reduction the compiler vectorizes it.
    /// - Complexity: O(`count`), one pass over `x` and `y`.
    @inlinable
    public static func centeredAxpy(
        _ a: Double, _ x: UnsafePointer<Double>, center c: Double, _ y: UnsafeMutablePointer<Double>, count: Int
    ) {
        for i in 0..<count { y[i] += a * (x[i] - c) }
    }

    /// Writes `y_i = a (x_i - c)`: a multiple of `x` centered at `c`, over whatever `y` held.
    ///
    /// The same bits as ``centeredAxpy(_:_:center:_:count:)`` or its AVX2 kernel into zeros (`+ 0`
    /// turns a product of `-0` into `+0`, as adding it to zero does), in one pass that writes `y`
    /// instead of clearing, reading and writing it. A plain loop: the compiler vectorizes it.
    /// - Complexity: O(`count`), one pass over `x` and `y`.
    @inlinable
    public static func centeredScale(
        _ a: Double, _ x: UnsafePointer<Double>, center c: Double, into y: UnsafeMutablePointer<Double>, count: Int
    ) {
        for i in 0..<count { y[i] = a * (x[i] - c) + 0 }
    }

    /// Computes `y_i += a w_i (x_i - c)`: adds a multiple of `w ∘ (x - c)` to `y`.
    ///
    /// A plain loop, like ``axpy(_:_:_:count:)``: without a reduction the compiler vectorizes it.
    /// - Complexity: O(`count`), one pass over `x`, `w` and `y`.
    @inlinable
    public static func centeredWeightedAxpy(
        _ a: Double, _ x: UnsafePointer<Double>, center c: Double, _ w: UnsafePointer<Double>,
        _ y: UnsafeMutablePointer<Double>, count: Int
    ) {
        for i in 0..<count { y[i] += a * (w[i] * (x[i] - c)) }
    }

    /// Returns `sum_i (x_i - c) w_ai` for four vectors `w_0 ... w_3` in one pass over `x`: the
    /// products of one column, centered on the fly, with four weighted columns.
    ///
    /// - Complexity: O(`count`), one pass over `x` and the four vectors.
    @inlinable
    public static func centeredDot4(
        _ x: UnsafePointer<Double>, center c: Double, _ w0: UnsafePointer<Double>, _ w1: UnsafePointer<Double>,
        _ w2: UnsafePointer<Double>, _ w3: UnsafePointer<Double>, count: Int
    ) -> SIMD4<Double> {
        let cv = SIMD4<Double>(repeating: c)
        let rx = UnsafeRawPointer(x)
        let r0 = UnsafeRawPointer(w0), r1 = UnsafeRawPointer(w1), r2 = UnsafeRawPointer(w2), r3 = UnsafeRawPointer(w3)
        var s0 = SIMD4<Double>(), s1 = SIMD4<Double>(), s2 = SIMD4<Double>(), s3 = SIMD4<Double>()
        var i = 0
        while i + 4 <= count {
            let o = i * 8
            let xv = rx.loadUnaligned(fromByteOffset: o, as: SIMD4<Double>.self) - cv
            s0 += r0.loadUnaligned(fromByteOffset: o, as: SIMD4<Double>.self) * xv
            s1 += r1.loadUnaligned(fromByteOffset: o, as: SIMD4<Double>.self) * xv
            s2 += r2.loadUnaligned(fromByteOffset: o, as: SIMD4<Double>.self) * xv
            s3 += r3.loadUnaligned(fromByteOffset: o, as: SIMD4<Double>.self) * xv
            i += 4
        }
        var t = SIMD4<Double>(s0.sum(), s1.sum(), s2.sum(), s3.sum())
        while i < count {
            let xi = x[i] - c
            t += SIMD4<Double>(w0[i], w1[i], w2[i], w3[i]) * xi
            i += 1
        }
        return t
    }
}

// MARK: - AVX2/FMA kernels chosen at run time

extension Kernels {
    /// Whether this CPU runs the AVX2/FMA kernels of `CShrinkKernels` (x86-64 with AVX2 and FMA).
    ///
    /// Detected once when the library loads (a plain load here: callgrind put 1.6 % of a p > N
    /// lasso path on the `swift_once` check of the `static let` this was).
    @inline(__always)
    static var native: Bool { shrink_native_features() & 1 != 0 }

    /// Whether this CPU also runs the AVX-512 tile of the matrix product (the same bits as the AVX2 tiles).
    @inline(__always)
    static var nativeWide: Bool { shrink_native_features() & 2 != 0 }

    /// Whether this CPU runs the AVX2 kernels and glibc's vector `exp` and `log1p` were found
    /// (`shrink_binomial_refresh`).
    @inline(__always)
    static var vectorMath: Bool { shrink_native_features() & 4 != 0 }

    /// ``dot(_:_:count:)`` on the AVX2/FMA kernel where the CPU has one.
    ///
    /// - Complexity: O(`count`).
    @inline(__always)
    static func nativeDot(_ x: UnsafePointer<Double>, _ y: UnsafePointer<Double>, count: Int) -> Double {
        native ? shrink_dot(x, y, count) : dot(x, y, count: count)
    }

    /// ``centeredDot4(_:center:_:_:_:_:count:)`` on the AVX2/FMA kernel where the CPU has one.
    ///
    /// - Complexity: O(`count`), one pass over `x` and the four vectors.
    @inline(__always)
    static func nativeCenteredDot4(
        _ x: UnsafePointer<Double>, center c: Double, _ w0: UnsafePointer<Double>, _ w1: UnsafePointer<Double>,
        _ w2: UnsafePointer<Double>, _ w3: UnsafePointer<Double>, count: Int
    ) -> SIMD4<Double> {
        guard native else { return centeredDot4(x, center: c, w0, w1, w2, w3, count: count) }
        var out = SIMD4<Double>()
        withUnsafeMutablePointer(to: &out) {
            $0.withMemoryRebound(to: Double.self, capacity: 4) { shrink_centered_dot4(x, c, w0, w1, w2, w3, count, $0) }
        }
        return out
    }

    /// ``dot4(_:_:_:_:_:count:)`` on the AVX2/FMA kernel where the CPU has one (the centered four-vector
    /// kernel at center 0: the same arithmetic).
    ///
    /// - Complexity: O(`count`), one pass over the five vectors.
    @inline(__always)
    static func nativeDot4(
        _ x0: UnsafePointer<Double>, _ x1: UnsafePointer<Double>, _ x2: UnsafePointer<Double>,
        _ x3: UnsafePointer<Double>, _ y: UnsafePointer<Double>, count: Int
    ) -> SIMD4<Double> {
        guard native else { return dot4(x0, x1, x2, x3, y, count: count) }
        var out = SIMD4<Double>()
        withUnsafeMutablePointer(to: &out) {
            $0.withMemoryRebound(to: Double.self, capacity: 4) { shrink_centered_dot4(y, 0, x0, x1, x2, x3, count, $0) }
        }
        return out
    }

    /// Calls `body(r, t, x[r]' y[t])` for the columns `x[r]` and `y[t]` (n entries each); with `upper`
    /// only for `r <= t`. The rows are taken in chunks of 256, so the chunks of all the columns stay
    /// in the L2 cache while the tiles sweep them; within a chunk, on AVX-512, 4 x 4 register tiles
    /// (each loaded entry serves four products), on AVX2 four-by-two dots, else entry by entry. The
    /// summation order depends only on the CPU's kernel and the shapes. With `portable` the entry
    /// by entry dots run even where the CPU has vector kernels, with `narrow` the AVX2 dots even
    /// where it has AVX-512 (for tests). A product of at least ``threadedCrossWork`` multiply-adds
    /// runs on two threads unless `serial`: each takes every other column of tiles through all the
    /// chunks, so each product is summed by one thread in the same order (the same bits).
    ///
    /// - Complexity: O(n |x| |y|) (about half with `upper`), O(|x| |y|) scratch.
    static func crossProducts(
        _ x: [UnsafePointer<Double>], _ y: [UnsafePointer<Double>], count n: Int, upper: Bool,
        portable: Bool = false, narrow: Bool = false, serial: Bool = false, _ body: (Int, Int, Double) -> Void
    ) {
        let m = x.count, q = y.count
        guard m > 0, q > 0 else { return }
        var sums = [Double](repeating: 0, count: m * q)
        let avx2 = native && !portable, wide = avx2 && nativeWide && !narrow
        let step = wide ? 4 : (avx2 ? 2 : 1)
        let tiles = (q + step - 1) / step
        let work = n * m * q / (upper ? 2 : 1)
        let parts = !serial && tiles >= 2 && work >= threadedCrossWork ? 2 : 1
        let xs: [UnsafePointer<Double>?] = x, ys: [UnsafePointer<Double>?] = y
        sums.withUnsafeMutableBufferPointer { sp in
            xs.withUnsafeBufferPointer { xp in
                ys.withUnsafeBufferPointer { yp in
                    let operands = CrossOperands(x: xp.baseAddress!, y: yp.baseAddress!, sums: sp.baseAddress!)
                    if parts == 1 {
                        crossSweep(operands, m: m, q: q, n: n, upper: upper, avx2: avx2, step: step, part: 0, parts: 1)
                    } else {
                        DispatchQueue.concurrentPerform(iterations: parts) { part in
                            crossSweep(operands, m: m, q: q, n: n, upper: upper, avx2: avx2, step: step,
                                       part: part, parts: parts)
                        }
                    }
                }
            }
            let s = sp.baseAddress!
            for r in 0..<m {
                for t in (upper ? r : 0)..<q { body(r, t, s[r * q + t]) }
            }
        }
    }

    /// The multiply-adds from which ``crossProducts(_:_:count:upper:portable:narrow:serial:_:)`` runs
    /// on two threads (about 0.5 ms on one core).
    static let threadedCrossWork = 1 << 22

    /// The column pointers and the sums of one ``crossProducts(_:_:count:upper:portable:narrow:serial:_:)``,
    /// handed to the second thread; each thread writes its own tiles' sums.
    private struct CrossOperands: @unchecked Sendable {
        let x: UnsafePointer<UnsafePointer<Double>?>
        let y: UnsafePointer<UnsafePointer<Double>?>
        let sums: UnsafeMutablePointer<Double>
    }

    /// Accumulates the column tiles `part, part + parts, ...` (of `step` columns each) of
    /// ``crossProducts(_:_:count:upper:portable:narrow:serial:_:)`` over every chunk of rows.
    private static func crossSweep(
        _ o: CrossOperands, m: Int, q: Int, n: Int, upper: Bool, avx2: Bool, step: Int, part: Int, parts: Int
    ) {
        let rowsPerTile = avx2 ? 4 : 1, chunk = 256
        let x = o.x, y = o.y, s = o.sums
        var tile = [Double](repeating: 0, count: 16)
        tile.withUnsafeMutableBufferPointer { tb in
            let t4 = tb.baseAddress!
            for i0 in stride(from: 0, to: max(n, 1), by: chunk) {
                let length = min(chunk, n - i0)
                var t0 = part * step
                while t0 < q {
                    let cols = min(step, q - t0)
                    var r0 = 0
                    while r0 < (upper ? min(m, t0 + cols) : m) {
                        let rows = min(rowsPerTile, m - r0)
                        if rows == 4 && cols == 4 && step == 4 {
                            shrink_cross4x4(x + r0, y + t0, i0, length, t4)
                            for r in 0..<4 { for t in 0..<4 { s[(r0 + r) * q + t0 + t] += t4[4 * r + t] } }
                        } else if rows == 4 && cols == 2 && step == 2 {
                            let (d, e) = nativeDot4x2(x[r0]! + i0, x[r0 + 1]! + i0, x[r0 + 2]! + i0, x[r0 + 3]! + i0,
                                                      y[t0]! + i0, y[t0 + 1]! + i0, count: length)
                            for r in 0..<4 {
                                s[(r0 + r) * q + t0] += d[r]
                                s[(r0 + r) * q + t0 + 1] += e[r]
                            }
                        } else {
                            for r in r0..<(r0 + rows) {
                                for t in t0..<(t0 + cols) { s[r * q + t] += nativeDot(x[r]! + i0, y[t]! + i0, count: length) }
                            }
                        }
                        r0 += rows
                    }
                    t0 += parts * step
                }
            }
        }
    }

    /// The four-column dots of `x0...x3` with `y` and with `z` in one pass over the four columns
    /// (AVX2/FMA where the CPU has it, else two ``dot4(_:_:_:_:_:count:)``): half the reads of the
    /// columns when they stream from memory.
    ///
    /// - Complexity: O(`count`), one pass over the six vectors.
    @inline(__always)
    static func nativeDot4x2(
        _ x0: UnsafePointer<Double>, _ x1: UnsafePointer<Double>, _ x2: UnsafePointer<Double>,
        _ x3: UnsafePointer<Double>, _ y: UnsafePointer<Double>, _ z: UnsafePointer<Double>, count: Int
    ) -> (SIMD4<Double>, SIMD4<Double>) {
        guard native else { return (dot4(x0, x1, x2, x3, y, count: count), dot4(x0, x1, x2, x3, z, count: count)) }
        var out = (SIMD4<Double>(), SIMD4<Double>())
        withUnsafeMutablePointer(to: &out) {
            $0.withMemoryRebound(to: Double.self, capacity: 8) { shrink_dot4x2(x0, x1, x2, x3, y, z, count, $0) }
        }
        return out
    }

    /// ``centeredDot(_:center:_:count:)`` on the AVX2/FMA kernel where the CPU has one (fused
    /// multiply-adds: the rounding differs from the portable kernel's, the same on every run).
    ///
    /// - Complexity: O(`count`).
    @inline(__always)
    static func nativeCenteredDot(
        _ x: UnsafePointer<Double>, center c: Double, _ y: UnsafePointer<Double>, count: Int
    ) -> Double {
        native ? shrink_centered_dot(x, c, y, count) : centeredDot(x, center: c, y, count: count)
    }

    /// ``centeredWeightedSquares(_:center:_:count:)`` on the AVX2/FMA kernel where the CPU has one.
    ///
    /// - Complexity: O(`count`).
    @inline(__always)
    static func nativeCenteredWeightedSquares(
        _ x: UnsafePointer<Double>, center c: Double, _ w: UnsafePointer<Double>, count: Int
    ) -> Double {
        native ? shrink_centered_weighted_squares(x, c, w, count) : centeredWeightedSquares(x, center: c, w, count: count)
    }

    /// ``nativeCenteredDot(_:center:_:count:)`` of `x` and `y` and
    /// ``nativeCenteredWeightedSquares(_:center:_:count:)`` of `x` under `w`, in one pass over `x`
    /// where the CPU has the AVX2/FMA kernel (each to the bit as computed alone).
    ///
    /// - Complexity: O(`count`).
    @inline(__always)
    static func nativeCenteredDotAndWeightedSquares(
        _ x: UnsafePointer<Double>, center c: Double, _ y: UnsafePointer<Double>, _ w: UnsafePointer<Double>,
        count: Int
    ) -> (dot: Double, squares: Double) {
        guard native else {
            return (centeredDot(x, center: c, y, count: count), centeredWeightedSquares(x, center: c, w, count: count))
        }
        var out = (0.0, 0.0)
        withUnsafeMutablePointer(to: &out) {
            $0.withMemoryRebound(to: Double.self, capacity: 2) { shrink_centered_dot_and_weighted_squares(x, c, y, w, count, $0) }
        }
        return out
    }

    /// ``axpy(_:_:_:count:)`` on the AVX2/FMA kernel where the CPU has one (fused multiply-adds).
    ///
    /// - Complexity: O(`count`).
    @inline(__always)
    static func nativeAxpy(_ a: Double, _ x: UnsafePointer<Double>, _ y: UnsafeMutablePointer<Double>, count: Int) {
        if native { shrink_axpy(a, x, y, count) } else { axpy(a, x, y, count: count) }
    }

    /// ``centeredAxpy(_:_:center:_:count:)`` on the AVX2/FMA kernel where the CPU has one.
    ///
    /// - Complexity: O(`count`).
    @inline(__always)
    static func nativeCenteredAxpy(
        _ a: Double, _ x: UnsafePointer<Double>, center c: Double, _ y: UnsafeMutablePointer<Double>, count: Int
    ) {
        if native { shrink_centered_axpy(a, x, c, y, count) } else { centeredAxpy(a, x, center: c, y, count: count) }
    }

    /// ``centeredWeightedAxpy(_:_:center:_:_:count:)`` on the AVX2/FMA kernel where the CPU has one.
    ///
    /// - Complexity: O(`count`).
    @inline(__always)
    static func nativeCenteredWeightedAxpy(
        _ a: Double, _ x: UnsafePointer<Double>, center c: Double, _ w: UnsafePointer<Double>,
        _ y: UnsafeMutablePointer<Double>, count: Int
    ) {
        if native {
            shrink_centered_weighted_axpy(a, x, c, w, y, count)
        } else {
            centeredWeightedAxpy(a, x, center: c, w, y, count: count)
        }
    }

    /// Writes `common * s_j (x_j - c_j)' v` into `out[j]` for every `j` in `features`, for the
    /// column-major `n`-row design at `x` with centers `c` and inverse scales `s` (0: the product is 0).
    ///
    /// A column marked `plain` (its center at most its spread, so no cancellation to fear) takes
    /// the product of its raw entries corrected once, `x_j'v - c_j total` with `total = sum(v)`;
    /// with `batched` four such columns go through one pass over `v`
    /// (``nativeDot4(_:_:_:_:_:count:)``, each entry of `v` loaded once for the four). The other
    /// columns take the fused centered product. The summation order depends only on `features`.
    ///
    /// - Complexity: O(n |features|).
    static func standardizedProducts(
        _ features: UnsafeBufferPointer<Int>, x: [Double], rows n: Int, centers: [Double], inverseScales: [Double],
        plain: [Bool], batched: Bool, _ v: UnsafePointer<Double>, common: Double, total: Double,
        into out: UnsafeMutablePointer<Double>
    ) {
        x.withUnsafeBufferPointer { xb in
            centers.withUnsafeBufferPointer { c in
                inverseScales.withUnsafeBufferPointer { s in
                    plain.withUnsafeBufferPointer { pb in
                        standardizedProducts(features, x: xb.baseAddress!, rows: n, centers: c.baseAddress!,
                                             inverseScales: s.baseAddress!, plain: pb.baseAddress!, batched: batched,
                                             v, common: common, total: total, into: out)
                    }
                }
            }
        }
    }

    /// ``standardizedProducts(_:x:rows:centers:inverseScales:plain:batched:_:common:total:into:)`` on
    /// the storage's pointers.
    private static func standardizedProducts(
        _ features: UnsafeBufferPointer<Int>, x: UnsafePointer<Double>, rows n: Int,
        centers c: UnsafePointer<Double>, inverseScales s: UnsafePointer<Double>, plain: UnsafePointer<Bool>,
        batched: Bool, _ v: UnsafePointer<Double>, common: Double, total: Double,
        into out: UnsafeMutablePointer<Double>
    ) {
        var pending = (0, 0, 0, 0), count = 0
        for j in features {
            let scale = s[j]
            if scale == 0 {
                out[j] = 0
            } else if !plain[j] {
                out[j] = common * scale * nativeCenteredDot(x + j * n, center: c[j], v, count: n)
            } else if !batched {
                out[j] = common * scale * (nativeDot(x + j * n, v, count: n) - c[j] * total)
            } else {
                switch count {
                case 0: pending.0 = j
                case 1: pending.1 = j
                case 2: pending.2 = j
                default: pending.3 = j
                }
                count += 1
                if count == 4 {
                    let d = nativeDot4(x + pending.0 * n, x + pending.1 * n, x + pending.2 * n, x + pending.3 * n,
                                       v, count: n)
                    let (f0, f1, f2, f3) = pending
                    out[f0] = common * s[f0] * (d[0] - c[f0] * total)
                    out[f1] = common * s[f1] * (d[1] - c[f1] * total)
                    out[f2] = common * s[f2] * (d[2] - c[f2] * total)
                    out[f3] = common * s[f3] * (d[3] - c[f3] * total)
                    count = 0
                }
            }
        }
        // The last one to three plain columns, one at a time.
        for k in 0..<count {
            let f = k == 0 ? pending.0 : (k == 1 ? pending.1 : pending.2)
            out[f] = common * s[f] * (nativeDot(x + f * n, v, count: n) - c[f] * total)
        }
    }
}
