#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Ridge (alpha = 0) for the binomial and poisson families by Newton's method with Cholesky steps,
/// along a path with warm starts.
///
/// Minimizes `sum_i w_i loss(y_i, eta_i) + (lambda/2) sum_j pf_j beta_j^2` with `w` summing to 1,
/// `eta = offset + b0 + sum_j beta_j (x_ij - c_j) / s_j` (standardized coefficients `beta`), exactly
/// the problem of ``Logistic`` / ``Poisson`` at alpha = 0. Penalized columns are scaled by
/// `1/sqrt(pf_j)` (`b_j = sqrt(pf_j) beta_j`, penalty `lambda/2 ||b||^2`); the intercept and the
/// unpenalized features form the unpenalized block `U` with coefficients `theta`. Rows with zero
/// weight are dropped.
///
/// - Primal form (q <= m penalized features for m weighted rows): the full Newton system
///   `([U Z]' D [U Z] + lambda diag(0, I)) delta = -g` is factored by Cholesky, O(m P^2 + P^3) per step.
/// - Dual form (q > m): `b = Z'a` (every Newton iterate from `b = 0` stays in the row space of `Z`).
///   With `K = Z Z'` (formed once per path), `G = D^(1/2)` and `M = G K G + lambda I`, the Newton
///   step is `S dtheta = -U'r + W'M^-1 G K v` with `W = G U`, `S = lambda W'M^-1 W`,
///   `v = r + lambda a`, then `da = -(u - G M^-1 G K u) / lambda` with `u = v + D U dtheta`
///   (block elimination and Woodbury; no division by the curvatures). O(m^3 / 3) per step.
///
/// Each step is damped by halving until the objective does not increase; a point has converged
/// when the Newton decrement `-g'delta` is below `1e-22 * (f - saturated loss)` (or 1e-300). Below
/// `1e-12 * (|f| + f - saturated loss)` rounding hides the decrease of the objective, so there up to
/// three full steps are taken unchecked (the quadratically convergent region); a point whose
/// damped steps stop lowering the objective above that resolution is reported as not converged.
/// As glmnet and ``Logistic`` / ``Poisson``, the first point of an automatic grid (lambda_max, as for
/// alpha = 0.001) is the unpenalized fit with every penalized coefficient zero, not the ridge
/// solution at that lambda; its KKT violation reports the distance to the ridge solution's conditions.
/// The curvatures are the families' (glmnet's clipped binomial weights), so near separation the
/// steps are quasi-Newton with the exact gradient.
struct RidgeNewton<Family: GLMFamily> {
    let family: Family
    let problem: GLMProblem
    /// Rows with positive weight.
    let rows: [Int]
    /// The number of kept rows.
    let m: Int
    /// Weights of the kept rows (normalized over all rows, so they sum to 1).
    let w: [Double]
    let y: [Double]
    let offset: [Double]
    /// Penalized features (original indices) and `sqrt(pf_j)`.
    let penalized: [Int]
    let rootFactors: [Double]
    /// Unpenalized features (original indices); the intercept column comes first in `u` when fitted.
    let unpenalized: [Int]
    /// `Z` (m x q, column-major): standardized penalized columns over `sqrt(pf_j)`.
    let z: [Double]
    /// `U` (m x k, column-major): the intercept column (ones) then the standardized unpenalized columns.
    let u: [Double]
    let q: Int
    let k: Int
    /// Whether the dual (kernel) form runs.
    let dual: Bool
    /// `K = Z Z'` in the dual form.
    let kernel: [Double]
    /// `sum_i w_i saturatedLoss(y_i)`.
    let saturated: Double

    // Current state.
    var theta: [Double]
    /// Primal: `b`. Dual: `a` with `b = Z'a`.
    var coefficients: [Double]
    /// The linear predictor of the kept rows (offset included).
    var eta: [Double]
    /// Dual: `K a` (the penalized part of eta).
    var kernelPart: [Double]

    init(x: DesignMatrix, y yAll: [Double], options: ElasticNetOptions, family: Family) throws {
        self.family = family
        let problem = try GLMProblem(x: x, responseCount: yAll.count, options: options)
        for (i, v) in yAll.enumerated() where !v.isFinite {
            throw ShrinkError.invalidInput("response value \(v) in row \(i + 1) is not finite")
        }
        try family.validate(yAll, weights: problem.weights)
        self.problem = problem
        let rows = (0..<x.rowCount).filter { problem.weights[$0] > 0 }
        self.rows = rows
        m = rows.count
        w = rows.map { problem.weights[$0] }
        y = rows.map { yAll[$0] }
        offset = rows.map { problem.offset[$0] }
        let factors = problem.penalty.factors
        penalized = problem.eligible.filter { factors[$0] > 0 }
        unpenalized = problem.eligible.filter { factors[$0] == 0 }
        rootFactors = penalized.map { factors[$0].squareRoot() }
        q = penalized.count
        k = unpenalized.count + (options.fitIntercept ? 1 : 0)
        let stats = problem.stats
        let mm = rows.count
        var position: [Int] = []  // kept-row index of each row, when rows were dropped (sparse designs)
        if case .sparse = x, mm != x.rowCount {
            position = [Int](repeating: -1, count: x.rowCount)
            for (t, i) in rows.enumerated() { position[i] = t }
        }
        func column(_ j: Int, scale: Double) -> [Double] {
            let c = stats.centers[j], f = 1 / (stats.scales[j] * scale)
            var out = [Double](repeating: -c * f, count: mm)
            switch x {
            case .dense(let d):
                let off = j * d.rowCount
                for (t, i) in rows.enumerated() { out[t] = (d.values[off + i] - c) * f }
            case .sparse(let s):
                for e in s.columnStarts[j]..<s.columnStarts[j + 1] {
                    let i = Int(s.rowIndices[e])
                    let t = position.isEmpty ? i : position[i]
                    if t >= 0 { out[t] = (s.values[e] - c) * f }
                }
            }
            return out
        }
        var zz = [Double](repeating: 0, count: mm * q)
        for (jj, j) in penalized.enumerated() {
            let col = column(j, scale: rootFactors[jj])
            for t in 0..<mm { zz[jj * mm + t] = col[t] }
        }
        z = zz
        var uu: [Double] = options.fitIntercept ? [Double](repeating: 1, count: mm) : []
        for j in unpenalized { uu += column(j, scale: 1) }
        u = uu
        dual = q > mm
        kernel = dual ? MatrixProduct.rowGram(zz, rows: mm, columns: q) : []
        var s = 0.0
        for t in 0..<mm { s += w[t] * family.saturatedLoss(y[t]) }
        saturated = s
        theta = [Double](repeating: 0, count: k)
        coefficients = [Double](repeating: 0, count: dual ? mm : q)
        eta = offset
        kernelPart = [Double](repeating: 0, count: dual ? mm : 0)
    }

    /// `sum_i w_i loss(y_i, eta_i)`.
    func loss(_ eta: [Double]) -> Double {
        var s = 0.0
        for t in 0..<m { s += w[t] * family.loss(y[t], eta[t]) }
        return s
    }

    /// `||b||^2` of the current state.
    func penaltyNorm() -> Double {
        if dual {
            var s = 0.0
            for t in 0..<m { s += coefficients[t] * kernelPart[t] }
            return s
        }
        return coefficients.reduce(0) { $0 + $1 * $1 }
    }

    /// `r_i = w_i (mu_i - y_i)` and the curvatures `d_i = w_i curvature(mu_i)` at `eta`.
    func residuals() -> (r: [Double], d: [Double]) {
        var r = [Double](repeating: 0, count: m), d = r
        for t in 0..<m {
            let mu = family.mean(eta[t])
            r[t] = w[t] * (mu - y[t])
            d[t] = w[t] * family.curvature(mu)
        }
        return (r, d)
    }

    /// `A' v` for column-major `A` (rows x cols).
    static func transposeTimes(_ a: [Double], _ v: [Double], rows: Int, cols: Int) -> [Double] {
        guard cols > 0 else { return [] }
        return MatrixProduct.transposeTimes(a, v, k: rows, m: cols, n: 1)
    }

    /// `A v` for column-major `A` (rows x cols).
    static func times(_ a: [Double], _ v: [Double], rows: Int, cols: Int) -> [Double] {
        var out = [Double](repeating: 0, count: rows)
        a.withUnsafeBufferPointer { ab in
            out.withUnsafeMutableBufferPointer { ob in
                for j in 0..<cols where v[j] != 0 { Kernels.axpy(v[j], ab.baseAddress! + j * rows, ob.baseAddress!, count: rows) }
            }
        }
        return out
    }

    /// `K v` for the symmetric kernel.
    func kernelTimes(_ v: [Double]) -> [Double] {
        var out = [Double](repeating: 0, count: m)
        kernel.withUnsafeBufferPointer { kb in
            v.withUnsafeBufferPointer { vb in
                for t in 0..<m { out[t] = Kernels.dot(kb.baseAddress! + t * m, vb.baseAddress!, count: m) }
            }
        }
        return out
    }

    /// One Newton direction at `lambda`: the steps for `theta` and for the coefficients, the change of
    /// eta's penalized part (dual) or of eta (primal: all of it), and the decrement `-g'delta`.
    func direction(lambda: Double, penalizedOnly: Bool) throws -> (dTheta: [Double], dCoef: [Double], dEta: [Double], dKernel: [Double], decrement: Double) {
        let (r, d) = residuals()
        let activeQ = penalizedOnly ? 0 : q
        if !dual || activeQ == 0 {
            // Primal: parameters [theta; b] (b only when activeQ > 0).
            let size = k + activeQ
            guard size > 0 else { return ([], [Double](repeating: 0, count: coefficients.count), [Double](repeating: 0, count: m), [], 0) }
            var scaled = [Double](repeating: 0, count: m * size)
            let root = d.map { $0.squareRoot() }
            for c in 0..<k { for t in 0..<m { scaled[c * m + t] = root[t] * u[c * m + t] } }
            for c in 0..<activeQ { for t in 0..<m { scaled[(k + c) * m + t] = root[t] * z[c * m + t] } }
            var h = MatrixProduct.gram(scaled, rows: m, columns: size)
            var g = Self.transposeTimes(u, r, rows: m, cols: k)
            if activeQ > 0 {
                let zr = Self.transposeTimes(z, r, rows: m, cols: q)
                for c in 0..<q {
                    h[(k + c) * size + k + c] += lambda
                    g.append(zr[c] + lambda * coefficients[c])
                }
            }
            guard let chol = size > 64 ? Cholesky(blocked: h, order: size, relativePivot: 1e-14)
                                       : Cholesky(h, order: size, relativePivot: 1e-14) else {
                throw ShrinkError.invalidInput(
                    "the Newton system is numerically singular at lambda = \(lambda) (collinear unpenalized features, or lambda = 0 with collinear features)")
            }
            let step = chol.solve(g.map { -$0 })
            var decrement = 0.0
            for i in 0..<size { decrement -= g[i] * step[i] }
            let dTheta = Array(step[0..<k])
            let dCoef = activeQ > 0 ? Array(step[k...]) : [Double](repeating: 0, count: coefficients.count)
            var dEta = Self.times(u, dTheta, rows: m, cols: k)
            if activeQ > 0 {
                let zs = Self.times(z, dCoef, rows: m, cols: q)
                for t in 0..<m { dEta[t] += zs[t] }
            }
            return (dTheta, dCoef, dEta, [], decrement)
        }
        // Dual form.
        guard lambda > 0 else {
            throw ShrinkError.invalidInput(
                "lambda = 0 with more penalized features (\(q)) than weighted rows (\(m)): the ridge solution is not unique")
        }
        let root = d.map { $0.squareRoot() }
        var mat = kernel
        for i in 0..<m {
            for j in 0..<m { mat[i * m + j] *= root[i] * root[j] }
            mat[i * m + i] += lambda
        }
        guard let chol = Cholesky(blocked: mat, order: m, relativePivot: 1e-15) else {
            throw ShrinkError.invalidInput("the Newton system is numerically singular at lambda = \(lambda)")
        }
        var v = r
        for t in 0..<m { v[t] += lambda * coefficients[t] }
        var dTheta = [Double](repeating: 0, count: k)
        if k > 0 {
            var wCols = [Double](repeating: 0, count: m * k)
            for c in 0..<k { for t in 0..<m { wCols[c * m + t] = root[t] * u[c * m + t] } }
            var mw = [Double](repeating: 0, count: m * k)
            for c in 0..<k {
                let s = chol.solve(Array(wCols[(c * m)..<((c + 1) * m)]))
                for t in 0..<m { mw[c * m + t] = s[t] }
            }
            var schur = MatrixProduct.transposeTimes(wCols, mw, k: m, m: k, n: k)
            for i in schur.indices { schur[i] *= lambda }
            // symmetrize
            for i in 0..<k { for j in 0..<i { let a = 0.5 * (schur[i * k + j] + schur[j * k + i]); schur[i * k + j] = a; schur[j * k + i] = a } }
            let kv = kernelTimes(v)
            let tvec = chol.solve((0..<m).map { root[$0] * kv[$0] })
            let ur = Self.transposeTimes(u, r, rows: m, cols: k)
            let wt = Self.transposeTimes(wCols, tvec, rows: m, cols: k)
            let rhs = (0..<k).map { -ur[$0] + wt[$0] }
            guard let small = Cholesky(schur, order: k, relativePivot: 1e-14) else {
                throw ShrinkError.invalidInput(
                    "the Newton system is numerically singular at lambda = \(lambda) (collinear unpenalized features)")
            }
            dTheta = small.solve(rhs)
        }
        var uvec = v
        if k > 0 {
            let ud = Self.times(u, dTheta, rows: m, cols: k)
            for t in 0..<m { uvec[t] += d[t] * ud[t] }
        }
        let ku = kernelTimes(uvec)
        let inner = chol.solve((0..<m).map { root[$0] * ku[$0] })
        var dA = [Double](repeating: 0, count: m)
        for t in 0..<m { dA[t] = -(uvec[t] - root[t] * inner[t]) / lambda }
        let dKernel = kernelTimes(dA)
        var dEta = dKernel
        if k > 0 {
            let ud = Self.times(u, dTheta, rows: m, cols: k)
            for t in 0..<m { dEta[t] += ud[t] }
        }
        // -g'delta = -(U'r . dtheta + v'K da).
        var decrement = 0.0
        let ur = Self.transposeTimes(u, r, rows: m, cols: k)
        for c in 0..<k { decrement -= ur[c] * dTheta[c] }
        for t in 0..<m { decrement -= v[t] * dKernel[t] }
        return (dTheta, dA, dEta, dKernel, decrement)
    }

    /// Newton's method at `lambda` from the current state (with `unpenalizedOnly`, only `theta`
    /// moves and the penalized coefficients stay at zero).
    ///
    /// - Returns: the number of Newton steps and whether the decrement reached the tolerance.
    mutating func solve(lambda: Double, unpenalizedOnly: Bool = false, maxSteps: Int = 100) throws -> (steps: Int, converged: Bool) {
        var f = loss(eta) + 0.5 * lambda * (unpenalizedOnly ? 0 : penaltyNorm())
        var unchecked = 0
        for step in 0..<maxSteps {
            let dir = try direction(lambda: lambda, penalizedOnly: unpenalizedOnly)
            let scale = max(f - saturated, 1e-300)
            if !(dir.decrement > 1e-22 * scale) { return (step, true) }
            // Below the objective's resolution the line search cannot see progress: in this
            // (quadratically convergent) region take full steps, at most three in a row.
            let resolution = 1e-12 * (abs(f) + scale)
            var size = 1.0
            var accepted = false
            if dir.decrement <= resolution {
                if unchecked == 3 { return (step, true) }
                unchecked += 1
            } else {
                unchecked = 0
            }
            for _ in 0..<60 {
                var newEta = eta
                for t in 0..<m { newEta[t] += size * dir.dEta[t] }
                var norm = 0.0
                if !unpenalizedOnly {
                    if dual {
                        for t in 0..<m {
                            let a = coefficients[t] + size * dir.dCoef[t]
                            norm += a * (kernelPart[t] + size * dir.dKernel[t])
                        }
                    } else {
                        for c in 0..<q { let b = coefficients[c] + size * dir.dCoef[c]; norm += b * b }
                    }
                }
                let fNew = loss(newEta) + 0.5 * lambda * norm
                if fNew <= f || (unchecked > 0 && fNew.isFinite) {
                    for c in 0..<k { theta[c] += size * dir.dTheta[c] }
                    if !unpenalizedOnly {
                        for i in coefficients.indices { coefficients[i] += size * dir.dCoef[i] }
                        if dual { for t in 0..<m { kernelPart[t] += size * dir.dKernel[t] } }
                    }
                    eta = newEta
                    f = fNew
                    accepted = true
                    break
                }
                size *= 0.5
            }
            if !accepted { return (step + 1, dir.decrement <= 1e-10 * scale) }
        }
        return (maxSteps, false)
    }

    /// The scaled penalized coefficients `b` of the current state.
    func scaledCoefficients() -> [Double] {
        dual ? Self.transposeTimes(z, coefficients, rows: m, cols: q) : coefficients
    }

    /// The gradient of the loss with respect to the scaled penalized coefficients: `Z'r`.
    func penalizedGradient() -> [Double] {
        Self.transposeTimes(z, residuals().r, rows: m, cols: q)
    }

    /// The path point of the current state at `lambda`.
    func point(lambda: Double, steps: Int, converged: Bool, nullDeviance: Double) -> (point: PathPoint, curvatureSum: Double) {
        let p = problem.featureCount
        let b = scaledCoefficients()
        var standardized = [Double](repeating: 0, count: p)
        for (jj, j) in penalized.enumerated() { standardized[j] = b[jj] / rootFactors[jj] }
        let offsetIntercept = problem.options.fitIntercept ? 1 : 0
        for (t, j) in unpenalized.enumerated() { standardized[j] = theta[offsetIntercept + t] }
        let b0 = problem.options.fitIntercept ? theta[0] : 0
        let (a0, original) = problem.originalScale(intercept: b0, standardized: standardized,
                                                   centers: problem.stats.centers)
        let (r, d) = residuals()
        let zr = Self.transposeTimes(z, r, rows: m, cols: q)
        var violation = 0.0
        for c in 0..<q { violation = max(violation, rootFactors[c] * abs(zr[c] + lambda * b[c])) }
        let ur = Self.transposeTimes(u, r, rows: m, cols: k)
        for c in 0..<k { violation = max(violation, abs(ur[c])) }
        let lossValue = loss(eta)
        let norm = b.reduce(0) { $0 + $1 * $1 }
        let deviance = 2 * (lossValue - saturated)
        let ratio = b.contains { $0 != 0 } && nullDeviance > 0 ? 1 - deviance / nullDeviance : 0
        let point = PathPoint(
            lambda: lambda, intercept: a0, coefficients: original,
            devianceRatio: ratio, objective: lossValue + 0.5 * lambda * norm, dualityGap: nil,
            kktViolation: violation, passes: steps, converged: converged)
        return (point, d.reduce(0, +))
    }

    /// Fits the whole path: the null model, the unpenalized fit, glmnet's grid (lambda_max as for
    /// alpha = 0.001) and stopping rules, then Newton at each lambda from the previous solution.
    static func fitPath(x: DesignMatrix, y: [Double], options: ElasticNetOptions, family: Family) throws -> RegularizationPath {
        let clock = ContinuousClock()
        let start = clock.now
        if let reason = ElasticNet.ridgeObstacle(options) {
            throw ShrinkError.invalidInput("solver ridge-newton cannot solve this request: \(reason)")
        }
        var solver = try RidgeNewton(x: x, y: y, options: options, family: family)
        let fitIntercept = options.fitIntercept
        // The null model: the intercept (and offset) only.
        var nullLoss: Double
        if fitIntercept {
            var ybar = 0.0
            for t in 0..<solver.m { ybar += solver.w[t] * solver.y[t] }
            solver.theta[0] = family.nullIntercept(ybar)
            for t in 0..<solver.m { solver.eta[t] = solver.offset[t] + solver.theta[0] }
            if options.offset != nil {
                var onlyIntercept = solver
                onlyIntercept.restrictToIntercept()
                _ = try onlyIntercept.solve(lambda: 0, unpenalizedOnly: true)
                solver.theta[0] = onlyIntercept.theta[0]
                solver.eta = onlyIntercept.eta
            }
        }
        nullLoss = solver.loss(solver.eta)
        let nullDeviance = 2 * (nullLoss - solver.saturated)
        if solver.k > (fitIntercept ? 1 : 0) {
            _ = try solver.solve(lambda: 0, unpenalizedOnly: true)
        }
        let gradient = solver.penalizedGradient()
        var lambdaMax = 0.0
        let a = max(options.alpha, 1e-3)
        for c in 0..<solver.q { lambdaMax = max(lambdaMax, abs(gradient[c]) / (a * solver.rootFactors[c])) }
        let lambdas = solver.problem.lambdas(lambdaMax: lambdaMax)
        let automatic = options.lambdas == nil
        var points: [PathPoint] = []
        var stop = PathStopReason.completed
        var previousRatio = 0.0
        for lambda in lambdas {
            // As glmnet and the coordinate-descent path: the automatic grid's first point (lambda_max,
            // computed as for alpha = 0.001) is the unpenalized fit, every penalized coefficient zero.
            let atMaximum = automatic && points.isEmpty && lambda >= lambdaMax
            let run = atMaximum ? (steps: 0, converged: true) : try solver.solve(lambda: lambda)
            let (point, curvatureSum) = solver.point(lambda: lambda, steps: run.steps, converged: run.converged,
                                                     nullDeviance: nullDeviance)
            points.append(point)
            let ratio = point.devianceRatio
            if automatic && points.count >= 5 {
                if ratio - previousRatio < 1e-5 * ratio { stop = .devianceRatioPlateau; break }
                if ratio > 0.999 { stop = .devianceRatioSaturated; break }
            }
            if family is BinomialFamily {
                let floor = BinomialFamily.probabilityFloor
                if curvatureSum <= (1 + floor) * floor * (1 - floor) { stop = .devianceRatioSaturated; break }
            }
            previousRatio = ratio
        }
        return try RegularizationPath.assemble(
            family: family.name, options: options, x: x, nullDeviance: nullDeviance * solver.problem.weightSum,
            points: points, stop: stop, solver: .ridgeNewton, elapsed: clock.now - start)
    }

    /// Drops the unpenalized features from `U`, keeping the intercept column only (for the null model).
    mutating func restrictToIntercept() {
        self = RidgeNewton(copy: self, interceptOnly: true)
    }

    private init(copy s: RidgeNewton, interceptOnly: Bool) {
        family = s.family; problem = s.problem; rows = s.rows; m = s.m; w = s.w; y = s.y; offset = s.offset
        penalized = s.penalized; rootFactors = s.rootFactors; unpenalized = []
        z = s.z; u = Array(s.u.prefix(s.m)); q = s.q; k = 1; dual = s.dual; kernel = s.kernel
        saturated = s.saturated; theta = [s.theta[0]]; coefficients = s.coefficients; eta = s.eta
        kernelPart = s.kernelPart
    }
}
