import Dispatch

/// A validated ridge problem in the weighted, centered, standardized space of the elastic net.
///
/// With `w` normalized to sum 1, `z_ij = sqrt(w_i) (x_ij - c_j) / s_j` and the penalty factors
/// rescaled as glmnet (`pf * p / sum(pf)`), the ridge objective is
/// `1/2 ||y~ - Z beta||^2 + lambda/2 sum_j pf_j beta_j^2`. Penalized columns are stored scaled by
/// `1/sqrt(pf_j)` (so the penalty becomes `lambda/2 ||b||^2` with `b_j = sqrt(pf_j) beta_j`); the
/// unpenalized columns (pf = 0) are orthonormalized into `Q` and projected out of the penalized
/// columns and the response, exactly as the intercept is by centering.
struct RidgeProblem {
    let base: GaussianProblem
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
    /// The projected, scaled penalized design `Z_r` (n x q, column-major).
    let z: [Double]
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

    /// Validates the inputs (as the elastic net, with ridge's own restrictions) and builds `Z_r` and `y_r`.
    ///
    /// - Throws: ``ShrinkError/invalidInput(_:)`` naming the offending value.
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
        let n = x.rowCount
        rowCount = n
        positiveRows = base.weights.reduce(0) { $0 + ($1 > 0 ? 1 : 0) }
        let factors = base.penalty.factors
        penalized = base.eligible.filter { factors[$0] > 0 }
        unpenalized = base.eligible.filter { factors[$0] == 0 }
        rootFactors = penalized.map { factors[$0].squareRoot() }

        // Dense standardized, weighted columns.
        let stats = base.stats
        let sw = base.sqrtWeights
        /// Writes column `j` of the weighted, standardized design, divided by `scale`, to `out` (n entries).
        @Sendable func fill(_ j: Int, scale: Double, into out: UnsafeMutablePointer<Double>) {
            let c = stats.centers[j]
            let f = 1 / (stats.scales[j] * scale)
            sw.withUnsafeBufferPointer { swb in
                let sw = swb.baseAddress!
                switch x {
                case .dense(let m):
                    m.values.withUnsafeBufferPointer { vb in
                        let col = vb.baseAddress! + j * n
                        for i in 0..<n { out[i] = sw[i] * (col[i] - c) * f }
                    }
                case .sparse(let m):
                    for i in 0..<n { out[i] = -sw[i] * c * f }
                    for t in m.columnStarts[j]..<m.columnStarts[j + 1] {
                        let i = Int(m.rowIndices[t])
                        out[i] = sw[i] * (m.values[t] - c) * f
                    }
                }
            }
        }
        func column(_ j: Int, scale: Double) -> [Double] {
            [Double](unsafeUninitializedCapacity: n) { buffer, count in
                fill(j, scale: scale, into: buffer.baseAddress!)
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
        // Written in place, on two threads when large (columns are independent: the same bits).
        let roots = rootFactors, penalizedColumns = penalized
        var zr = [Double](unsafeUninitializedCapacity: n * qn) { buffer, count in
            let out = UnsafeSendablePointer(UnsafePointer(buffer.baseAddress!))
            guard n * qn > 0 else { count = 0; return }
            let parts = n * qn >= 1 << 20 && qn >= 2 ? 2 : 1
            let fillPart = { @Sendable (part: Int) in
                let range = part == 0 ? 0..<(qn / parts) : (qn / parts)..<qn
                for jj in range { fill(penalizedColumns[jj], scale: roots[jj], into: UnsafeMutablePointer(mutating: out.pointer) + jj * n) }
            }
            if parts == 1 { fillPart(0) } else { DispatchQueue.concurrentPerform(iterations: parts, execute: fillPart) }
            count = n * qn
        }
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
            if qn > 0 {
                qz = MatrixProduct.transposeTimes(q, zr, k: n, m: k, n: qn)
                zr.withUnsafeMutableBufferPointer { zb in
                    q.withUnsafeBufferPointer { qb in
                        for jj in 0..<qn {
                            for t in 0..<k {
                                Kernels.axpy(-qz[jj * k + t], qb.baseAddress! + t * n, zb.baseAddress! + jj * n, count: n)
                            }
                        }
                    }
                }
            }
        }
        z = zr
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

    /// The number of penalized columns.
    var penalizedCount: Int { penalized.count }

    /// `out[j] = f(z_j)` for every penalized column of `Z_r`, on two threads when the design is large
    /// (columns are independent, so the values do not depend on the split).
    ///
    /// - Complexity: O(n q) for an O(n) `f`.
    func mapColumns(_ f: @escaping @Sendable (UnsafePointer<Double>) -> Double) -> [Double] {
        let n = rowCount, q = penalizedCount
        guard n > 0, q > 0 else { return [Double](repeating: 0, count: q) }
        return [Double](unsafeUninitializedCapacity: q) { out, count in
            z.withUnsafeBufferPointer { zb in
                let columns = UnsafeSendablePointer(zb.baseAddress!)
                let target = UnsafeSendablePointer(UnsafePointer(out.baseAddress!))
                let run = { @Sendable (range: Range<Int>) in
                    let o = UnsafeMutablePointer(mutating: target.pointer)
                    for j in range { o[j] = f(columns.pointer + j * n) }
                }
                if n * q >= 1 << 20 && q >= 2 {
                    DispatchQueue.concurrentPerform(iterations: 2) { run($0 == 0 ? 0..<(q / 2) : (q / 2)..<q) }
                } else {
                    run(0..<q)
                }
            }
            count = q
        }
    }

    /// Converts scaled penalized coefficients `b` (one per penalized column) into a path point.
    func point(lambda: Double, scaled b: [Double], rss: Double, kkt: Double) -> PathPoint {
        let p = base.featureCount
        let stats = base.stats
        var coefficients = [Double](repeating: 0, count: p)
        var penaltySum = 0.0
        for (jj, j) in penalized.enumerated() {
            penaltySum += b[jj] * b[jj]
            coefficients[j] = b[jj] / rootFactors[jj] / stats.scales[j]
        }
        let k = unpenalized.count
        if k > 0 {
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
        }
        var intercept = base.responseCenter
        for j in 0..<p where coefficients[j] != 0 { intercept -= stats.centers[j] * coefficients[j] }
        let fullRSS = rss
        return PathPoint(
            lambda: lambda, intercept: base.options.fitIntercept ? intercept : 0,
            coefficients: SparseCoefficients(dense: coefficients),
            devianceRatio: 1 - fullRSS / base.responseSquares,
            objective: 0.5 * fullRSS + 0.5 * lambda * penaltySum,
            dualityGap: nil, kktViolation: kkt, passes: 0, converged: true)
    }
}
