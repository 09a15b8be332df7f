/// A validated GLM problem: normalized weights, offsets, column statistics (computed with the
/// observation weights, as glmnet) and the penalty on the standardized scale.
struct GLMProblem {
    let options: ElasticNetOptions
    let rowCount: Int
    let featureCount: Int
    /// Weights normalized to sum 1.
    let weights: [Double]
    /// The sum of the weights as given (n for unit weights).
    let weightSum: Double
    /// The offsets (zeros when none were given).
    let offset: [Double]
    let stats: ColumnStatistics
    /// Features that can enter the model: varying and not excluded.
    let eligible: [Int]
    let penalty: ElasticNetPenalty

    /// Validates the design and options (the response is validated by the family).
    ///
    /// - Throws: ``ShrinkError/invalidInput(_:)`` naming the offending value.
    init(x: DesignMatrix, responseCount: Int, options: ElasticNetOptions) throws {
        let n = x.rowCount, p = x.columnCount
        guard n > 0 else { throw ShrinkError.invalidInput("the data has no rows") }
        guard p > 0 else { throw ShrinkError.invalidInput("the data has no feature columns") }
        guard responseCount == n else {
            throw ShrinkError.invalidInput("the response has \(responseCount) values but the design has \(n) rows")
        }
        try GaussianProblem.checkOptions(options, rows: n, features: p)
        if let o = options.offset {
            guard o.count == n else { throw ShrinkError.invalidInput("there are \(o.count) offsets for \(n) rows") }
            for (i, v) in o.enumerated() where !v.isFinite {
                throw ShrinkError.invalidInput("offset \(v) in row \(i + 1) is not finite")
            }
        }
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
        offset = options.offset ?? [Double](repeating: 0, count: n)
        stats = ColumnStatistics(x, weights: weights, center: options.fitIntercept, standardize: options.standardize)
        // The statistics pass sees every design value: only a non-finite mean needs the scan that names it.
        if !stats.finite { try GaussianProblem.checkFinite(x) }

        let excluded = Set(options.excluded)
        let varies = stats.varies
        eligible = (0..<p).filter { varies[$0] && !excluded.contains($0) }
        var factors = (options.penaltyFactors ?? [Double](repeating: 1, count: p)).map { max(0, $0) }
        for j in excluded { factors[j] = 1 }
        let factorSum = factors.reduce(0, +)
        guard factorSum > 0 else { throw ShrinkError.invalidInput("all penalty factors are zero") }
        for j in 0..<p { factors[j] *= Double(p) / factorSum }
        let scales = stats.scales
        let lower = (0..<p).map { j in (options.lowerLimits?[j] ?? -.infinity) * scales[j] }
        let upper = (0..<p).map { j in (options.upperLimits?[j] ?? .infinity) * scales[j] }
        penalty = ElasticNetPenalty(alpha: options.alpha, factors: factors, lower: lower, upper: upper)
    }

    /// Returns the smallest lambda at which every penalized coefficient is zero, from the gradient
    /// with only the intercept and the unpenalized features fitted (alpha floored at 1e-3, as glmnet).
    func lambdaMax(gradient: (Int) -> Double) -> Double {
        let a = max(options.alpha, 1e-3)
        var best = 0.0
        for j in eligible where penalty.factors[j] > 0 {
            best = max(best, abs(gradient(j)) / (a * penalty.factors[j]))
        }
        return best
    }

    /// The lambdas to solve at: the given ones (decreasing) or glmnet's automatic grid.
    func lambdas(lambdaMax: Double) -> [Double] {
        if let given = options.lambdas { return given.sorted(by: >) }
        let ratio = options.lambdaMinRatio
            ?? LambdaGrid.defaultMinRatio(rows: rowCount, features: featureCount)
        return lambdaMax > 0
            ? LambdaGrid.automatic(lambdaMax: lambdaMax, count: options.lambdaCount, minRatio: ratio)
            : [0]
    }

    /// Converts standardized coefficients (and the intercept on the design's scale) to the
    /// original scale, the coefficients in sparse storage formed from the non-zero entries alone.
    ///
    /// - Complexity: O(p) comparisons, O(non-zeros) arithmetic.
    func originalScale(intercept b0: Double, standardized b: [Double], centers: [Double])
        -> (intercept: Double, coefficients: SparseCoefficients) {
        var indices: [Int] = [], values: [Double] = []
        var intercept = b0
        b.withUnsafeBufferPointer { bp in
            for j in 0..<featureCount where bp[j] != 0 {
                let c = bp[j] / stats.scales[j]
                indices.append(j)
                values.append(c)
                intercept -= centers[j] * c
            }
        }
        return (options.fitIntercept ? intercept : 0,
                SparseCoefficients(count: featureCount, indices: indices, values: values))
    }
}
