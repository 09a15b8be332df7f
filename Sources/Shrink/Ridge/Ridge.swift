import Dispatch

/// Ridge (L2) regression in closed form, with the elastic net's objective at alpha = 0.
///
/// Minimizes `(1/2) sum_i w_i (y_i - b0 - x_i'b)^2 + (lambda/2) sum_j pf_j (s_j b_j)^2` (weights
/// normalized to sum 1, `s_j` the weighted population sd when standardizing, penalty factors
/// rescaled to sum to p as glmnet), exactly the problem ``ElasticNet/fit(x:y:options:)`` solves with
/// `alpha = 0`. scikit-learn's `Ridge(alpha = lambda * N)` on standardized data (N the raw weight
/// sum) is the same problem.
///
/// In the scaled space `Z` (weighted, centered, standardized columns divided by `sqrt(pf_j)`) with
/// singular values `d_k`, the shrinkage of direction k is `d_k^2 / (d_k^2 + lambda)`: lambda is
/// used as is (it is scikit-learn's alpha divided by N, and the `d_k^2` are the eigenvalues of the
/// weighted correlation matrix when every pf is 1).
///
/// Options used: `lambdas`, `lambdaCount`, `lambdaMinRatio`, `standardize`, `fitIntercept`,
/// `weights`, `penaltyFactors` (0 = unpenalized), `excluded`. `alpha`, `tolerance`, `maxPasses` and
/// `solver` are ignored; lower/upper limits, `maxFeatures` and `maxEverActive` are rejected.
public enum Ridge {
    /// Fits the whole path from one spectral decomposition, with leave-one-out (optional) and GCV
    /// errors for every lambda and the lambda they choose.
    ///
    /// - Parameters:
    ///   - criterion: Which error chooses the lambda; leave-one-out errors are computed only for
    ///     ``RidgeCriterion/leaveOneOut``.
    ///   - grid: The automatic grid when `options.lambdas` is nil.
    ///   - kkt: Which lambdas get the exact KKT check (see ``RidgeKKT``); the others, in the dual
    ///     (kernel) form, get a bound from the residual of the dual system.
    /// - Throws: ``ShrinkError/invalidInput(_:)`` naming the offending value.
    /// - Complexity: O(n q^2 + q^3) for n >= q penalized features, O(q n^2 + n^3) otherwise; then
    ///   O(m q r) for m lambdas and rank r, plus O(m n r) for leave-one-out.
    public static func fitPath(
        x: DesignMatrix, y: [Double], options: ElasticNetOptions = ElasticNetOptions(alpha: 0),
        criterion: RidgeCriterion = .leaveOneOut, grid: RidgeGrid = .spectral, kkt: RidgeKKT = .chosen
    ) throws -> RidgePath {
        let clock = ContinuousClock()
        let start = clock.now
        let problem = try RidgeProblem(x: x, y: y, options: options)
        let leaveOneOut = criterion == .leaveOneOut
        var spectrum = try RidgeSpectrum(problem, vectors: leaveOneOut)
        let lambdas = gridLambdas(problem, spectrum, grid: grid)
        let shifted = leaveOneOut ? nil : spectrum.shiftedSolutions(lambdas)
        if shifted == nil { spectrum = try spectrum.withVectors() }
        var stop = PathStopReason.completed
        let automaticGlmnet = grid == .glmnet && options.lambdas == nil
        let responseSquares = problem.base.responseSquares
        let evaluation = evaluate(problem, spectrum, lambdas: lambdas, leaveOneOut: leaveOneOut, kkt: kkt,
                                  shifted: shifted) { rss, loo, gcv in
            // glmnet's stopping rules on its own grid, from the deviance ratios.
            var count = rss.count
            if automaticGlmnet {
                var previous = 0.0
                for l in rss.indices {
                    let ratio = 1 - rss[l] / responseSquares
                    if l + 1 >= 5 {
                        if ratio - previous < 1e-5 * ratio { stop = .devianceRatioPlateau }
                        else if ratio > 0.999 { stop = .devianceRatioSaturated }
                        if stop != .completed { count = l + 1; break }
                    }
                    previous = ratio
                }
            }
            let scores = (criterion == .leaveOneOut ? loo! : gcv).prefix(count)
            var best = 0
            for l in scores.indices where scores[l] < scores[best] || scores[best].isNaN { best = l }
            return (count, best)
        }
        let elapsed = clock.now - start
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18
        return RidgePath(
            points: evaluation.points, degreesOfFreedom: evaluation.df, leaveOneOutErrors: evaluation.loo,
            gcvErrors: evaluation.gcv, criterion: criterion, chosenIndex: evaluation.best,
            singularValues: spectrum.d2.map { $0.squareRoot() }, solver: .svd, stopReason: stop,
            featureCount: x.columnCount, rowCount: x.rowCount,
            nullDeviance: problem.base.responseSquares * problem.base.weightSum, fitSeconds: seconds)
    }

    /// Solves at one lambda by a Cholesky factorization: of `Z'Z + lambda I` (q x q) when n >= q,
    /// else of the kernel `Z Z' + lambda I` (n x n) with `b = Z' alpha`.
    ///
    /// - Throws: ``ShrinkError/invalidInput(_:)`` for bad input, or when the matrix is numerically
    ///   singular (lambda = 0 with collinear features).
    /// - Complexity: O(n q min(n, q) + min(n, q)^3 / 3).
    public static func fit(
        x: DesignMatrix, y: [Double], options: ElasticNetOptions = ElasticNetOptions(alpha: 0), lambda: Double
    ) throws -> PathPoint {
        guard lambda >= 0, lambda.isFinite else {
            throw ShrinkError.invalidInput("lambda = \(lambda) is not a finite non-negative number")
        }
        let problem = try RidgeProblem(x: x, y: y, options: options)
        let n = problem.rowCount, q = problem.penalizedCount
        let yr = problem.response
        var b = [Double](repeating: 0, count: q)
        if q > 0 {
            let dual = n < q
            let order = dual ? n : q
            let products = problem.crossProducts()
            var m = products.matrix
            for i in 0..<order { m[i * order + i] += lambda }
            guard let chol = Cholesky(blocked: m, order: order, relativePivot: 1e-14) else {
                throw ShrinkError.invalidInput(
                    "the ridge system is numerically singular at lambda = \(lambda) (collinear features); use a positive lambda")
            }
            b = dual ? problem.transposeTimes(chol.solve(yr), columns: 1) : chol.solve(products.designResponse)
        }
        let (rss, kkt) = exactCheck(problem, scaled: b, lambda: lambda)
        return problem.point(lambda: lambda, scaled: b, rss: rss, kkt: kkt)
    }

    /// The residual sum of squares and the exact KKT violation `max_j sqrt(pf_j) |z_j'r - lambda b_j|`
    /// of scaled coefficients `b`, from the residual `r = y_r - Z_r b`.
    ///
    /// - Complexity: O(n q): two passes over `Z_r`.
    static func exactCheck(_ problem: RidgeProblem, scaled b: [Double], lambda: Double) -> (rss: Double, kkt: Double) {
        let n = problem.rowCount, q = problem.penalizedCount
        let r = problem.residual(scaled: b)
        let rss = r.reduce(0) { $0 + $1 * $1 }
        let gradient = r.withUnsafeBufferPointer { rb in
            let residual = UnsafeSendablePointer(rb.baseAddress!)
            return problem.mapColumns { Kernels.dot($0, residual.pointer, count: n) }
        }
        var kkt = 0.0
        for j in 0..<q { kkt = max(kkt, problem.rootFactors[j] * abs(gradient[j] - lambda * b[j])) }
        return (rss, kkt)
    }

    /// The lambdas of the path: the user's (sorted decreasing) or the automatic grid.
    static func gridLambdas(_ problem: RidgeProblem, _ spectrum: RidgeSpectrum, grid: RidgeGrid) -> [Double] {
        let options = problem.base.options
        if let given = options.lambdas { return given.sorted(by: >) }
        switch grid {
        case .spectral:
            let total = spectrum.d2.reduce(0, +)
            guard total > 0 else { return [0] }
            let top = 100 * total
            let bottom = options.lambdaMinRatio.map { top * $0 } ?? 1e-3 * total / Double(spectrum.rank)
            return LambdaGrid.automatic(lambdaMax: top, count: options.lambdaCount, minRatio: bottom / top)
        case .glmnet:
            var top = 0.0
            for j in 0..<problem.penalizedCount {
                top = max(top, abs(spectrum.designResponse[j]) / (1e-3 * problem.rootFactors[j]))
            }
            guard top > 0 else { return [0] }
            let ratio = options.lambdaMinRatio
                ?? LambdaGrid.defaultMinRatio(rows: problem.rowCount, features: problem.base.featureCount)
            return LambdaGrid.automatic(lambdaMax: top, count: options.lambdaCount, minRatio: ratio)
        }
    }

    /// The per-lambda results of the lambdas a path keeps, and the chosen one.
    struct Evaluation {
        var points: [PathPoint]
        var df: [Double]
        var loo: [Double]?
        var gcv: [Double]
        /// The index of the chosen lambda.
        var best: Int
    }

    /// Which lambdas a path keeps (a prefix) and which one it chooses, given the residual sums of
    /// squares `||y_r - Z_r b||^2`, the leave-one-out errors (when computed) and the GCV errors.
    typealias Choice = (_ rss: [Double], _ loo: [Double]?, _ gcv: [Double]) -> (count: Int, best: Int)

    /// The path points of the scaled coefficients `column(l)` (q per lambda, each asked for once),
    /// built on two threads for large paths (each point is independent of the others, so the same bits).
    ///
    /// - Complexity: O(m p).
    static func pathPoints(
        _ problem: RidgeProblem, lambdas: [Double], column: @escaping @Sendable (Int) -> [Double], rss: [Double],
        kkt: [Double]
    ) -> [PathPoint] {
        let m = lambdas.count
        let slots = PointSlots(count: m)
        let build = { @Sendable (range: Range<Int>) in
            for l in range {
                slots.set(l, problem.point(lambda: lambdas[l], scaled: column(l), rss: rss[l], kkt: kkt[l]))
            }
        }
        if m >= 2 && m * problem.base.featureCount >= 1 << 18 {
            DispatchQueue.concurrentPerform(iterations: 2) { build($0 == 0 ? 0..<(m / 2) : (m / 2)..<m) }
        } else {
            build(0..<m)
        }
        return slots.values
    }

    /// The dual form's coefficient columns, one allocation per lambda, each freed when taken.
    private final class DualColumns: @unchecked Sendable {
        let pointers: [UnsafeMutablePointer<Double>]
        private let length: Int
        /// Whether each column was taken (written by the one thread that takes it).
        private let taken: UnsafeMutablePointer<Bool>
        init(count: Int, length: Int) {
            self.length = length
            pointers = (0..<count).map { _ in .allocate(capacity: max(length, 1)) }
            taken = .allocate(capacity: max(count, 1))
            taken.initialize(repeating: false, count: max(count, 1))
        }
        /// Column `l` as an array; its storage is freed. Each column is taken once, by one thread.
        func take(_ l: Int) -> [Double] {
            precondition(!taken[l], "column \(l) taken twice")
            let column = Array(UnsafeBufferPointer(start: pointers[l], count: length))
            pointers[l].deallocate()
            taken[l] = true
            return column
        }
        deinit {
            for (l, p) in pointers.enumerated() where !taken[l] { p.deallocate() }
            taken.deallocate()
        }
    }

    /// Path points written from two threads, each slot by one.
    private final class PointSlots: @unchecked Sendable {
        private let slots: UnsafeMutablePointer<PathPoint?>
        private let count: Int
        init(count: Int) {
            self.count = count
            slots = .allocate(capacity: count)
            slots.initialize(repeating: nil, count: count)
        }
        deinit {
            slots.deinitialize(count: count)
            slots.deallocate()
        }
        func set(_ index: Int, _ point: PathPoint) { slots[index] = point }
        var values: [PathPoint] { (0..<count).map { slots[$0]! } }
    }

    /// Evaluates df, GCV, leave-one-out, coefficients and KKT for all lambdas at once, as matrix products.
    ///
    /// The KKT violations are exact in the primal form (the gradient costs O(q^2) per lambda) and,
    /// with ``RidgeKKT/all``, in the dual form (O(n q) per lambda); otherwise the dual form bounds
    /// them by Cauchy-Schwarz: with `b = Z'a`, the gradient is `Z'rho` for the residual
    /// `rho = y_r - (K + lambda I) a` of the dual system, so
    /// `max_j sqrt(pf_j) |z_j'rho| <= max_j sqrt(pf_j) ||z_j|| * ||rho||` (O(n^2) per lambda), and
    /// only the chosen lambda gets the exact value. `choose` runs before the dual coefficients are
    /// formed, so that those, the exact gradients and the chosen lambda's share one pass over the design.
    ///
    /// - Parameter shifted: ``RidgeSpectrum/shiftedSolutions(_:)`` for these lambdas, or `nil` to
    ///   use the eigenvectors (required for leave-one-out).
    static func evaluate(
        _ problem: RidgeProblem, _ s: RidgeSpectrum, lambdas: [Double], leaveOneOut: Bool,
        kkt: RidgeKKT = .all, shifted: [Double]? = nil, choose: Choice = { rss, _, _ in (rss.count, 0) }
    ) -> Evaluation {
        let n = problem.rowCount, q = problem.penalizedCount, r = s.rank
        var m = lambdas.count
        let order = s.dual ? n : q
        let k = problem.unpenalized.count
        let fixedDF = Double(k) + (problem.base.options.fitIntercept ? 1 : 0)
        var inverse = [Double](repeating: 0, count: r * m)       // 1 / (d^2 + lambda)
        for l in 0..<m { for t in 0..<r { inverse[t + l * r] = 1 / (s.d2[t] + lambdas[l]) } }
        var scaled = [Double](repeating: 0, count: shifted == nil ? r * m : 0)  // a_t / (d^2 + lambda)
        for i in scaled.indices { scaled[i] = s.projections[i % max(r, 1)] * inverse[i] }
        // The primal coefficients or the dual vectors for every lambda (order x m).
        func solutions() -> [Double] {
            guard let shifted, let reduction = s.reduction else {
                return MatrixProduct.transposeTimes(s.directionsT, scaled, k: r, m: order, n: m)
            }
            var x = shifted
            reduction.applyQ(&x, columns: m)
            return x
        }

        // Primal: coefficients B (q x m) and the exact KKT violations from the gradient. Dual: the
        // dual vectors A (n x m) and the residuals of their systems.
        var coefficients: [Double] = [], alphas: [Double] = [], residual: [Double] = []
        var violations = [Double](repeating: 0, count: m)
        func largest(_ gradient: UnsafePointer<Double>) -> Double {
            var v = 0.0
            for j in 0..<q { v = max(v, problem.rootFactors[j] * abs(gradient[j])) }
            return v
        }
        if r == 0 || q == 0 {
            coefficients = [Double](repeating: 0, count: q * m)
            let v = largest(s.designResponse)
            for l in 0..<m { violations[l] = v }
        } else if !s.dual {
            coefficients = solutions()
            var gradient = MatrixProduct.transposeTimes(s.matrix, coefficients, k: q, m: q, n: m)
            for l in 0..<m {
                for j in 0..<q {
                    let idx = j + l * q
                    gradient[idx] = s.designResponse[j] - gradient[idx] - lambdas[l] * coefficients[idx]
                }
                violations[l] = gradient.withUnsafeBufferPointer { largest($0.baseAddress! + l * q) }
            }
        } else {
            alphas = solutions()
            residual = MatrixProduct.transposeTimes(s.matrix, alphas, k: n, m: n, n: m)
            for l in 0..<m {
                for i in 0..<n {
                    let idx = i + l * n
                    residual[idx] = problem.response[i] - residual[idx] - lambdas[l] * alphas[idx]
                }
            }
            if kkt == .chosen {
                var column = 0.0
                for j in 0..<q { column = max(column, problem.rootFactors[j] * s.columnSquares[j].squareRoot()) }
                residual.withUnsafeBufferPointer { rb in
                    for l in 0..<m {
                        let c = rb.baseAddress! + l * n
                        violations[l] = column * Kernels.dot(c, c, count: n).squareRoot()
                    }
                }
            }
        }
        // Spectral df and residual sums of squares. Primal: `||y||^2` minus the explained part
        // `sum_t a_t^2 (d_t^2 + 2 lambda) / (d_t^2 + lambda)^2`, or `w'u + lambda ||w||^2` (the same sum
        // in the basis of T, u = Q'Z'y) from the reduced solutions w. Dual: the unfittable part plus
        // `lambda^2 sum_t c_t^2 / (d_t^2 + lambda)^2` (as y - K a = lambda a), a sum of positive terms,
        // so nearly interpolating fits (small lambda, n < q) keep their relative accuracy.
        var df = [Double](repeating: 0, count: m)
        var rss = [Double](repeating: 0, count: m)
        for l in 0..<m {
            let lambda = lambdas[l]
            var dfl = 0.0, explained = 0.0, dualRSS = 0.0
            for t in 0..<r {
                let v = s.d2[t]
                let inv = inverse[t + l * r]
                dfl += v * inv
                guard shifted == nil else { continue }
                let a = s.projections[t]
                if s.dual {
                    dualRSS += a * a * lambda * lambda * inv * inv
                } else {
                    explained += a * a * (v + 2 * lambda) * inv * inv
                }
            }
            df[l] = dfl
            if let shifted {
                var cross = 0.0, squares = 0.0
                for t in 0..<order {
                    let w = shifted[t + l * order]
                    cross += w * s.reducedTarget[t]
                    squares += w * w
                }
                explained = cross + lambda * squares
            }
            rss[l] = s.dual ? s.unfittable + dualRSS : max(0, problem.responseSquares - explained)
        }

        // Leave-one-out: fitted values and leverages for all lambdas as two products; the errors and
        // residual sums of squares summed over the rows in increasing order, block by block in the
        // primal form (where the n x m fitted values and leverages are never held whole).
        var loo: [Double]? = nil
        if leaveOneOut {
            var errors = [Double](repeating: 0, count: m)
            var sums = [Double](repeating: 0, count: m)
            func accumulate(_ rows: Range<Int>, _ fitted: UnsafePointer<Double>, _ leverage: UnsafePointer<Double>) {
                let b = rows.count
                for l in 0..<m {
                    var e = errors[l], sum = sums[l]
                    for (k, i) in rows.enumerated() {
                        let res = problem.response[i] - fitted[k + l * b]
                        sum += res * res
                        let denominator = 1 - problem.baseLeverage[i] - leverage[k + l * b]
                        e += res == 0 ? 0 : (denominator > 1e-12 ? (res / denominator) * (res / denominator) : .infinity)
                    }
                    errors[l] = e
                    sums[l] = sum
                }
            }
            if r > 0 && s.dual {
                // U' (rank x n) is the spectrum's own: two products.
                var phi = inverse  // rank x m: leverage weights
                for i in phi.indices { phi[i] *= s.d2[i % r] }
                var fitWeights = phi
                for i in fitWeights.indices { fitWeights[i] *= s.projections[i % r] }
                let fitted = MatrixProduct.transposeTimes(s.directionsT, fitWeights, k: r, m: n, n: m)
                let leverage = MatrixProduct.transposeTimes(s.directionsT.map { $0 * $0 }, phi, k: r, m: n, n: m)
                accumulate(0..<n, fitted, leverage)
            } else {
                // V'Z' (rank x n) is as large as the design: made and used by row blocks.
                problem.fittedAndLeverage(
                    directionsT: s.directionsT, rank: r, fitWeights: scaled, leverageWeights: inverse, columns: m,
                    visit: accumulate)
            }
            rss = sums
            loo = errors
        }

        var gcv = [Double](repeating: 0, count: m)
        let nPlus = Double(problem.positiveRows)
        for l in 0..<m {
            let denominator = 1 - (fixedDF + df[l]) / nPlus
            gcv[l] = denominator > 0 ? rss[l] / (denominator * denominator) : .infinity
            df[l] += Double(k)
        }

        // The lambdas kept and the one chosen; then the dual coefficients `Z'A`, with the exact
        // gradients `Z' rho` (all lambdas, or the chosen one) from the same pass over the design.
        let (count, best) = choose(rss, loo, gcv)
        if count < m {
            m = count
            df.removeSubrange(m...); gcv.removeSubrange(m...); rss.removeSubrange(m...); violations.removeSubrange(m...)
            loo?.removeSubrange(m...)
        }
        let points: [PathPoint]
        if s.dual && r > 0 && q > 0 {
            let gradients: [Double]  // the residuals whose gradients Z' rho give exact violations
            switch kkt {
            case .all: gradients = Array(residual.prefix(n * m))
            case .chosen: gradients = m > 0 ? Array(residual[(best * n)..<((best + 1) * n)]) : []
            }
            // Each lambda's coefficients in an allocation of its own, freed once its point is built:
            // the q x m coefficients and the points' own arrays are never all held at once.
            let columns = DualColumns(count: m, length: q)
            let products = problem.transposeTimes(Array(alphas.prefix(n * m)), columns: m, and: gradients,
                                                  columns: gradients.count / n, firstColumns: columns.pointers)
            products.second.withUnsafeBufferPointer { gb in
                switch kkt {
                case .all: for l in 0..<m { violations[l] = largest(gb.baseAddress! + l * q) }
                case .chosen: if m > 0 { violations[best] = largest(gb.baseAddress!) }
                }
            }
            points = pathPoints(problem, lambdas: Array(lambdas.prefix(m)), column: { columns.take($0) }, rss: rss,
                                kkt: violations)
        } else {
            let b = coefficients
            points = pathPoints(problem, lambdas: Array(lambdas.prefix(m)),
                                column: { l in Array(b[(l * q)..<((l + 1) * q)]) }, rss: rss, kkt: violations)
        }
        return Evaluation(points: points, df: df, loo: loo, gcv: gcv, best: best)
    }
}
