// MARK: - Weighted Gram blocks

extension Kernels {
    /// Accumulates the products of a block of columns with their weighted copies:
    /// `gram[a * m + c] += sum_i weighted_a[i] columns_c[i]` for every `a <= c`.
    ///
    /// Column `a` of the block starts at `columns + a * stride` (its weighted copy at
    /// `weighted + a * stride`) and has `count` entries. Four weighted columns are multiplied with
    /// each column in one pass, so each column entry is loaded once per four products. The lower
    /// triangle of `gram` is not touched.
    ///
    /// - Complexity: O(`count` m^2 / 2).
    @inlinable
    public static func weightedGramBlock(
        _ columns: UnsafePointer<Double>, weighted: UnsafePointer<Double>, stride: Int, columnCount m: Int,
        count: Int, into gram: UnsafeMutablePointer<Double>
    ) {
        let bytes = MemoryLayout<Double>.stride
        var a = 0
        while a < m {
            let width = min(4, m - a)
            let w0 = UnsafeRawPointer(weighted + a * stride)
            let w1 = UnsafeRawPointer(weighted + (a + min(1, width - 1)) * stride)
            let w2 = UnsafeRawPointer(weighted + (a + min(2, width - 1)) * stride)
            let w3 = UnsafeRawPointer(weighted + (a + min(3, width - 1)) * stride)
            for c in a..<m {
                let x = columns + c * stride
                let rx = UnsafeRawPointer(x)
                var s0 = SIMD4<Double>(), s1 = SIMD4<Double>(), s2 = SIMD4<Double>(), s3 = SIMD4<Double>()
                var i = 0
                while i + 4 <= count {
                    let o = i * bytes
                    let xv = rx.loadUnaligned(fromByteOffset: o, as: SIMD4<Double>.self)
                    s0 += w0.loadUnaligned(fromByteOffset: o, as: SIMD4<Double>.self) * xv
                    s1 += w1.loadUnaligned(fromByteOffset: o, as: SIMD4<Double>.self) * xv
                    s2 += w2.loadUnaligned(fromByteOffset: o, as: SIMD4<Double>.self) * xv
                    s3 += w3.loadUnaligned(fromByteOffset: o, as: SIMD4<Double>.self) * xv
                    i += 4
                }
                var t0 = s0.sum(), t1 = s1.sum(), t2 = s2.sum(), t3 = s3.sum()
                while i < count {
                    let o = i * bytes
                    let xi = x[i]
                    t0 += w0.load(fromByteOffset: o, as: Double.self) * xi
                    t1 += w1.load(fromByteOffset: o, as: Double.self) * xi
                    t2 += w2.load(fromByteOffset: o, as: Double.self) * xi
                    t3 += w3.load(fromByteOffset: o, as: Double.self) * xi
                    i += 1
                }
                gram[a * m + c] += t0
                if width > 1 && a + 1 <= c { gram[(a + 1) * m + c] += t1 }
                if width > 2 && a + 2 <= c { gram[(a + 2) * m + c] += t2 }
                if width > 3 && a + 3 <= c { gram[(a + 3) * m + c] += t3 }
            }
            a += width
        }
    }
}

extension Kernels {
    /// Accumulates all products of a block of weighted columns with a block of columns:
    /// `out[a * mc + c] += sum_i weighted_a[i] columns_c[i]` for `a < mw`, `c < mc`.
    ///
    /// Column `c` starts at `columns + c * stride`, weighted column `a` at `weighted + a * stride`;
    /// each has `count` entries. Four weighted columns share each pass over a column.
    ///
    /// - Complexity: O(`count` mw mc).
    @inlinable
    public static func weightedProductBlock(
        _ columns: UnsafePointer<Double>, columnCount mc: Int, weighted: UnsafePointer<Double>,
        weightedCount mw: Int, stride: Int, count: Int, into out: UnsafeMutablePointer<Double>
    ) {
        let bytes = MemoryLayout<Double>.stride
        var a = 0
        while a < mw {
            let width = min(4, mw - a)
            let w0 = UnsafeRawPointer(weighted + a * stride)
            let w1 = UnsafeRawPointer(weighted + (a + min(1, width - 1)) * stride)
            let w2 = UnsafeRawPointer(weighted + (a + min(2, width - 1)) * stride)
            let w3 = UnsafeRawPointer(weighted + (a + min(3, width - 1)) * stride)
            for c in 0..<mc {
                let x = columns + c * stride
                let rx = UnsafeRawPointer(x)
                var s0 = SIMD4<Double>(), s1 = SIMD4<Double>(), s2 = SIMD4<Double>(), s3 = SIMD4<Double>()
                var i = 0
                while i + 4 <= count {
                    let o = i * bytes
                    let xv = rx.loadUnaligned(fromByteOffset: o, as: SIMD4<Double>.self)
                    s0 += w0.loadUnaligned(fromByteOffset: o, as: SIMD4<Double>.self) * xv
                    s1 += w1.loadUnaligned(fromByteOffset: o, as: SIMD4<Double>.self) * xv
                    s2 += w2.loadUnaligned(fromByteOffset: o, as: SIMD4<Double>.self) * xv
                    s3 += w3.loadUnaligned(fromByteOffset: o, as: SIMD4<Double>.self) * xv
                    i += 4
                }
                var t0 = s0.sum(), t1 = s1.sum(), t2 = s2.sum(), t3 = s3.sum()
                while i < count {
                    let o = i * bytes
                    let xi = x[i]
                    t0 += w0.load(fromByteOffset: o, as: Double.self) * xi
                    t1 += w1.load(fromByteOffset: o, as: Double.self) * xi
                    t2 += w2.load(fromByteOffset: o, as: Double.self) * xi
                    t3 += w3.load(fromByteOffset: o, as: Double.self) * xi
                    i += 1
                }
                out[a * mc + c] += t0
                if width > 1 { out[(a + 1) * mc + c] += t1 }
                if width > 2 { out[(a + 2) * mc + c] += t2 }
                if width > 3 { out[(a + 3) * mc + c] += t3 }
            }
            a += width
        }
    }
}

extension Kernels {
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
