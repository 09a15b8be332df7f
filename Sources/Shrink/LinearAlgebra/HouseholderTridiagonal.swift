import Dispatch

/// The reduction `A = Q T Q'` of a real symmetric matrix to a symmetric tridiagonal `T`, with `Q`
/// kept as its Householder reflectors.
///
/// EISPACK `tred2`'s reduction (as in JAMA) on column-major storage: `Q = H_{n-1} ... H_2 H_1` with
/// `H_k = I - u_k u_k' / h_k`, `u_k` supported on rows `0..<k` (`h_k = 0` means `H_k = I`).
/// What it buys over a full eigendecomposition: shifted systems `(A + lambda I) x = b` cost O(n^2)
/// each (two sweeps of reflectors around an O(n) tridiagonal solve) and the eigenvalues O(n^2) by
/// QL without vectors, so a path of m shifts costs `(4/3) n^3 + O(m n^2)` instead of the
/// `(4/3 + 2/3 + 3) n^3` of reduction, accumulation and rotations. ``eigenDecomposition()`` gives
/// the vectors too (the built-in ``SymmetricEigen``).
struct HouseholderTridiagonal: Sendable {
    /// The order of the matrix.
    let order: Int
    /// The diagonal of `T`.
    let diagonal: [Double]
    /// The subdiagonal of `T`: `offDiagonal[i] = T[i, i - 1]` for `i >= 1`; `offDiagonal[0] = 0`.
    let offDiagonal: [Double]
    /// The reduced matrix: column `k`, rows `0..<k`, holds `u_k`; the rest is scratch of the reduction.
    private let reflectors: [Double]
    /// `h_k` of each reflector (index 0 unused).
    private let scales: [Double]

    /// The order from which ``init(_:order:block:)`` reduces by panels by default
    /// (``reduceBlocked(_:_:_:_:block:)``).
    static let blockedOrder = 96

    /// Reduces the symmetric, finite, column-major `order x order` matrix `a`.
    ///
    /// By default from order ``blockedOrder`` on, by panels of 32 reflectors whose updates of the
    /// rest of the matrix are deferred into one matrix product per panel, and below it reflector by
    /// reflector; `block` sets the panel size at any order (0: reflector by reflector). Both give the
    /// same reflectors up to rounding.
    ///
    /// - Complexity: about `(4/3) n^3` floating-point operations, half of them in matrix products
    ///   when blocked.
    init(_ a: [Double], order n: Int, block: Int? = nil) {
        precondition(n >= 0 && a.count == n * n, "a symmetric matrix of order \(n) needs \(n * n) entries")
        order = n
        var v = a
        var d = [Double](repeating: 0, count: n)
        var e = [Double](repeating: 0, count: n)
        if n > 0 {
            v.withUnsafeMutableBufferPointer { vb in
                d.withUnsafeMutableBufferPointer { db in
                    e.withUnsafeMutableBufferPointer { eb in
                        let panel = block ?? (n >= Self.blockedOrder ? 32 : 0)
                        if panel > 0 {
                            Self.reduceBlocked(vb.baseAddress!, db.baseAddress!, eb.baseAddress!, n, block: panel)
                        } else {
                            Self.reduce(vb.baseAddress!, db.baseAddress!, eb.baseAddress!, n)
                        }
                    }
                }
            }
            e[0] = 0
        }
        diagonal = (0..<n).map { v[$0 * n + $0] }
        offDiagonal = e
        reflectors = v
        scales = d
    }

    /// The eigenvalues of `A` in increasing order.
    ///
    /// - Throws: ``ShrinkError/invalidInput(_:)`` when the QL iteration does not converge (practically never).
    /// - Complexity: O(n^2).
    func eigenvalues() throws -> [Double] {
        let n = order
        guard n > 0 else { return [] }
        var d = diagonal, e = offDiagonal
        let converged = d.withUnsafeMutableBufferPointer { db in
            e.withUnsafeMutableBufferPointer { eb in Self.ql(nil, db.baseAddress!, eb.baseAddress!, n) }
        }
        guard converged else {
            throw ShrinkError.invalidInput("the symmetric eigensolver did not converge (order \(n))")
        }
        return d.sorted()
    }

    /// The eigenvalues of `A` in increasing order and its orthonormal eigenvectors (column-major,
    /// eigenvector `k` in column `k`).
    ///
    /// Above ``TridiagonalEigen/leafOrder``: the eigenvectors of `T` by divide and conquer, then
    /// `Q` applied to them by blocks of reflectors (``applyQBlocked(_:columns:block:)``), both
    /// mostly matrix products. Small orders: `Q` accumulated from its reflectors, then QL with rotations.
    ///
    /// - Throws: ``ShrinkError/invalidInput(_:)`` when the QL iteration does not converge (practically never).
    /// - Complexity: at most about `(4/3) n^3` multiply-adds for the merges and `n^3` for applying `Q`,
    ///   on the blocked product kernels (QL: `(2/3) n^3` to accumulate `Q` and `3 n^3` for the rotations).
    func eigenDecomposition() throws -> (values: [Double], vectors: [Double]) {
        let n = order
        guard n > 0 else { return ([], []) }
        if n > TridiagonalEigen.leafOrder {
            var (values, vectors) = try TridiagonalEigen.decompose(diagonal: diagonal, subdiagonal: offDiagonal)
            applyQBlocked(&vectors, columns: n)
            return (values, vectors)
        }
        var v = reflectors, d = scales, e = offDiagonal
        let converged = v.withUnsafeMutableBufferPointer { vb in
            d.withUnsafeMutableBufferPointer { db in
                e.withUnsafeMutableBufferPointer { eb in
                    Self.accumulate(vb.baseAddress!, db.baseAddress!, eb.baseAddress!, n)
                    return Self.ql(vb.baseAddress!, db.baseAddress!, eb.baseAddress!, n)
                }
            }
        }
        guard converged else {
            throw ShrinkError.invalidInput("the symmetric eigensolver did not converge (order \(n))")
        }
        return TridiagonalEigen.sorted(values: d, vectors: v)
    }

    /// Solves `(T + shift I) z = t` for each shift, by the LDL' recurrence of the tridiagonal matrix;
    /// returns `z` for all shifts (column-major, `order x shifts.count`), or `nil` when a pivot is
    /// not positive (`T + shift I` not numerically positive definite).
    ///
    /// Without pivoting the recurrence is backward stable for positive-definite tridiagonal matrices.
    /// - Complexity: O(n) per shift.
    func solveShifted(_ t: [Double], shifts: [Double]) -> [Double]? {
        let n = order, m = shifts.count
        precondition(t.count == n, "right-hand side of length \(t.count) for order \(n)")
        var out = [Double](repeating: 0, count: n * m)
        guard n > 0 else { return out }
        var multipliers = [Double](repeating: 0, count: n)
        var pivots = [Double](repeating: 0, count: n)
        for (l, shift) in shifts.enumerated() {
            let base = l * n
            pivots[0] = diagonal[0] + shift
            guard pivots[0] > 0 else { return nil }
            out[base] = t[0]
            for i in 1..<n {
                let multiplier = offDiagonal[i] / pivots[i - 1]
                multipliers[i] = multiplier
                pivots[i] = diagonal[i] + shift - multiplier * offDiagonal[i]
                guard pivots[i] > 0, pivots[i].isFinite else { return nil }
                out[base + i] = t[i] - multiplier * out[base + i - 1]
            }
            out[base + n - 1] /= pivots[n - 1]
            var i = n - 2
            while i >= 0 {
                out[base + i] = out[base + i] / pivots[i] - multipliers[i + 1] * out[base + i + 1]
                i -= 1
            }
        }
        return out
    }

    /// `x <- Q x` for the column-major `order x columns` matrix `x` (reflectors `H_1` first).
    ///
    /// - Complexity: O(n^2 * columns), four columns per pass over each reflector.
    func applyQ(_ x: inout [Double], columns: Int) {
        apply(&x, columns: columns, reflectors: Array(1..<max(order, 1)))
    }

    /// `x <- Q x` for the column-major `order x columns` matrix `x`, by blocks of reflectors in the
    /// compact WY form: `H_{k+b-1} ... H_k = I - Y T' Y'` (`Y` the block's vectors, `T` upper
    /// triangular as LAPACK's `dlarft`), so each block costs three matrix products instead of one
    /// pass over `x` per reflector.
    ///
    /// - Complexity: about `n^2 * columns` multiply-adds, on the blocked product kernels.
    func applyQBlocked(_ x: inout [Double], columns m: Int, block: Int = 32) {
        let n = order
        precondition(x.count == n * m, "a matrix of \(n) x \(m) needs \(n * m) entries")
        guard n > 1, m > 0 else { return }
        var first = 1
        while first < n {
            let b = min(block, n - first)
            let rows = first + b - 1   // the block's reflectors live on rows 0..<rows
            var y = [Double](repeating: 0, count: rows * b)
            var tau = [Double](repeating: 0, count: b)
            for c in 0..<b {
                let k = first + c
                tau[c] = scales[k] == 0 ? 0 : 1 / scales[k]
                for i in 0..<k { y[c * rows + i] = reflectors[k * n + i] }
            }
            // T[0..<c, c] = -tau_c T[0..<c, 0..<c] (Y[:, 0..<c]' y_c), T[c, c] = tau_c.
            var t = [Double](repeating: 0, count: b * b)
            var g = [Double](repeating: 0, count: b)
            y.withUnsafeBufferPointer { yb in
                for c in 0..<b {
                    for i in 0..<c {
                        g[i] = Kernels.dot(yb.baseAddress! + i * rows, yb.baseAddress! + c * rows, count: first + i)
                    }
                    for r in 0..<c {
                        var s = 0.0
                        for j in r..<c { s += t[r + j * b] * g[j] }
                        t[r + c * b] = -tau[c] * s
                    }
                    t[c + c * b] = tau[c]
                }
            }
            var w = [Double](repeating: 0, count: b * m)
            var tw = [Double](repeating: 0, count: b * m)
            y.withUnsafeBufferPointer { yb in
                x.withUnsafeMutableBufferPointer { xb in
                    let y = yb.baseAddress!, x = xb.baseAddress!
                    w.withUnsafeMutableBufferPointer { wb in
                        // W = Y' X[0..<rows, :]
                        MatrixProduct.addTransposeProduct(k: rows, m: b, n: m, alpha: 1, a: y, lda: rows, b: x, ldb: n,
                                                          c: wb.baseAddress!, ldc: b, parallel: true)
                    }
                    t.withUnsafeBufferPointer { tb in
                        w.withUnsafeBufferPointer { wb in
                            tw.withUnsafeMutableBufferPointer { twb in
                                MatrixProduct.addTransposeProduct(k: b, m: b, n: m, alpha: 1, a: tb.baseAddress!, lda: b,
                                                                  b: wb.baseAddress!, ldb: b, c: twb.baseAddress!, ldc: b)
                            }
                        }
                    }
                    // X[0..<rows, :] -= Y (T' W)
                    tw.withUnsafeBufferPointer { twb in
                        MatrixProduct.addTransposeProduct(k: b, m: rows, n: m, alpha: -1, a: y, lda: 1, aStep: rows,
                                                          b: twb.baseAddress!, ldb: b, c: x, ldc: n, parallel: true)
                    }
                }
            }
            first += b
        }
    }

    /// `x <- Q' x` for the column-major `order x columns` matrix `x` (reflectors `H_{n-1}` first).
    ///
    /// - Complexity: O(n^2 * columns), four columns per pass over each reflector.
    func applyQTransposed(_ x: inout [Double], columns: Int) {
        apply(&x, columns: columns, reflectors: Array((1..<max(order, 1)).reversed()))
    }

    /// Applies `H_k` for `k` in the given order to every column of `x`, in blocks of four columns.
    private func apply(_ x: inout [Double], columns m: Int, reflectors order: [Int]) {
        let n = self.order
        precondition(x.count == n * m, "a matrix of \(n) x \(m) needs \(n * m) entries")
        reflectors.withUnsafeBufferPointer { vb in
            x.withUnsafeMutableBufferPointer { xb in
                let v = vb.baseAddress!, x = xb.baseAddress!
                var c = 0
                while c < m {
                    let width = min(4, m - c)
                    let col = (0..<4).map { x + (c + min($0, width - 1)) * n }
                    for k in order where scales[k] != 0 {
                        let u = UnsafePointer(v + k * n)
                        let s = Kernels.dot4(col[0], col[1], col[2], col[3], u, count: k) / scales[k]
                        for w in 0..<width { Kernels.axpy(-s[w], u, col[w], count: k) }
                    }
                    c += 4
                }
            }
        }
    }

    /// Householder reduction (the first half of EISPACK tred2). `A[r][c]` is `v[c * n + r]`. On
    /// return `e[1...]` holds the subdiagonal, `v` the diagonal of `T` on its diagonal and `u_k` in
    /// column `k` above it, and `d[k]` the `h_k`.
    private static func reduce(
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
                (e[i], h) = householder(d, count: i, scale: scale)
                var f = 0.0, g = 0.0
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
    }

    /// Turns the row `x[0..<count]` (its 1-norm `scale > 0`) into its Householder vector `u`, in
    /// place and scaled by `1 / scale`: `H = I - u u' / h` maps the row to `(0, ..., 0, offDiagonal)`.
    ///
    /// - Returns: the subdiagonal entry it leaves and `h`.
    /// - Complexity: O(`count`).
    @inline(__always)
    private static func householder(
        _ x: UnsafeMutablePointer<Double>, count i: Int, scale: Double
    ) -> (offDiagonal: Double, h: Double) {
        var h = 0.0
        for k in 0..<i {
            x[k] /= scale
            h += x[k] * x[k]
        }
        let f = x[i - 1]
        var g = h.squareRoot()
        if f > 0 { g = -g }
        h -= f * g
        x[i - 1] = f - g
        return (scale * g, h)
    }

    /// The reduction of ``reduce(_:_:_:_:)`` by panels, as LAPACK's `dsytrd`/`dlatrd` (upper): the
    /// same reflectors, in the same order and storage, but the rank-2 update `A -= u q' + q u'` of
    /// each reflector is deferred. Within a panel of `block` reflectors `i = top, top - 1, ...` the
    /// current matrix is `A - V W' - W V'` (`V` the panel's reflectors `u`, `W` their `q`): row `i`
    /// and the product `A u` get the panel's corrections from `V` and `W` (`O(n block)` each), and
    /// after the panel one matrix product `A[0..<m, 0..<m] -= [V W] [W V]'` brings the rest of the
    /// matrix up to date. Only the product `A u` (over the lower triangle) stays a pass over
    /// memory per reflector; tred2 makes two, one of them a read-modify-write.
    ///
    /// The product updates the whole leading block, its upper triangle too: there, columns not
    /// yet reduced hold nothing (each gets its reflector when reduced).
    ///
    /// - Complexity: `(2/3) n^3` multiply-adds in the products `A u` and `(2/3) n^3` in the panel
    ///   updates (full blocks, on the blocked product kernels), plus `O(n^2 block)`.
    private static func reduceBlocked(
        _ v: UnsafeMutablePointer<Double>, _ d: UnsafeMutablePointer<Double>,
        _ e: UnsafeMutablePointer<Double>, _ n: Int, block nb: Int
    ) {
        @inline(__always) func at(_ r: Int, _ c: Int) -> UnsafeMutablePointer<Double> { v + c * n + r }
        // [V W] and [W V] of the panel, leading dimension n (reflector `kk` of the panel in column
        // kk of V and of W; rows 0..<i of the reflector i hold it).
        let vw = UnsafeMutablePointer<Double>.allocate(capacity: 2 * nb * n)
        let wv = UnsafeMutablePointer<Double>.allocate(capacity: 2 * nb * n)
        let u = UnsafeMutablePointer<Double>.allocate(capacity: n)
        let p = UnsafeMutablePointer<Double>.allocate(capacity: n)
        defer { vw.deallocate(); wv.deallocate(); u.deallocate(); p.deallocate() }
        var top = n - 1
        while top > 0 {
            let count = min(nb, top)
            let vCol = { (t: Int) in vw + t * n }, wCol = { (t: Int) in vw + (count + t) * n }
            for kk in 0..<count {
                let i = top - kk
                // Row i of the current matrix (columns 0..<i) into u; its diagonal entry made current.
                for j in 0..<i { u[j] = at(i, j).pointee }
                var diagonal = at(i, i).pointee
                for t in 0..<kk {
                    let vi = vCol(t)[i], wi = wCol(t)[i]
                    Kernels.nativeAxpy(-vi, wCol(t), u, count: i)
                    Kernels.nativeAxpy(-wi, vCol(t), u, count: i)
                    diagonal -= 2 * vi * wi
                }
                at(i, i).pointee = diagonal
                for j in 0..<i { at(i, j).pointee = 0 }
                var scale = 0.0
                for k in 0..<i { scale += abs(u[k]) }
                guard scale != 0 else {
                    e[i] = u[i - 1]
                    d[i] = 0
                    for j in 0..<i { at(j, i).pointee = 0; vCol(kk)[j] = 0; wCol(kk)[j] = 0 }
                    continue
                }
                let h: Double
                (e[i], h) = householder(u, count: i, scale: scale)
                let vk = vCol(kk)
                for j in 0..<i {
                    at(j, i).pointee = u[j]
                    vk[j] = u[j]
                }
                // p = (A u - V (W'u) - W (V'u)) / h over the leading i x i block (A's lower triangle).
                symmetricProduct(v, n, order: i, u, into: p)
                for t in 0..<kk {
                    let wu = Kernels.nativeDot(wCol(t), u, count: i), vu = Kernels.nativeDot(vCol(t), u, count: i)
                    Kernels.nativeAxpy(-wu, vCol(t), p, count: i)
                    Kernels.nativeAxpy(-vu, wCol(t), p, count: i)
                }
                var up = 0.0
                for j in 0..<i {
                    p[j] /= h
                    up += p[j] * u[j]
                }
                // q = p - (u'p / 2h) u
                let hh = up / (h + h)
                let wk = wCol(kk)
                for j in 0..<i { wk[j] = p[j] - hh * u[j] }
                d[i] = h
            }
            // A[0..<m, 0..<m] -= V W' + W V' = [V W] [W V]'.
            let m = top - count + 1
            for t in 0..<count {
                (wv + t * n).update(from: wCol(t), count: m)
                (wv + (count + t) * n).update(from: vCol(t), count: m)
            }
            MatrixProduct.addTransposeProduct(k: 2 * count, m: m, n: m, alpha: -1, a: vw, lda: 1, aStep: n,
                                              b: wv, ldb: 1, bStep: n, c: v, ldc: n, parallel: true)
            top -= count
        }
        d[0] = 0
    }

    /// `p = A[0..<order, 0..<order] u` from the lower triangle of the column-major `A` (leading
    /// dimension `ld`): per column a dot product for its own entry and an axpy for the entries below.
    ///
    /// (Tried: the columns split in two halves of equal triangle area on two threads; waking the
    /// second thread for every reflector cost about as much as it saved at order 1000, and more below.)
    ///
    /// - Complexity: `order^2` multiply-adds, one pass over the triangle.
    private static func symmetricProduct(
        _ a: UnsafeMutablePointer<Double>, _ ld: Int, order i: Int, _ u: UnsafeMutablePointer<Double>,
        into p: UnsafeMutablePointer<Double>
    ) {
        for j in 0..<i { p[j] = 0 }
        for j in 0..<i {
            let col = a + j * ld, uj = u[j]
            var s = p[j] + col[j] * uj
            let len = i - 1 - j
            if len > 0 {
                s += Kernels.nativeDot(col + j + 1, u + j + 1, count: len)
                Kernels.nativeAxpy(uj, col + j + 1, p + j + 1, count: len)
            }
            p[j] = s
        }
    }

    /// Accumulates `Q` from the reflectors left by ``reduce(_:_:_:_:)`` (the second half of tred2):
    /// on return `v` holds `Q`, `d` the diagonal of `T` and `e[0] = 0`.
    private static func accumulate(
        _ v: UnsafeMutablePointer<Double>, _ d: UnsafeMutablePointer<Double>,
        _ e: UnsafeMutablePointer<Double>, _ n: Int
    ) {
        @inline(__always) func at(_ r: Int, _ c: Int) -> UnsafeMutablePointer<Double> { v + c * n + r }
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

    /// Implicit QL with shifts on the tridiagonal matrix (EISPACK tql2; tql1 when `v` is nil),
    /// accumulating the rotations into `v` when given. `e[i]` is the subdiagonal entry `T[i, i-1]`.
    /// Returns false if an eigenvalue needs more than 30 * n iterations.
    static func ql(
        _ v: UnsafeMutablePointer<Double>?, _ d: UnsafeMutablePointer<Double>,
        _ e: UnsafeMutablePointer<Double>, _ n: Int
    ) -> Bool {
        for i in 1..<max(n, 1) { e[i - 1] = e[i] }
        e[n - 1] = 0
        var f = 0.0, tst1 = 0.0
        let eps = Double.ulpOfOne
        var batch = RotationBatch()
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
                        if v != nil { batch.append(c, s) }
                        i -= 1
                    }
                    if let v { batch.endSweep(from: m - 1, downTo: l, into: v, order: n) }
                    p = -s * s2 * c3 * el1 * e[l] / dl1
                    e[l] = s * p
                    d[l] = c * p
                } while abs(e[l]) > eps * tst1
            }
            d[l] += f
            e[l] = 0
        }
        if let v { batch.flush(into: v, order: n) }
        return true
    }

    /// The rotations of QL sweeps, recorded so that they reach the eigenvectors in batches.
    ///
    /// Sweep by sweep, every sweep streamed the whole `n x n` eigenvector matrix through memory.
    /// Rows are independent, so a batch applies all its sweeps to a strip of four rows before the
    /// next strip: each entry undergoes the same operations in the same order (the result is
    /// bit-for-bit the same), while the strip's cache lines stay in cache across the sweeps.
    private struct RotationBatch {
        /// `(c, s)` pairs in application order.
        private var pairs: [Double] = []
        /// Each sweep's rotated columns, `top` down to `bottom`; its pairs follow the previous sweep's.
        private var sweeps: [(top: Int, bottom: Int)] = []
        /// The pairs held before a batch is applied (512 KB).
        private static let capacity = 1 << 15

        /// Records the next rotation of the current sweep (they come for i = top down to bottom).
        @inline(__always)
        mutating func append(_ c: Double, _ s: Double) {
            pairs.append(c)
            pairs.append(s)
        }

        /// Ends the current sweep, whose rotations were appended for columns `top` down to
        /// `bottom`, applying the batch to `v` when it is full.
        mutating func endSweep(
            from top: Int, downTo bottom: Int, into v: UnsafeMutablePointer<Double>, order n: Int
        ) {
            sweeps.append((top, bottom))
            if pairs.count >= 2 * Self.capacity { flush(into: v, order: n) }
        }

        /// Applies the recorded sweeps, in order, to the columns of `v` (column i is `v[i n ..< (i + 1) n]`):
        /// for i = top, top-1, ..., bottom, columns (i, i+1) become (c v_i - s v_{i+1}, s v_i + c v_{i+1}).
        /// The running column stays in registers.
        ///
        /// - Complexity: O(n * recorded pairs).
        mutating func flush(into v: UnsafeMutablePointer<Double>, order n: Int) {
            guard !sweeps.isEmpty else { return }
            let sweeps = self.sweeps
            let matrix = UnsafeSendablePointer(UnsafePointer(v))
            pairs.withUnsafeBufferPointer { pb in
                let rotations = UnsafeSendablePointer(pb.baseAddress!)
                // Rows are independent: two halves (whole strips of four) on two threads when the
                // batch is large enough to pay for the dispatch; the same bits either way.
                let strips = n / 4
                let work = Double(pb.count) * Double(n)
                let parts = strips >= 2 && work >= 4e6 ? 2 : 1
                let apply = { @Sendable (part: Int) in
                    let from = part == 0 ? 0 : (strips / 2) * 4
                    let to = part == parts - 1 ? n : (strips / 2) * 4
                    Self.apply(sweeps, rotations.pointer, to: UnsafeMutablePointer(mutating: matrix.pointer),
                               order: n, rows: from..<to)
                }
                if parts == 1 { apply(0) } else { DispatchQueue.concurrentPerform(iterations: parts, execute: apply) }
            }
            pairs.removeAll(keepingCapacity: true)
            self.sweeps.removeAll(keepingCapacity: true)
        }

        /// Applies `sweeps` (their pairs consecutive in `cs`) to rows `rows` of every column of `v`,
        /// four rows at a time.
        private static func apply(
            _ sweeps: [(top: Int, bottom: Int)], _ cs: UnsafePointer<Double>,
            to v: UnsafeMutablePointer<Double>, order n: Int, rows: Range<Int>
        ) {
            var k = rows.lowerBound
            while k + 4 <= rows.upperBound {
                let raw = UnsafeMutableRawPointer(v + k)
                var p = 0
                for sweep in sweeps {
                    var carry = raw.loadUnaligned(fromByteOffset: (sweep.top + 1) * n * 8, as: SIMD4<Double>.self)
                    var i = sweep.top
                    while i >= sweep.bottom {
                        let c = cs[p], s = cs[p + 1]
                        let x = raw.loadUnaligned(fromByteOffset: i * n * 8, as: SIMD4<Double>.self)
                        raw.storeBytes(of: s * x + c * carry, toByteOffset: (i + 1) * n * 8, as: SIMD4<Double>.self)
                        carry = c * x - s * carry
                        p += 2
                        i -= 1
                    }
                    raw.storeBytes(of: carry, toByteOffset: sweep.bottom * n * 8, as: SIMD4<Double>.self)
                }
                k += 4
            }
            while k < rows.upperBound {
                var p = 0
                for sweep in sweeps {
                    var carry = v[(sweep.top + 1) * n + k]
                    var i = sweep.top
                    while i >= sweep.bottom {
                        let c = cs[p], s = cs[p + 1]
                        let x = v[i * n + k]
                        v[(i + 1) * n + k] = s * x + c * carry
                        carry = c * x - s * carry
                        p += 2
                        i -= 1
                    }
                    v[sweep.bottom * n + k] = carry
                }
                k += 1
            }
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
