/// The Cholesky factorization `A = L L'` of a symmetric positive-definite matrix.
///
/// ``init(_:order:relativePivot:)`` is the unblocked dot-product (Crout) form for small matrices;
/// ``init(blocked:order:blockSize:relativePivot:)`` is the blocked right-looking form whose trailing
/// updates run on the packed matrix-product kernel. Both give the same factor layout. With the
/// `OpenBLAS` package trait both factor by LAPACK's `dpotrf` instead (same layout and pivot test).
public struct Cholesky: Sendable {
    /// The order of the matrix.
    public let order: Int
    /// The lower factor, row-major; entries above the diagonal are unused.
    private var factor: [Double]

    /// Factors the row-major `order x order` matrix `a`, or returns `nil` when a pivot falls below
    /// `relativePivot * trace(a) / order` (numerically singular or indefinite).
    ///
    /// - Complexity: O(order^3 / 3), with the inner products on the SIMD dot kernel.
    public init?(_ a: [Double], order n: Int, relativePivot: Double = 1e-13) {
        precondition(a.count == n * n, "matrix size mismatch")
        var trace = 0.0
        for i in 0..<n { trace += a[i * n + i] }
        guard trace > 0, trace.isFinite else { return nil }
        let floor = relativePivot * trace / Double(n)
        #if OpenBLAS
        guard let lapack = LAPACK.cholesky(a, order: n, floor: floor) else { return nil }
        order = n
        factor = lapack
        #else
        var l = a
        let ok = l.withUnsafeMutableBufferPointer { buf -> Bool in
            let f = buf.baseAddress!
            for j in 0..<n {
                let rowJ = f + j * n
                let d = rowJ[j] - Kernels.dot(rowJ, rowJ, count: j)
                guard d > floor else { return false }
                let root = d.squareRoot()
                rowJ[j] = root
                for i in (j + 1)..<n {
                    let rowI = f + i * n
                    rowI[j] = (rowI[j] - Kernels.dot(rowI, rowJ, count: j)) / root
                }
            }
            return true
        }
        guard ok else { return nil }
        order = n
        factor = l
        #endif
    }

    /// Returns the solution `x` of `A x = b`.
    ///
    /// - Complexity: O(order^2).
    public func solve(_ b: [Double]) -> [Double] {
        let n = order
        var x = b
        factor.withUnsafeBufferPointer { lp in
            x.withUnsafeMutableBufferPointer { xp in
                let l = lp.baseAddress!, v = xp.baseAddress!
                // L y = b: row i of L is contiguous, so each step is one dot product.
                for i in 0..<n {
                    v[i] = (v[i] - Kernels.dot(l + i * n, v, count: i)) / l[i * n + i]
                }
                // L' x = y: take x_i, then remove its contribution with row i of L (an axpy).
                for i in stride(from: n - 1, through: 0, by: -1) {
                    v[i] /= l[i * n + i]
                    Kernels.axpy(-v[i], l + i * n, v, count: i)
                }
            }
        }
        return x
    }

    /// Factors the symmetric positive-definite `order x order` matrix `a` (row-major, or
    /// column-major: only the lower triangle in row-major order is read) by blocks of `blockSize`
    /// columns, or returns `nil` when a pivot falls below `relativePivot * trace(a) / order`.
    ///
    /// - Complexity: O(order^3 / 3); all but O(order^2 * blockSize) of it in the matrix-product kernel.
    public init?(blocked a: [Double], order n: Int, blockSize: Int = 64, relativePivot: Double = 1e-13) {
        precondition(a.count == n * n, "matrix size mismatch")
        precondition(blockSize >= 1, "block size must be positive")
        var trace = 0.0
        for i in 0..<n { trace += a[i * n + i] }
        guard trace > 0, trace.isFinite else { return nil }
        let floor = relativePivot * trace / Double(n)
        #if OpenBLAS
        guard let lapack = LAPACK.cholesky(a, order: n, floor: floor) else { return nil }
        order = n
        factor = lapack
        #else
        var l = a
        let ok = l.withUnsafeMutableBufferPointer { buf -> Bool in
            let f = buf.baseAddress!
            var j0 = 0
            while j0 < n {
                let j1 = min(j0 + blockSize, n)
                // Trailing update of block column j0..<j1 by the finished columns 0..<j0:
                // A[i][j] -= sum_{t < j0} L[i][t] L[j][t] for i >= j0, j in j0..<j1.
                if j0 > 0 {
                    MatrixProduct.addTransposeProduct(
                        k: j0, m: j1 - j0, n: n - j0, alpha: -1, a: f + j0 * n, lda: n,
                        b: f + j0 * n, ldb: n, c: f + j0 * n + j0, ldc: n)
                }
                for j in j0..<j1 {
                    let rowJ = f + j * n + j0
                    let d = rowJ[j - j0] - Kernels.dot(rowJ, rowJ, count: j - j0)
                    guard d > floor else { return false }
                    let root = d.squareRoot()
                    rowJ[j - j0] = root
                    for i in (j + 1)..<max(j + 1, n) {
                        let rowI = f + i * n + j0
                        rowI[j - j0] = (rowI[j - j0] - Kernels.dot(rowI, rowJ, count: j - j0)) / root
                    }
                }
                j0 = j1
            }
            return true
        }
        guard ok else { return nil }
        order = n
        factor = l
        #endif
    }

    /// The lower factor `L` as a row-major `order x order` array with zeros above the diagonal.
    public var lower: [Double] {
        var out = [Double](repeating: 0, count: order * order)
        for i in 0..<order { for j in 0...i { out[i * order + j] = factor[i * order + j] } }
        return out
    }

    /// Returns `log det A = 2 sum_i log L_ii`.
    public var logDeterminant: Double {
        var s = 0.0
        for i in 0..<order { s += mathLog(factor[i * order + i]) }
        return 2 * s
    }
}
