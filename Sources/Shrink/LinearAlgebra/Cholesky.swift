/// The Cholesky factorization `A = L L'` of a small symmetric positive-definite matrix.
struct Cholesky {
    /// The order of the matrix.
    let order: Int
    /// The lower factor, row-major; entries above the diagonal are unused.
    private var factor: [Double]

    /// Factors the row-major `order x order` matrix `a`, or returns `nil` when a pivot falls below
    /// `relativePivot * trace(a) / order` (numerically singular or indefinite).
    ///
    /// - Complexity: O(order^3 / 3), with the inner products on the SIMD dot kernel.
    init?(_ a: [Double], order n: Int, relativePivot: Double = 1e-13) {
        precondition(a.count == n * n, "matrix size mismatch")
        var trace = 0.0
        for i in 0..<n { trace += a[i * n + i] }
        guard trace > 0, trace.isFinite else { return nil }
        let floor = relativePivot * trace / Double(n)
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
    }

    /// Returns the solution `x` of `A x = b`.
    ///
    /// - Complexity: O(order^2).
    func solve(_ b: [Double]) -> [Double] {
        let n = order
        var x = b
        for i in 0..<n {
            for t in 0..<i { x[i] -= factor[i * n + t] * x[t] }
            x[i] /= factor[i * n + i]
        }
        for i in stride(from: n - 1, through: 0, by: -1) {
            for t in (i + 1)..<n { x[i] -= factor[t * n + i] * x[t] }
            x[i] /= factor[i * n + i]
        }
        return x
    }
}
