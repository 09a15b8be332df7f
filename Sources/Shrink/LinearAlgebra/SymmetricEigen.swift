/// The eigendecomposition `A = V diag(values) V'` of a real symmetric matrix.
///
/// Householder reduction to tridiagonal form followed by the implicit QL algorithm with Wilkinson
/// shifts (EISPACK `tred2`/`tql2`, as in JAMA), on column-major storage so that every inner loop
/// runs down contiguous columns. Backward stable: the computed pairs are exact for a matrix within
/// a few `eps * ||A||` of `A`, whatever its conditioning or rank. With the `OpenBLAS` package
/// trait, LAPACK's `dsyevd` runs instead (see ``LinearAlgebraBackend``).
public struct SymmetricEigen: Sendable {
    /// The order of the matrix.
    public let order: Int
    /// The eigenvalues in increasing order.
    public let values: [Double]
    /// The orthonormal eigenvectors, column-major: eigenvector `k` is `vectors[k * order ..< (k + 1) * order]`.
    public let vectors: [Double]

    /// Decomposes the symmetric `order x order` matrix `a` (column-major; only symmetric input is meaningful).
    ///
    /// - Throws: ``ShrinkError/invalidInput(_:)`` when `a` has the wrong size or a non-finite entry, or
    ///   (practically never) when the QL iteration does not converge within `30 * order` sweeps.
    /// - Complexity: O(order^3): about `(4/3) n^3` for the reduction, `(2/3) n^3` to accumulate it and
    ///   about `3 n^3` for the QL rotations.
    public init(_ a: [Double], order n: Int) throws {
        guard n >= 0, a.count == n * n else {
            throw ShrinkError.invalidInput("a symmetric matrix of order \(n) needs \(n * n) entries, got \(a.count)")
        }
        for (k, v) in a.enumerated() where !v.isFinite {
            throw ShrinkError.invalidInput("matrix entry (\(k % max(n, 1) + 1), \(k / max(n, 1) + 1)) = \(v) is not finite")
        }
        order = n
        if n == 0 { values = []; vectors = []; return }
        #if OpenBLAS
        guard let lapack = LAPACK.symmetricEigen(a, order: n) else {
            throw ShrinkError.invalidInput("LAPACK dsyevd did not converge (order \(n))")
        }
        values = lapack.values
        vectors = lapack.vectors
        #else
        var v = a
        var d = [Double](repeating: 0, count: n)
        var e = [Double](repeating: 0, count: n)
        let converged = v.withUnsafeMutableBufferPointer { vb in
            d.withUnsafeMutableBufferPointer { db in
                e.withUnsafeMutableBufferPointer { eb in
                    Self.tridiagonalize(vb.baseAddress!, db.baseAddress!, eb.baseAddress!, n)
                    return Self.ql(vb.baseAddress!, db.baseAddress!, eb.baseAddress!, n)
                }
            }
        }
        guard converged else {
            throw ShrinkError.invalidInput("the symmetric eigensolver did not converge (order \(n))")
        }
        // Sort increasing (stable selection by index keeps the result deterministic).
        let perm = (0..<n).sorted { d[$0] < d[$1] || (d[$0] == d[$1] && $0 < $1) }
        var sortedVectors = [Double](repeating: 0, count: n * n)
        for (k, src) in perm.enumerated() {
            for i in 0..<n { sortedVectors[k * n + i] = v[src * n + i] }
        }
        values = perm.map { d[$0] }
        vectors = sortedVectors
        #endif
    }

    /// Householder reduction (EISPACK tred2). `V[r][c]` is `v[c * n + r]`. On return `d` holds the
    /// diagonal, `e[1...]` the subdiagonal and `v` the accumulated orthogonal transformation.
    private static func tridiagonalize(
        _ v: UnsafeMutablePointer<Double>, _ d: UnsafeMutablePointer<Double>,
        _ e: UnsafeMutablePointer<Double>, _ n: Int
    ) {
        @inline(__always) func at(_ r: Int, _ c: Int) -> UnsafeMutablePointer<Double> { v + c * n + r }
        for j in 0..<n { d[j] = at(n - 1, j).pointee }
        var i = n - 1
        while i > 0 {
            var scale = 0.0, h = 0.0
            for k in 0..<i { scale += abs(d[k]) }
            if scale == 0 {
                e[i] = d[i - 1]
                for j in 0..<i {
                    d[j] = at(i - 1, j).pointee
                    at(i, j).pointee = 0
                    at(j, i).pointee = 0
                }
            } else {
                for k in 0..<i {
                    d[k] /= scale
                    h += d[k] * d[k]
                }
                var f = d[i - 1]
                var g = h.squareRoot()
                if f > 0 { g = -g }
                e[i] = scale * g
                h -= f * g
                d[i - 1] = f - g
                for j in 0..<i { e[j] = 0 }
                for j in 0..<i {
                    f = d[j]
                    at(j, i).pointee = f
                    let col = at(0, j)
                    let len = i - 1 - j  // rows j+1 ... i-1
                    g = e[j] + col[j] * f
                    if len > 0 {
                        g += Kernels.dot(col + j + 1, d + j + 1, count: len)
                        Kernels.axpy(f, col + j + 1, e + j + 1, count: len)
                    }
                    e[j] = g
                }
                f = 0
                for j in 0..<i {
                    e[j] /= h
                    f += e[j] * d[j]
                }
                let hh = f / (h + h)
                for j in 0..<i { e[j] -= hh * d[j] }
                for j in 0..<i {
                    f = d[j]
                    g = e[j]
                    let col = at(0, j)
                    for k in j..<i { col[k] -= f * e[k] + g * d[k] }
                    d[j] = at(i - 1, j).pointee
                    at(i, j).pointee = 0
                }
            }
            d[i] = h
            i -= 1
        }
        // Accumulate the transformations.
        for i in 0..<(n - 1) {
            at(n - 1, i).pointee = at(i, i).pointee
            at(i, i).pointee = 1
            let h = d[i + 1]
            let next = at(0, i + 1)
            if h != 0 {
                for k in 0...i { d[k] = next[k] / h }
                for j in 0...i {
                    let col = at(0, j)
                    let g = Kernels.dot(next, col, count: i + 1)
                    Kernels.axpy(-g, d, col, count: i + 1)
                }
            }
            for k in 0...i { next[k] = 0 }
        }
        for j in 0..<n {
            d[j] = at(n - 1, j).pointee
            at(n - 1, j).pointee = 0
        }
        at(n - 1, n - 1).pointee = 1
        e[0] = 0
    }

    /// Implicit QL with shifts on the tridiagonal matrix (EISPACK tql2), accumulating the rotations
    /// into `v`. Returns false if an eigenvalue needs more than 30 * n iterations.
    private static func ql(
        _ v: UnsafeMutablePointer<Double>, _ d: UnsafeMutablePointer<Double>,
        _ e: UnsafeMutablePointer<Double>, _ n: Int
    ) -> Bool {
        for i in 1..<max(n, 1) { e[i - 1] = e[i] }
        e[n - 1] = 0
        var f = 0.0, tst1 = 0.0
        let eps = Double.ulpOfOne
        let cs = UnsafeMutablePointer<Double>.allocate(capacity: 2 * n)
        defer { cs.deallocate() }
        for l in 0..<n {
            tst1 = max(tst1, abs(d[l]) + abs(e[l]))
            var m = l
            while m < n - 1 {
                if abs(e[m]) <= eps * tst1 { break }
                m += 1
            }
            if m > l {
                var iterations = 0
                repeat {
                    iterations += 1
                    if iterations > 30 * n { return false }
                    var g = d[l]
                    var p = (d[l + 1] - g) / (2 * e[l])
                    var r = hypot2(p, 1)
                    if p < 0 { r = -r }
                    d[l] = e[l] / (p + r)
                    d[l + 1] = e[l] * (p + r)
                    let dl1 = d[l + 1]
                    var h = g - d[l]
                    if l + 2 < n { for i in (l + 2)..<n { d[i] -= h } }
                    f += h
                    p = d[m]
                    var c = 1.0, c2 = 1.0, c3 = 1.0
                    let el1 = e[l + 1]
                    var s = 0.0, s2 = 0.0
                    var i = m - 1
                    while i >= l {
                        c3 = c2
                        c2 = c
                        s2 = s
                        g = c * e[i]
                        h = c * p
                        r = hypot2(p, e[i])
                        e[i + 1] = s * r
                        s = e[i] / r
                        c = p / r
                        p = c * d[i] - s * g
                        d[i + 1] = h + s * (c * g + s * d[i])
                        cs[2 * i] = c
                        cs[2 * i + 1] = s
                        i -= 1
                    }
                    applyRotations(v, n, from: m - 1, downTo: l, cs)
                    p = -s * s2 * c3 * el1 * e[l] / dl1
                    e[l] = s * p
                    d[l] = c * p
                } while abs(e[l]) > eps * tst1
            }
            d[l] += f
            e[l] = 0
        }
        return true
    }

    /// Applies the rotation sequence of one QL sweep to the columns of `v`, eight rows at a time:
    /// for i = top, top-1, ..., bottom, columns (i, i+1) become (c v_i - s v_{i+1}, s v_i + c v_{i+1}).
    /// Each entry is read and written once per sweep; the running column stays in registers.
    ///
    /// - Complexity: O(n * (top - bottom + 1)).
    private static func applyRotations(
        _ v: UnsafeMutablePointer<Double>, _ n: Int, from top: Int, downTo bottom: Int,
        _ cs: UnsafeMutablePointer<Double>
    ) {
        var k = 0
        while k + 4 <= n {
            let raw = UnsafeMutableRawPointer(v + k)
            var carry = raw.loadUnaligned(fromByteOffset: (top + 1) * n * 8, as: SIMD4<Double>.self)
            var i = top
            while i >= bottom {
                let c = cs[2 * i], s = cs[2 * i + 1]
                let x = raw.loadUnaligned(fromByteOffset: i * n * 8, as: SIMD4<Double>.self)
                raw.storeBytes(of: s * x + c * carry, toByteOffset: (i + 1) * n * 8, as: SIMD4<Double>.self)
                carry = c * x - s * carry
                i -= 1
            }
            raw.storeBytes(of: carry, toByteOffset: bottom * n * 8, as: SIMD4<Double>.self)
            k += 4
        }
        while k < n {
            var carry = v[(top + 1) * n + k]
            var i = top
            while i >= bottom {
                let c = cs[2 * i], s = cs[2 * i + 1]
                let x = v[i * n + k]
                v[(i + 1) * n + k] = s * x + c * carry
                carry = c * x - s * carry
                i -= 1
            }
            v[bottom * n + k] = carry
            k += 1
        }
    }
}

/// Returns `sqrt(a^2 + b^2)` without undue overflow or underflow.
@inline(__always)
func hypot2(_ a: Double, _ b: Double) -> Double {
    let x = abs(a), y = abs(b)
    let big = max(x, y), small = min(x, y)
    if big == 0 { return 0 }
    let r = small / big
    return big * (1 + r * r).squareRoot()
}
