#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Elastic-net penalized multinomial logistic regression along a path of lambdas.
///
/// Minimizes, at each lambda,
/// `sum_i w_i (log sum_k exp(eta_ik) - eta_i,y_i) + lambda * sum_j pf_j P(s_j b_j.)` with
/// `eta_ik = offset_ik + b0_k + x_i' b_k` (symmetric parameterization: one coefficient vector per
/// class), weights summing to 1, and either
/// - ungrouped: `P(c) = sum_k ((1-alpha)/2 c_k^2 + alpha |c_k|)`, or
/// - grouped: `P(c) = (1-alpha)/2 ||c||^2 + alpha ||c||_2` (one group-lasso penalty per feature),
///
/// as glmnet's `family = "multinomial"` with `type.multinomial = "ungrouped"` / `"grouped"`
/// (lambda and alpha map directly). Intercepts are reported centered to sum 0.
public enum Multinomial {
    /// Fits the whole regularization path.
    ///
    /// - Parameters:
    ///   - x: The design, dense or sparse (n x p).
    ///   - y: The class of every row, in `0..<classCount`.
    ///   - classCount: The number of classes K (at least 3; every class must occur).
    ///   - options: Penalty, grid, weights, penalty factors, bounds (ungrouped only) and solver
    ///     options. `options.offset` must be `nil`: pass per-class `offsets` instead.
    ///   - grouped: Whether each feature's K coefficients share one group-lasso penalty.
    ///   - offsets: Optional per-class offsets, K arrays of n values.
    /// - Returns: One solution per lambda, decreasing in lambda.
    /// - Throws: ``ShrinkError/invalidInput(_:)`` naming the offending value (fewer than 3 classes,
    ///   an absent class, a label out of range, ...).
    public static func fit(
        x: DesignMatrix, y: [Int], classCount: Int, options: ElasticNetOptions = ElasticNetOptions(),
        grouped: Bool = false, offsets: [[Double]]? = nil
    ) throws -> MultinomialPath {
        let clock = ContinuousClock()
        let start = clock.now
        let problem = try MultinomialProblem(x: x, y: y, classCount: classCount, options: options,
                                             grouped: grouped, offsets: offsets)
        let path: (points: [MultinomialPathPoint], stop: PathStopReason, nullDeviance: Double)
        switch x {
        case .dense(let m):
            path = run(problem, design: DenseGLMDesign(m, stats: problem.base.stats))
        case .sparse(let m):
            path = run(problem, design: SparseGLMDesign(m, stats: problem.base.stats))
        }
        let elapsed = clock.now - start
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18
        guard !path.points.isEmpty else {
            throw ShrinkError.invalidInput(path.stop == .maxFeatures
                ? "no lambda gives at most \(options.maxFeatures ?? 0) non-zero features"
                : "no lambda keeps at most \(options.maxEverActive ?? 0) features ever non-zero")
        }
        return try MultinomialPath(
            classCount: classCount, grouped: grouped, alpha: options.alpha, featureCount: x.columnCount,
            rowCount: x.rowCount, nullDeviance: path.nullDeviance, points: path.points, stopReason: path.stop,
            fitSeconds: seconds)
    }

    /// Returns the objective at the given intercepts and original-scale coefficients (one vector per class).
    ///
    /// - Throws: ``ShrinkError/invalidInput(_:)`` for invalid inputs or mis-shaped coefficients.
    public static func objective(
        x: DesignMatrix, y: [Int], classCount: Int, options: ElasticNetOptions, grouped: Bool,
        offsets: [[Double]]? = nil, lambda: Double, intercepts: [Double], coefficients: [[Double]]
    ) throws -> Double {
        let problem = try MultinomialProblem(x: x, y: y, classCount: classCount, options: options,
                                             grouped: grouped, offsets: offsets)
        let n = x.rowCount, p = x.columnCount, K = classCount
        guard intercepts.count == K, coefficients.count == K, coefficients.allSatisfy({ $0.count == p }) else {
            throw ShrinkError.invalidInput("the objective needs \(K) intercepts and \(K) coefficient vectors of \(p) values")
        }
        let eta = (0..<K).map { k in x.linearPredictor(intercept: intercepts[k], coefficients: coefficients[k]) }
        var loss = 0.0
        for i in 0..<n where problem.base.weights[i] > 0 {
            var m = -Double.infinity
            for k in 0..<K { m = max(m, eta[k][i] + problem.offset[k * n + i]) }
            var s = 0.0
            for k in 0..<K { s += exp(eta[k][i] + problem.offset[k * n + i] - m) }
            let c = y[i]
            loss += problem.base.weights[i] * (m + log(s) - eta[c][i] - problem.offset[c * n + i])
        }
        var standardized = [Double](repeating: 0, count: K * p)
        for k in 0..<K {
            for j in 0..<p { standardized[k * p + j] = coefficients[k][j] * problem.base.stats.scales[j] }
        }
        return loss + problem.penalty.value(standardized, lambda: lambda)
    }

    private static func run<Design: GLMDesign>(_ problem: MultinomialProblem, design: Design)
        -> (points: [MultinomialPathPoint], stop: PathStopReason, nullDeviance: Double) {
        let options = problem.base.options
        let K = problem.classCount, p = problem.base.featureCount
        // The null intercepts without offsets: log class shares, centered.
        let shares = problem.classShares
        var intercepts = shares.map { log($0) }
        let mean = intercepts.reduce(0, +) / Double(K)
        for k in 0..<K { intercepts[k] -= mean }
        let solver = MultinomialSolver(
            design: design, labels: problem.labels, classCount: K, weights: problem.base.weights,
            offset: problem.offset, penalty: problem.penalty, eligible: problem.base.eligible,
            fitIntercept: options.fitIntercept, intercepts: intercepts, maxPasses: options.maxPasses)
        let huge = Double.greatestFiniteMagnitude / 4
        let tight = min(options.tolerance, 1e-14)
        if options.fitIntercept && problem.hasOffset {
            _ = solver.solve(lambda: huge, initialSet: [], tolerance: tight, checkAll: false)
        }
        let nullLoss = solver.loss
        let unpenalized = problem.base.eligible.filter { problem.base.penalty.factors[$0] == 0 }
        if !unpenalized.isEmpty {
            _ = solver.solve(lambda: huge, initialSet: unpenalized, tolerance: tight, checkAll: false)
        }
        solver.refreshGradients()
        let lambdaMax = problem.lambdaMax { j, k in solver.gradient[k * p + j] }
        let lambdas = problem.base.lambdas(lambdaMax: lambdaMax)
        let automatic = options.lambdas == nil
        var points: [MultinomialPathPoint] = []
        var stop = PathStopReason.completed
        var previousLambda = max(lambdaMax, lambdas.first ?? 0)
        var previousRatio = 0.0
        for lambda in lambdas {
            // A first lambda at lambda_max, to within the accuracy of a null fit (glmnet's lambda_max
            // with offsets differs from ours by ~6e-12 relative), keeps every penalized coefficient at
            // exactly zero: solve only the unpenalized part there, so a feature cannot enter with a
            // coefficient of 1e-19 (as GLMPath's automatic grid).
            let atMaximum = points.isEmpty && lambda >= lambdaMax * (1 - 1e-10)
            let set = atMaximum ? unpenalized : solver.strongSet(lambda: lambda, previous: previousLambda)
            if !atMaximum { solver.predict(lambda: lambda) }
            let solution = solver.solve(lambda: lambda, initialSet: set, tolerance: options.tolerance,
                                        checkAll: !atMaximum)
            previousLambda = lambda
            var a0 = [Double](repeating: 0, count: K)
            var coefficients: [SparseCoefficients] = []
            for k in 0..<K {
                let (a, c) = problem.base.originalScale(
                    intercept: solver.b0[k], standardized: Array(solver.b[k * p..<(k + 1) * p]),
                    centers: design.centers)
                a0[k] = a
                coefficients.append(c)
            }
            let center = a0.reduce(0, +) / Double(K)
            for k in 0..<K { a0[k] -= center }
            let anyNonzero = coefficients.contains { !$0.indices.isEmpty }
            let ratio = anyNonzero && nullLoss > 0 ? 1 - solution.loss / nullLoss : 0
            let point = MultinomialPathPoint(
                lambda: lambda, intercepts: a0, coefficients: coefficients, devianceRatio: ratio,
                objective: solution.objective, kktViolation: solution.maxViolation, passes: solution.passes,
                converged: solution.converged)
            if let limit = options.maxFeatures, point.nonzeroCount > limit { stop = .maxFeatures; break }
            if let limit = options.maxEverActive, solver.everActiveCount > limit { stop = .maxEverActive; break }
            points.append(point)
            // glmnet's lognet rules: an absolute change of the deviance ratio below 1e-5 (measured on
            // its multinomial paths; the gaussian rule is relative) after 5 points, or a ratio above 0.999.
            if automatic && points.count >= 5 {
                if ratio - previousRatio < 1e-5 { stop = .devianceRatioPlateau; break }
                if ratio > 0.999 { stop = .devianceRatioSaturated; break }
            }
            // glmnet's stop for (quasi-)separated classes: every probability is at its clip.
            if solver.isSaturated { stop = .devianceRatioSaturated; break }
            previousRatio = ratio
        }
        return (points, stop, 2 * nullLoss * problem.base.weightSum)
    }
}
