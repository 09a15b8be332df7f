import Dispatch

/// A validated ridge problem in the weighted, centered, standardized space of the elastic net.
///
/// With `w` normalized to sum 1, `z_ij = sqrt(w_i) (x_ij - c_j) / s_j` and the penalty factors
/// rescaled as glmnet (`pf * p / sum(pf)`), the ridge objective is
/// `1/2 ||y~ - Z beta||^2 + lambda/2 sum_j pf_j beta_j^2`. Penalized columns are scaled by
/// `1/sqrt(pf_j)` (so the penalty becomes `lambda/2 ||b||^2` with `b_j = sqrt(pf_j) beta_j`); the
/// unpenalized columns (pf = 0) are orthonormalized into `Q` and projected out of the penalized
/// columns and the response, exactly as the intercept is by centering.
///
/// The projected, scaled penalized design `Z_r` (n x q) is never stored: its products
/// (`RidgeProblem+Products.swift`) write it block by block from the caller's design into
/// cache-sized scratch buffers, so a fit needs about the design's own memory, not twice it.
struct RidgeProblem: Sendable {
    let base: GaussianProblem
    /// The design as given; `Z_r` is computed from it on the fly.
    let design: DesignMatrix
    /// Rows of the design.
    let rowCount: Int
    /// Rows with positive weight (the `n` of GCV).
    let positiveRows: Int
    /// Penalized features (original column indices), in increasing order.
    let penalized: [Int]
    /// Unpenalized features (pf = 0), in increasing order.
    let unpenalized: [Int]
    /// `sqrt(pf_j)` of each penalized feature, aligned with ``penalized``.
    let rootFactors: [Double]
    /// The projected response `y_r`.
    let response: [Double]
    /// `||y_r||^2`.
    let responseSquares: Double
    /// Orthonormal basis of the unpenalized columns (n x k, column-major).
    let basis: [Double]
    /// The upper-triangular factor R (k x k, column-major) of the unpenalized columns `= Q R`.
    let basisR: [Double]
    /// `Q' y~` (k).
    let basisResponse: [Double]
    /// `Q' Z_p` before projection (k x q, column-major).
    let basisDesign: [Double]
    /// The leverage of each row that does not depend on lambda: `w_i` for the intercept plus `sum_t Q_it^2`.
    let baseLeverage: [Double]

    /// Validates the inputs (as the elastic net, with ridge's own restrictions) and builds `Q` and `y_r`.
    ///
    /// - Throws: ``ShrinkError/invalidInput(_:)`` naming the offending value.
    /// - Complexity: O(n k (k + q)) for k unpenalized and q penalized features (O(n) without
    ///   unpenalized ones).
    init(x: DesignMatrix, y: [Double], options given: ElasticNetOptions) throws {
        var options = given
        options.alpha = 0
        if let l = options.lowerLimits, l.contains(where: { $0.isFinite }) {
            throw ShrinkError.invalidInput(
                "ridge has no box constraints: lower limits are not supported (the closed-form solve is unconstrained); use ElasticNet.fit with alpha = 0")
        }
        if let u = options.upperLimits, u.contains(where: { $0.isFinite }) {
            throw ShrinkError.invalidInput(
                "ridge has no box constraints: upper limits are not supported (the closed-form solve is unconstrained); use ElasticNet.fit with alpha = 0")
        }
        if let d = options.maxFeatures {
            throw ShrinkError.invalidInput("maxFeatures = \(d) does not apply to ridge: every coefficient is non-zero")
        }
        if let d = options.maxEverActive {
            throw ShrinkError.invalidInput("maxEverActive = \(d) does not apply to ridge: every coefficient is non-zero")
        }
        options.lowerLimits = nil
        options.upperLimits = nil
        let base = try GaussianProblem(x: x, y: y, options: options)
        self.base = base
        design = x
        let n = x.rowCount
        rowCount = n
        positiveRows = base.weights.reduce(0) { $0 + ($1 > 0 ? 1 : 0) }
        let factors = base.penalty.factors
        penalized = base.eligible.filter { factors[$0] > 0 }
        unpenalized = base.eligible.filter { factors[$0] == 0 }
        rootFactors = penalized.map { factors[$0].squareRoot() }

        func column(_ j: Int, scale: Double) -> [Double] {
            [Double](unsafeUninitializedCapacity: n) { buffer, count in
                RidgeProblem.standardize(x, base, j, scale: scale, rows: 0..<n, into: buffer.baseAddress!)
                count = n
            }
        }

        // Orthonormalize the unpenalized columns (Gram-Schmidt, twice).
        let k = unpenalized.count
        var q = [Double](repeating: 0, count: n * k)
        var r = [Double](repeating: 0, count: k * k)
        for (t, j) in unpenalized.enumerated() {
            var v = column(j, scale: 1)
            let norm0 = v.reduce(0) { $0 + $1 * $1 }.squareRoot()
            for _ in 0..<2 {
                for s in 0..<t {
                    var dotv = 0.0
                    for i in 0..<n { dotv += q[s * n + i] * v[i] }
                    r[t * k + s] += dotv
                    for i in 0..<n { v[i] -= dotv * q[s * n + i] }
                }
            }
            let norm = v.reduce(0) { $0 + $1 * $1 }.squareRoot()
            guard norm > 1e-10 * norm0, norm > 0 else {
                throw ShrinkError.invalidInput(
                    "unpenalized feature \(j + 1) (penalty factor 0) is collinear with the other unpenalized features\(options.fitIntercept ? " and the intercept" : ""); its coefficient is not identifiable")
            }
            r[t * k + t] = norm
            for i in 0..<n { q[t * n + i] = v[i] / norm }
        }
        basis = q
        basisR = r

        let qn = penalized.count
        var yr = base.response
        var qy = [Double](repeating: 0, count: k)
        var qz = [Double](repeating: 0, count: k * qn)
        if k > 0 {
            for t in 0..<k {
                var s = 0.0
                for i in 0..<n { s += q[t * n + i] * yr[i] }
                qy[t] = s
            }
            for t in 0..<k { for i in 0..<n { yr[i] -= qy[t] * q[t * n + i] } }
            // Q' Z_p, one standardized column at a time.
            var scratch = [Double](repeating: 0, count: n)
            let columns = penalized, roots = rootFactors
            q.withUnsafeBufferPointer { qb in
                scratch.withUnsafeMutableBufferPointer { sb in
                    for (jj, j) in columns.enumerated() {
                        RidgeProblem.standardize(x, base, j, scale: roots[jj], rows: 0..<n, into: sb.baseAddress!)
                        for t in 0..<k { qz[jj * k + t] = Kernels.dot(qb.baseAddress! + t * n, sb.baseAddress!, count: n) }
                    }
                }
            }
        }
        response = yr
        responseSquares = yr.reduce(0) { $0 + $1 * $1 }
        basisResponse = qy
        basisDesign = qz
        var lev = [Double](repeating: 0, count: n)
        for i in 0..<n {
            var h = options.fitIntercept ? base.weights[i] : 0
            for t in 0..<k { h += q[t * n + i] * q[t * n + i] }
            lev[i] = h
        }
        baseLeverage = lev
    }

    /// Writes rows `rows` of the weighted, standardized column `j` of `x`, divided by `scale`, to `out`.
    ///
    /// - Complexity: O(rows.count), plus O(log nnz) for sparse `x` (its row indices increase).
    static func standardize(
        _ x: DesignMatrix, _ base: GaussianProblem, _ j: Int, scale: Double, rows: Range<Int>,
        into out: UnsafeMutablePointer<Double>
    ) {
        let n = x.rowCount
        let c = base.stats.centers[j]
        let f = 1 / (base.stats.scales[j] * scale)
        base.sqrtWeights.withUnsafeBufferPointer { swb in
            let sw = swb.baseAddress! + rows.lowerBound
            let count = rows.count
            switch x {
            case .dense(let m):
                m.values.withUnsafeBufferPointer { vb in
                    let col = vb.baseAddress! + j * n + rows.lowerBound
                    for i in 0..<count { out[i] = sw[i] * (col[i] - c) * f }
                }
            case .sparse(let m):
                for i in 0..<count { out[i] = -sw[i] * c * f }
                // Row indices increase within a column: find the first in `rows`, stop past the last.
                var lo = m.columnStarts[j], hi = m.columnStarts[j + 1]
                while lo < hi {
                    let mid = (lo + hi) / 2
                    if Int(m.rowIndices[mid]) < rows.lowerBound { lo = mid + 1 } else { hi = mid }
                }
                for t in lo..<m.columnStarts[j + 1] {
                    let i = Int(m.rowIndices[t])
                    guard i < rows.upperBound else { break }
                    out[i - rows.lowerBound] = sw[i - rows.lowerBound] * (m.values[t] - c) * f
                }
            }
        }
    }

    /// Writes rows `rows` of column `jj` of `Z_r` (penalized feature `penalized[jj]`: weighted,
    /// standardized, scaled by `1/sqrt(pf)`, unpenalized columns projected out) to `out`.
    ///
    /// - Complexity: O(rows.count (1 + k)) for k unpenalized features, plus O(nnz) for a sparse column.
    func fillColumn(_ jj: Int, rows: Range<Int>, into out: UnsafeMutablePointer<Double>) {
        RidgeProblem.standardize(design, base, penalized[jj], scale: rootFactors[jj], rows: rows, into: out)
        let k = unpenalized.count
        guard k > 0 else { return }
        basis.withUnsafeBufferPointer { qb in
            for t in 0..<k {
                Kernels.axpy(-basisDesign[jj * k + t], qb.baseAddress! + t * rowCount + rows.lowerBound, out, count: rows.count)
            }
        }
    }

    /// The number of penalized columns.
    var penalizedCount: Int { penalized.count }

    /// Converts scaled penalized coefficients `b` (one per penalized column) into a path point.
    func point(lambda: Double, scaled b: [Double], rss: Double, kkt: Double) -> PathPoint {
        let p = base.featureCount
        let stats = base.stats
        var penaltySum = 0.0
        for v in b { penaltySum += v * v }
        let k = unpenalized.count
        var indices: [Int] = [], values: [Double] = []
        if k == 0 {
            // Penalized features only, in increasing order: their non-zero coefficients directly.
            values.reserveCapacity(b.count)
            for (jj, j) in penalized.enumerated() {
                let v = b[jj] / rootFactors[jj] / stats.scales[j]
                if v != 0 { values.append(v) }
            }
            if values.count == penalized.count {
                // Every coefficient is non-zero (ridge's usual case): all the points share one index
                // array, the penalized features themselves, instead of a copy each (a path of 100
                // points over 20,000 features saved 16 MB).
                indices = penalized
            } else {
                indices.reserveCapacity(values.count)
                for (jj, j) in penalized.enumerated() where b[jj] / rootFactors[jj] / stats.scales[j] != 0 {
                    indices.append(j)
                }
            }
        } else {
            var coefficients = [Double](repeating: 0, count: p)
            for (jj, j) in penalized.enumerated() { coefficients[j] = b[jj] / rootFactors[jj] / stats.scales[j] }
            // R beta_u = Q'y~ - (Q'Z_p) b, back substitution.
            var rhs = basisResponse
            for jj in 0..<penalized.count where b[jj] != 0 {
                for t in 0..<k { rhs[t] -= basisDesign[jj * k + t] * b[jj] }
            }
            var beta = [Double](repeating: 0, count: k)
            for t in stride(from: k - 1, through: 0, by: -1) {
                var s = rhs[t]
                for u in (t + 1)..<max(t + 1, k) { s -= basisR[u * k + t] * beta[u] }
                beta[t] = s / basisR[t * k + t]
            }
            for (t, j) in unpenalized.enumerated() { coefficients[j] = beta[t] / stats.scales[j] }
            let sparse = SparseCoefficients(dense: coefficients)
            indices = sparse.indices
            values = sparse.values
        }
        var intercept = base.responseCenter
        for (j, v) in zip(indices, values) { intercept -= stats.centers[j] * v }
        let fullRSS = rss
        return PathPoint(
            lambda: lambda, intercept: base.options.fitIntercept ? intercept : 0,
            coefficients: SparseCoefficients(count: p, indices: indices, values: values),
            devianceRatio: 1 - fullRSS / base.responseSquares,
            objective: 0.5 * fullRSS + 0.5 * lambda * penaltySum,
            dualityGap: nil, kktViolation: kkt, passes: 0, converged: true)
    }
}
