/// Elastic-net penalized least squares along a path of lambdas (the gaussian family).
///
/// Minimizes, at each lambda,
/// `(1/2) sum_i w_i (y_i - b0 - x_i'b)^2 + lambda * sum_j pf_j ((1-alpha)/2 (s_j b_j)^2 + alpha |s_j b_j|)`
/// with weights summing to 1 and `s_j` the weighted population sd of column j when standardizing
/// (1 otherwise). Coefficients are reported on the original scale.
public enum ElasticNet {
    /// Fits the whole regularization path.
    ///
    /// At alpha = 0 the automatic solver runs the closed-form ridge path (``ElasticNetOptions/Solver/ridgeSVD``)
    /// when it can express the request, on the same lambdas.
    ///
    /// - Parameters:
    ///   - x: The design, dense or sparse (n x p).
    ///   - y: The response, n finite values.
    ///   - options: Penalty, grid, weights, bounds and solver options.
    /// - Returns: One certified solution per lambda, decreasing in lambda.
    /// - Throws: ``ShrinkError/invalidInput(_:)`` naming the offending value.
    public static func fit(
        x: DesignMatrix, y: [Double], options: ElasticNetOptions = ElasticNetOptions()
    ) throws -> RegularizationPath {
        try fit(x: x, y: y, options: options, fold: nil)
    }

    /// Fits the whole regularization path, taking covariance updates' Gram columns from `fold`
    /// when given (a cross-validation fold of a design whose products are shared).
    static func fit(
        x: DesignMatrix, y: [Double], options: ElasticNetOptions, fold: FoldGram?
    ) throws -> RegularizationPath {
        let clock = ContinuousClock()
        let start = clock.now
        let y = try offsetResponse(y, options: options)
        if let ridge = try ridgePath(x: x, y: y, options: options) { return ridge }
        let problem = try GaussianProblem(x: x, y: y, options: options)
        let path: (points: [PathPoint], stop: PathStopReason, solver: ElasticNetOptions.Solver)
        switch (x, problem.solver) {
        case (.dense(let m), .covariance):
            let design = StandardizedDenseDesign(m, sqrtWeights: problem.sqrtWeights, stats: problem.stats)
            path = runPath(problem, model: GramResidual(design: design, response: problem.response,
                                                        eligible: problem.eligible, fold: fold))
        case (.dense(let m), _):
            let design = StandardizedDenseDesign(m, sqrtWeights: problem.sqrtWeights, stats: problem.stats)
            path = runPath(problem, model: DenseResidual(design: design, response: problem.response))
        case (.sparse(let m), _):
            path = runPath(problem, model: SparseResidual(m, sqrtWeights: problem.sqrtWeights,
                                                          stats: problem.stats, response: problem.response))
        }
        return try RegularizationPath.assemble(
            family: "gaussian", options: options, x: x, nullDeviance: problem.responseSquares * problem.weightSum, points: path.points,
            stop: path.stop, solver: path.solver, elapsed: clock.now - start)
    }

    /// Returns the objective at the given intercept and original-scale coefficients.
    ///
    /// `(1/2) sum_i w_i (y_i - b0 - x_i'b)^2 + lambda * sum_j pf_j ((1-alpha)/2 (s_j b_j)^2 + alpha |s_j b_j|)`,
    /// with the weights and penalty factors normalized as in ``fit(x:y:options:)``.
    /// - Throws: ``ShrinkError/invalidInput(_:)`` for the same inputs ``fit(x:y:options:)`` rejects.
    public static func objective(
        x: DesignMatrix, y: [Double], options: ElasticNetOptions, lambda: Double,
        intercept: Double, coefficients: [Double]
    ) throws -> Double {
        let y = try offsetResponse(y, options: options)
        let problem = try GaussianProblem(x: x, y: y, options: options)
        let eta = x.linearPredictor(intercept: intercept, coefficients: coefficients)
        var loss = 0.0
        for i in 0..<y.count {
            let r = y[i] - eta[i]
            loss += problem.weights[i] * r * r
        }
        var standardized = [Double](repeating: 0, count: coefficients.count)
        for j in coefficients.indices { standardized[j] = coefficients[j] * problem.stats.scales[j] }
        return 0.5 * loss + problem.penalty.value(standardized, lambda: lambda)
    }

    /// Returns `y - offset` (the gaussian offset is a known part of the mean), or `y` without offsets.
    private static func offsetResponse(_ y: [Double], options: ElasticNetOptions) throws -> [Double] {
        guard let offset = options.offset else { return y }
        guard offset.count == y.count else {
            throw ShrinkError.invalidInput("there are \(offset.count) offsets for \(y.count) rows")
        }
        for (i, v) in offset.enumerated() where !v.isFinite {
            throw ShrinkError.invalidInput("offset \(v) in row \(i + 1) is not finite")
        }
        return zip(y, offset).map { $0 - $1 }
    }

    /// Runs the path driver with the given residual model.
    private static func runPath<Model: ResidualModel>(
        _ problem: GaussianProblem, model: Model
    ) -> (points: [PathPoint], stop: PathStopReason, solver: ElasticNetOptions.Solver) {
        let options = problem.options
        var cd = CoordinateDescent(
            model: model, penalty: problem.penalty, curvatures: problem.stats.curvatures,
            eligible: problem.eligible, responseSquares: problem.responseSquares, maxPasses: options.maxPasses)
        // The path predictor pays with residual updates (FHT (100, 5000, 0.5) at tolerance 1e-6: 1935 ->
        // 823 passes, 24 -> 15 ms). With covariance updates passes are cheap next to its trial move
        // ((1000, 100, 0): 309 -> 244 passes but 15 % slower).
        cd.tracksPath = Model.self != GramResidual.self
        let unpenalized = problem.eligible.filter { problem.penalty.factors[$0] == 0 }
        if !unpenalized.isEmpty {
            // lambda_max depends on this fit through the gradient: solve it tightly (it is a
            // least-squares problem on the unpenalized columns, cheap for the Newton step).
            _ = cd.solve(lambda: .greatestFiniteMagnitude / 4, initialSet: unpenalized,
                         tolerance: min(options.tolerance, 1e-14))
            cd.refreshGradients()
        }
        let lambdaMax = problem.lambdaMax(gradient: cd.gradient)
        let lambdas: [Double]
        let automatic = options.lambdas == nil
        if let given = options.lambdas {
            lambdas = given.sorted(by: >)
        } else {
            let ratio = options.lambdaMinRatio
                ?? LambdaGrid.defaultMinRatio(rows: problem.rowCount, features: problem.featureCount)
            lambdas = lambdaMax > 0
                ? LambdaGrid.automatic(lambdaMax: lambdaMax, count: options.lambdaCount, minRatio: ratio)
                : [0]
        }
        var points: [PathPoint] = []
        var stop = PathStopReason.completed
        var previousLambda = max(lambdaMax, lambdas.first ?? 0)
        var previousRatio = 0.0
        for lambda in lambdas {
            let set = cd.strongSet(lambda: lambda, previous: previousLambda)
            cd.predict(lambda: lambda)
            let solution = cd.solve(lambda: lambda, initialSet: set, tolerance: options.tolerance)
            previousLambda = lambda
            let point = problem.point(lambda: lambda, standardized: cd.b, support: cd.everActive, solution: solution)
            if let limit = options.maxFeatures, point.nonzeroCount > limit { stop = .maxFeatures; break }
            if let limit = options.maxEverActive, cd.everActive.count > limit { stop = .maxEverActive; break }
            points.append(point)
            if automatic && points.count >= 5 {
                let ratio = point.devianceRatio
                if ratio - previousRatio < 1e-5 * ratio { stop = .devianceRatioPlateau; break }
                if ratio > 0.999 { stop = .devianceRatioSaturated; break }
            }
            previousRatio = point.devianceRatio
        }
        let solver: ElasticNetOptions.Solver = Model.self == GramResidual.self ? .covariance : .naive
        return (points, stop, solver)
    }
}
