import Shrink

/// Independent optimality checks computed from the original data, not from solver internals.
enum Optimality {
    /// Returns the largest KKT violation of a path point on the standardized scale, computed from
    /// scratch: residuals, weighted column moments, and the elastic-net subdifferential.
    static func maxKKTViolation(
        x: DenseMatrix, y: [Double], options: ElasticNetOptions, point: PathPoint
    ) -> Double {
        let n = x.rowCount, p = x.columnCount
        let rawW = options.weights ?? [Double](repeating: 1, count: n)
        let total = rawW.reduce(0, +)
        let w = rawW.map { $0 / total }
        let b = point.coefficients.dense
        var pf = options.penaltyFactors ?? [Double](repeating: 1, count: p)
        let pfSum = pf.reduce(0, +)
        pf = pf.map { $0 * Double(p) / pfSum }
        var r = y
        for i in 0..<n {
            var eta = point.intercept
            for j in 0..<p { eta += x[i, j] * b[j] }
            r[i] -= eta
        }
        var worst = 0.0
        for j in 0..<p where !options.excluded.contains(j) {
            var mean = 0.0
            for i in 0..<n { mean += w[i] * x[i, j] }
            var variance = 0.0
            for i in 0..<n { variance += w[i] * (x[i, j] - mean) * (x[i, j] - mean) }
            if variance == 0 { continue }
            let s = options.standardize ? variance.squareRoot() : 1
            let c = options.fitIntercept ? mean : 0
            var g = 0.0
            for i in 0..<n { g += w[i] * (x[i, j] - c) / s * r[i] }
            let bs = b[j] * s
            let l1 = point.lambda * options.alpha * pf[j], l2 = point.lambda * (1 - options.alpha) * pf[j]
            let lo = (options.lowerLimits?[j] ?? -.infinity) * s, hi = (options.upperLimits?[j] ?? .infinity) * s
            let v = g - l2 * bs
            var low = -l1, high = l1
            if bs > 0 { low = l1 } else if bs < 0 { high = -l1 }
            if bs >= hi * (1 - 1e-12) && hi.isFinite { high = .infinity }
            if bs <= lo * (1 - 1e-12) && lo.isFinite { low = -.infinity }
            worst = max(worst, v > high ? v - high : (v < low ? low - v : 0))
        }
        return worst
    }

    /// Solves the ridge problem in closed form on standardized columns: returns original-scale
    /// (intercept, coefficients) minimizing `1/2 sum w (y - b0 - x'b)^2 + lambda/2 sum (s_j b_j)^2`.
    static func ridge(x: DenseMatrix, y: [Double], lambda: Double) -> (Double, [Double]) {
        let n = x.rowCount, p = x.columnCount
        let w = 1.0 / Double(n)
        let means = (0..<p).map { j in (0..<n).reduce(0.0) { $0 + x[$1, j] } * w }
        let sds = (0..<p).map { j in ((0..<n).reduce(0.0) { $0 + (x[$1, j] - means[j]) * (x[$1, j] - means[j]) } * w).squareRoot() }
        let ym = y.reduce(0, +) * w
        var a = [[Double]](repeating: [Double](repeating: 0, count: p), count: p)
        var rhs = [Double](repeating: 0, count: p)
        for j in 0..<p {
            for k in 0..<p {
                var s = 0.0
                for i in 0..<n { s += (x[i, j] - means[j]) / sds[j] * (x[i, k] - means[k]) / sds[k] }
                a[j][k] = s * w + (j == k ? lambda : 0)
            }
            var s = 0.0
            for i in 0..<n { s += (x[i, j] - means[j]) / sds[j] * (y[i] - ym) }
            rhs[j] = s * w
        }
        let z = solve(a, rhs)
        let b = (0..<p).map { z[$0] / sds[$0] }
        let b0 = ym - (0..<p).reduce(0.0) { $0 + means[$1] * b[$1] }
        return (b0, b)
    }

    /// Gaussian elimination with partial pivoting (small systems only).
    static func solve(_ matrix: [[Double]], _ rhs: [Double]) -> [Double] {
        var a = matrix, b = rhs
        let n = b.count
        for c in 0..<n {
            let piv = (c..<n).max { abs(a[$0][c]) < abs(a[$1][c]) }!
            a.swapAt(c, piv); b.swapAt(c, piv)
            for r in (c + 1)..<n {
                let f = a[r][c] / a[c][c]
                for k in c..<n { a[r][k] -= f * a[c][k] }
                b[r] -= f * b[c]
            }
        }
        var out = [Double](repeating: 0, count: n)
        for r in stride(from: n - 1, through: 0, by: -1) {
            var s = b[r]
            for k in (r + 1)..<n { s -= a[r][k] * out[k] }
            out[r] = s / a[r][r]
        }
        return out
    }
}
