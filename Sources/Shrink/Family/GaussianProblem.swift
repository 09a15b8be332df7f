/// A validated least-squares problem: normalized weights, column statistics, the centered and
/// weighted response, and the penalty on the standardized scale.
struct GaussianProblem {
    let options: ElasticNetOptions
    let rowCount: Int
    let featureCount: Int
    /// Weights normalized to sum 1.
    let weights: [Double]
    /// The sum of the weights as given (n for unit weights).
    let weightSum: Double
    /// `sqrt(w_i)`.
    let sqrtWeights: [Double]
    let stats: ColumnStatistics
    /// The weighted mean of y with an intercept, else 0.
    let responseCenter: Double
    /// `y~ = sqrt(w) (y - center)`.
    let response: [Double]
    /// `||y~||^2`, the null residual sum of squares.
    let responseSquares: Double
    /// Features that can enter the model: varying and not excluded.
    let eligible: [Int]
    let penalty: ElasticNetPenalty
    /// The engine chosen for this problem.
    let solver: ElasticNetOptions.Solver

    /// Validates the inputs and prepares the problem.
    ///
    /// - Throws: ``ShrinkError/invalidInput(_:)`` naming the offending value.
    init(x: DesignMatrix, y: [Double], options: ElasticNetOptions) throws {
        let n = x.rowCount, p = x.columnCount
        guard n > 0 else { throw ShrinkError.invalidInput("the data has no rows") }
        guard p > 0 else { throw ShrinkError.invalidInput("the data has no feature columns") }
        guard y.count == n else {
            throw ShrinkError.invalidInput("the response has \(y.count) values but the design has \(n) rows")
        }
        for (i, v) in y.enumerated() where !v.isFinite {
            throw ShrinkError.invalidInput("response value \(v) in row \(i + 1) is not finite")
        }
        try Self.checkOptions(options, rows: n, features: p)
        self.options = options
        rowCount = n
        featureCount = p

        let raw = options.weights ?? [Double](repeating: 1, count: n)
        let total = raw.reduce(0, +)
        guard total > 0, total.isFinite else {
            throw ShrinkError.invalidInput("the observation weights sum to \(total); they must sum to a positive number")
        }
        weightSum = total
        weights = raw.map { $0 / total }
        sqrtWeights = weights.map { $0.squareRoot() }
        stats = ColumnStatistics(x, weights: weights, center: options.fitIntercept, standardize: options.standardize)
        // The statistics pass sees every design value: only a non-finite mean needs the scan that names it.
        if !stats.finite { try GaussianProblem.checkFinite(x) }

        var center = 0.0
        if options.fitIntercept { for i in 0..<n { center += weights[i] * y[i] } }
        responseCenter = center
        let v = sqrtWeights
        let yTilde = (0..<n).map { v[$0] * (y[$0] - center) }
        response = yTilde
        responseSquares = yTilde.reduce(0) { $0 + $1 * $1 }
        guard responseSquares > 0 else {
            throw ShrinkError.invalidInput(options.fitIntercept
                ? "the response is constant (every row has value \(y[0])); there is nothing to fit"
                : "the response is zero in every row; there is nothing to fit")
        }

        let excluded = Set(options.excluded)
        let varies = stats.varies
        eligible = (0..<p).filter { varies[$0] && !excluded.contains($0) }
        guard !eligible.isEmpty else {
            throw ShrinkError.invalidInput("every feature is constant or excluded; there is nothing to fit")
        }

        // As glmnet: excluded features count with factor 1 when the factors are rescaled.
        var factors = (options.penaltyFactors ?? [Double](repeating: 1, count: p)).map { max(0, $0) }
        for j in excluded { factors[j] = 1 }
        let factorSum = factors.reduce(0, +)
        guard factorSum > 0 else { throw ShrinkError.invalidInput("all penalty factors are zero") }
        for j in 0..<p { factors[j] *= Double(p) / factorSum }
        let scales = stats.scales
        let lower = (0..<p).map { j in (options.lowerLimits?[j] ?? -.infinity) * scales[j] }
        let upper = (0..<p).map { j in (options.upperLimits?[j] ?? .infinity) * scales[j] }
        penalty = ElasticNetPenalty(alpha: options.alpha, factors: factors, lower: lower, upper: upper)

        switch (options.solver, x) {
        case (.covariance, .sparse):
            throw ShrinkError.invalidInput("the covariance solver needs a dense design")
        case (.automatic, .dense):
            solver = Self.prefersCovariance(rows: n, features: p) ? .covariance : .naive
        case (.automatic, .sparse):
            solver = .naive
        default:
            solver = options.solver
        }
    }

    /// Returns the smallest lambda at which every penalized coefficient is zero, from the gradient
    /// with only the unpenalized features fitted. With alpha < 1e-3 it uses 1e-3, as glmnet.
    func lambdaMax(gradient: [Double]) -> Double {
        let a = max(options.alpha, 1e-3)
        var best = 0.0
        for j in eligible where penalty.factors[j] > 0 {
            best = max(best, abs(gradient[j]) / (a * penalty.factors[j]))
        }
        return best
    }

    /// Converts a standardized solution into a path point on the original scale; `support` holds
    /// the index of every non-zero coefficient (in any order).
    func point(lambda: Double, standardized b: [Double], support: [Int],
               solution: CoordinateDescent<some ResidualModel>.PointSolution) -> PathPoint {
        var indices: [Int] = [], values: [Double] = []
        var intercept = responseCenter
        let nonzero = support.filter { b[$0] != 0 }.sorted()
        for j in nonzero {
            let coefficient = b[j] / stats.scales[j]
            intercept -= stats.centers[j] * coefficient
            if coefficient != 0 {
                indices.append(j)
                values.append(coefficient)
            }
        }
        guard let c = solution.certificate else { preconditionFailure("a least-squares path point is always certified") }
        return PathPoint(
            lambda: lambda, intercept: options.fitIntercept ? intercept : 0,
            coefficients: SparseCoefficients(count: featureCount, indices: indices, values: values),
            devianceRatio: nonzero.isEmpty ? 0 : 1 - c.rss / responseSquares, objective: c.objective,
            dualityGap: c.relativeGap, kktViolation: c.maxViolation,
            passes: solution.passes, converged: solution.converged)
    }

    /// Whether the automatic solver runs covariance updates on a dense design of this shape: n >= p
    /// up to 1,000 features, n >= 2p up to 4,096 (the Gram columns of every feature then take at most
    /// half the design's bytes and 134 MB). On FHT 6,000 x 1,100 (rho 0.5, glmnet's 90 lambdas)
    /// covariance updates took 0.36-0.51 s and the naive solver 2.6 s.
    static func prefersCovariance(rows n: Int, features p: Int) -> Bool {
        n >= p && p <= 1000 || n >= 2 * p && p <= 4096
    }

    static func checkFinite(_ x: DesignMatrix) throws {
        switch x {
        case .dense(let m):
            if m.values.withUnsafeBufferPointer({ $0.isEmpty || Kernels.allFinite($0.baseAddress!, count: $0.count) }) { return }
            for (k, v) in m.values.enumerated() where !v.isFinite {
                throw ShrinkError.invalidInput(
                    "design value \(v) in row \(k % m.rowCount + 1), column \(k / m.rowCount + 1) is not finite")
            }
        case .sparse(let m):
            for j in 0..<m.columnCount {
                for k in m.columnStarts[j]..<m.columnStarts[j + 1] where !m.values[k].isFinite {
                    throw ShrinkError.invalidInput(
                        "design value \(m.values[k]) in row \(m.rowIndices[k] + 1), column \(j + 1) is not finite")
                }
            }
        }
    }

    static func checkOptions(_ o: ElasticNetOptions, rows n: Int, features p: Int) throws {
        func fail(_ s: String) -> ShrinkError { .invalidInput(s) }
        guard o.alpha >= 0, o.alpha <= 1 else { throw fail("alpha = \(o.alpha) is outside [0, 1]") }
        if let lambdas = o.lambdas {
            guard !lambdas.isEmpty else { throw fail("the lambda list is empty") }
            for v in lambdas where !(v >= 0 && v.isFinite) {
                throw fail("lambda = \(v) is not a finite non-negative number")
            }
        }
        guard o.lambdaCount >= 1 else { throw fail("the number of lambdas must be at least 1, got \(o.lambdaCount)") }
        if let r = o.lambdaMinRatio, !(r > 0 && r < 1) {
            throw fail("lambda-min-ratio = \(r) is outside (0, 1)")
        }
        if let w = o.weights {
            guard w.count == n else { throw fail("there are \(w.count) weights for \(n) rows") }
            for (i, v) in w.enumerated() where !(v >= 0 && v.isFinite) {
                throw fail("weight \(v) in row \(i + 1) is not a finite non-negative number")
            }
        }
        if let f = o.penaltyFactors {
            guard f.count == p else { throw fail("there are \(f.count) penalty factors for \(p) features") }
            for (j, v) in f.enumerated() where !(v >= 0 && v.isFinite) {
                throw fail("penalty factor \(v) of feature \(j + 1) is not a finite non-negative number")
            }
        }
        if let l = o.lowerLimits {
            guard l.count == p else { throw fail("there are \(l.count) lower limits for \(p) features") }
            for (j, v) in l.enumerated() where !(v <= 0) {
                throw fail("lower limit \(v) of feature \(j + 1) must be <= 0")
            }
        }
        if let u = o.upperLimits {
            guard u.count == p else { throw fail("there are \(u.count) upper limits for \(p) features") }
            for (j, v) in u.enumerated() where !(v >= 0) {
                throw fail("upper limit \(v) of feature \(j + 1) must be >= 0")
            }
        }
        for j in o.excluded where j < 0 || j >= p {
            throw fail("excluded feature index \(j) is outside 0..<\(p)")
        }
        if let d = o.maxFeatures, d < 0 { throw fail("maxFeatures = \(d) is negative") }
        if let d = o.maxEverActive, d < 0 { throw fail("maxEverActive = \(d) is negative") }
        guard o.tolerance > 0, o.tolerance.isFinite else { throw fail("tolerance = \(o.tolerance) must be positive") }
        guard o.maxPasses >= 1 else { throw fail("maxPasses = \(o.maxPasses) must be at least 1") }
    }
}
