#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// The path driver shared by the single-predictor GLM families (binomial, poisson).
enum GLMPath {
    /// Fits the whole path for `family`.
    static func fit<Family: GLMFamily>(
        x: DesignMatrix, y: [Double], options: ElasticNetOptions, family: Family
    ) throws -> RegularizationPath {
        if let ridge = try ridgePath(x: x, y: y, options: options, family: family) { return ridge }
        let clock = ContinuousClock()
        let start = clock.now
        let problem = try GLMProblem(x: x, responseCount: y.count, options: options)
        for (i, v) in y.enumerated() where !v.isFinite {
            throw ShrinkError.invalidInput("response value \(v) in row \(i + 1) is not finite")
        }
        try family.validate(y, weights: problem.weights)
        let path: (points: [PathPoint], stop: PathStopReason, nullDeviance: Double)
        switch x {
        case .dense(let m):
            path = run(problem, design: DenseGLMDesign(m, stats: problem.stats), y: y, family: family)
        case .sparse(let m):
            path = run(problem, design: SparseGLMDesign(m, stats: problem.stats), y: y, family: family)
        }
        return try RegularizationPath.assemble(
            family: family.name, options: options, x: x, nullDeviance: path.nullDeviance, points: path.points,
            stop: path.stop, solver: .naive, elapsed: clock.now - start)
    }

    /// The objective `sum_i w_i loss(y_i, eta_i) + penalty` at original-scale coefficients.
    static func objective<Family: GLMFamily>(
        x: DesignMatrix, y: [Double], options: ElasticNetOptions, family: Family, lambda: Double,
        intercept: Double, coefficients: [Double]
    ) throws -> Double {
        let problem = try GLMProblem(x: x, responseCount: y.count, options: options)
        let eta = x.linearPredictor(intercept: intercept, coefficients: coefficients)
        var loss = 0.0
        for i in 0..<y.count where problem.weights[i] > 0 {
            loss += problem.weights[i] * family.loss(y[i], eta[i] + problem.offset[i])
        }
        var standardized = [Double](repeating: 0, count: coefficients.count)
        for j in coefficients.indices { standardized[j] = coefficients[j] * problem.stats.scales[j] }
        return loss + problem.penalty.value(standardized, lambda: lambda)
    }

    private static func run<Design: GLMDesign, Family: GLMFamily>(
        _ problem: GLMProblem, design: Design, y: [Double], family: Family
    ) -> (points: [PathPoint], stop: PathStopReason, nullDeviance: Double) {
        let options = problem.options
        var ybar = 0.0
        for i in y.indices { ybar += problem.weights[i] * y[i] }
        let solver = IRLSSolver(
            design: design, family: family, y: y, weights: problem.weights, offset: problem.offset,
            penalty: problem.penalty, eligible: problem.eligible, fitIntercept: options.fitIntercept,
            intercept: family.nullIntercept(ybar), maxPasses: options.maxPasses)
        let huge = Double.greatestFiniteMagnitude / 4
        let tight = min(options.tolerance, 1e-14)
        // The null model: intercept (and offset) only.
        if options.fitIntercept && options.offset != nil {
            _ = solver.solve(lambda: huge, initialSet: [], tolerance: tight, checkAll: false)
        }
        let nullLoss = solver.loss()
        let nullDeviance = 2 * (nullLoss - solver.saturated)
        let unpenalized = problem.eligible.filter { problem.penalty.factors[$0] == 0 }
        if !unpenalized.isEmpty {
            _ = solver.solve(lambda: huge, initialSet: unpenalized, tolerance: tight)
        }
        solver.refreshGradients()
        let lambdaMax = problem.lambdaMax { solver.gradient[$0] }
        let lambdas = problem.lambdas(lambdaMax: lambdaMax)
        let automatic = options.lambdas == nil
        var points: [PathPoint] = []
        var stop = PathStopReason.completed
        var previousLambda = max(lambdaMax, lambdas.first ?? 0)
        var previousRatio = 0.0
        for lambda in lambdas {
            // The automatic grid starts at lambda_max, where every penalized coefficient is exactly
            // zero: solve only the unpenalized part there, so rounding cannot let a feature in.
            let atMaximum = automatic && points.isEmpty && lambda >= lambdaMax
            let set = atMaximum ? unpenalized : solver.strongSet(lambda: lambda, previous: previousLambda)
            if !atMaximum { solver.predict(lambda: lambda) }
            let solution = solver.solve(lambda: lambda, initialSet: set, tolerance: options.tolerance,
                                        checkAll: !atMaximum)
            previousLambda = lambda
            let (a0, coefficients) = problem.originalScale(intercept: solver.b0, standardized: solver.b,
                                                           centers: design.centers)
            let deviance = 2 * (solution.loss - solver.saturated)
            let ratio = solver.b.contains { $0 != 0 } && nullDeviance > 0 ? 1 - deviance / nullDeviance : 0
            let point = PathPoint(
                lambda: lambda, intercept: a0, coefficients: coefficients,
                devianceRatio: ratio, objective: solution.objective, dualityGap: nil,
                kktViolation: solution.maxViolation, passes: solution.passes, converged: solution.converged)
            if let limit = options.maxFeatures, point.nonzeroCount > limit { stop = .maxFeatures; break }
            if let limit = options.maxEverActive, solver.everActiveCount > limit { stop = .maxEverActive; break }
            points.append(point)
            if automatic && points.count >= 5 {
                if ratio - previousRatio < 1e-5 * ratio { stop = .devianceRatioPlateau; break }
                if ratio > 0.999 { stop = .devianceRatioSaturated; break }
            }
            // glmnet's stop for (quasi-)separated classes: every probability is at its clip.
            if family is BinomialFamily {
                let floor = BinomialFamily.probabilityFloor
                if solver.weightSum <= (1 + floor) * floor * (1 - floor) { stop = .devianceRatioSaturated; break }
            }
            previousRatio = ratio
        }
        return (points, stop, nullDeviance * problem.weightSum)
    }
}
