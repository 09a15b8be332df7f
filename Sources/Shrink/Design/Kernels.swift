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
