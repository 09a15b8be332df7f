/// Coefficients stored sparsely: only the non-zero entries, by feature index.
public struct SparseCoefficients: Sendable, Equatable {
    /// The number of features.
    public let count: Int
    /// Indices (0-based, increasing) of the non-zero coefficients.
    public let indices: [Int]
    /// The non-zero values, aligned with ``indices``.
    public let values: [Double]

    /// Creates sparse coefficients from a dense array, keeping its non-zero entries.
    public init(dense: [Double]) {
        count = dense.count
        var idx: [Int] = [], vals: [Double] = []
        let nonzero = dense.reduce(0) { $1 != 0 ? $0 + 1 : $0 }
        idx.reserveCapacity(nonzero)
        vals.reserveCapacity(nonzero)
        for (j, v) in dense.enumerated() where v != 0 {
            idx.append(j)
            vals.append(v)
        }
        indices = idx
        values = vals
    }

    /// Creates sparse coefficients of `count` features from their non-zero entries, `indices`
    /// increasing and aligned with `values`.
    init(count: Int, indices: [Int], values: [Double]) {
        self.count = count
        self.indices = indices
        self.values = values
    }

    /// Returns all coefficients as a dense array.
    ///
    /// - Complexity: O(`count`).
    public var dense: [Double] {
        var out = [Double](repeating: 0, count: count)
        for (j, v) in zip(indices, values) { out[j] = v }
        return out
    }
}

/// One point of a regularization path: the solution at one lambda and its certificate.
public struct PathPoint: Sendable, Equatable {
    /// The regularization strength.
    public let lambda: Double
    /// The intercept on the original scale (0 without an intercept).
    public let intercept: Double
    /// The coefficients on the original scale.
    public let coefficients: SparseCoefficients
    /// The number of non-zero coefficients.
    public var nonzeroCount: Int { coefficients.indices.count }
    /// The fraction of the null deviance explained: `1 - deviance / nullDeviance`.
    public let devianceRatio: Double
    /// The objective value (see ``ElasticNet/objective(x:y:options:lambda:intercept:coefficients:)``).
    public let objective: Double
    /// The relative duality gap `(primal - dual) / primal` certifying this point, or `nil` when the
    /// problem has unpenalized features and the KKT violation certifies it instead.
    public let dualityGap: Double?
    /// The largest violation of the KKT conditions over all features, on the standardized scale.
    public let kktViolation: Double
    /// The number of coordinate passes spent on this point.
    public let passes: Int
    /// Whether the certificate reached the tolerance within the pass budget.
    public let converged: Bool

    /// Creates a path point (for example from a saved model).
    public init(
        lambda: Double, intercept: Double, coefficients: SparseCoefficients, devianceRatio: Double,
        objective: Double, dualityGap: Double?, kktViolation: Double, passes: Int, converged: Bool
    ) {
        self.lambda = lambda
        self.intercept = intercept
        self.coefficients = coefficients
        self.devianceRatio = devianceRatio
        self.objective = objective
        self.dualityGap = dualityGap
        self.kktViolation = kktViolation
        self.passes = passes
        self.converged = converged
    }
}

/// Why a path ended where it did.
public enum PathStopReason: String, Sendable, Equatable {
    /// Every lambda of the grid was solved.
    case completed
    /// Automatic grid: the deviance ratio changed by less than 1e-5 (relative) after 5 points.
    case devianceRatioPlateau
    /// Automatic grid: the deviance ratio passed 0.999 (the fit is nearly saturated).
    case devianceRatioSaturated
    /// The next point would have more non-zero coefficients than `maxFeatures`.
    case maxFeatures
    /// The next point would have more features ever non-zero than `maxEverActive`.
    case maxEverActive
}

/// A fitted regularization path: one solution per lambda, in decreasing lambda order.
public struct RegularizationPath: Sendable, Equatable {
    /// The model family (`"gaussian"`).
    public let family: String
    /// The elastic-net mixing parameter.
    public let alpha: Double
    /// The number of features (columns of the design).
    public let featureCount: Int
    /// The number of observations used.
    public let rowCount: Int
    /// The null deviance: the weighted sum of squares around the weighted mean (or around 0
    /// without an intercept), with the weights as given.
    public let nullDeviance: Double
    /// The solutions, one per lambda, decreasing in lambda.
    public let points: [PathPoint]
    /// Why the path ended.
    public let stopReason: PathStopReason
    /// The solver that ran (a coordinate-descent engine, or ridge-svd / ridge-newton at alpha = 0).
    public let solver: ElasticNetOptions.Solver
    /// The solver time in seconds, without data preparation by the caller.
    public let fitSeconds: Double

    /// Creates a path from its points (for example from a saved model).
    ///
    /// - Throws: ``ShrinkError/invalidInput(_:)`` when `points` is empty, not decreasing in lambda,
    ///   or a point has a different number of coefficients than `featureCount`.
    public init(
        family: String, alpha: Double, featureCount: Int, rowCount: Int, nullDeviance: Double,
        points: [PathPoint], stopReason: PathStopReason, solver: ElasticNetOptions.Solver, fitSeconds: Double
    ) throws {
        guard !points.isEmpty else { throw ShrinkError.invalidInput("a path needs at least one point") }
        for (k, point) in points.enumerated() {
            guard point.coefficients.count == featureCount else {
                throw ShrinkError.invalidInput(
                    "path point \(k + 1) has \(point.coefficients.count) coefficients for \(featureCount) features")
            }
            if k > 0, !(point.lambda < points[k - 1].lambda) {
                throw ShrinkError.invalidInput("path lambdas are not strictly decreasing at point \(k + 1)")
            }
        }
        self.family = family
        self.alpha = alpha
        self.featureCount = featureCount
        self.rowCount = rowCount
        self.nullDeviance = nullDeviance
        self.points = points
        self.stopReason = stopReason
        self.solver = solver
        self.fitSeconds = fitSeconds
    }

    /// The lambdas of the path, decreasing.
    public var lambdas: [Double] { points.map(\.lambda) }

    /// Returns the intercept and coefficients at `lambda`, interpolated linearly in lambda between
    /// the two nearest path points (glmnet's `exact = FALSE`); outside the path's range the nearest
    /// end point is returned.
    ///
    /// - Complexity: O(log m + p) for m points.
    public func coefficients(at lambda: Double) -> (intercept: Double, coefficients: [Double]) {
        let first = points[0], last = points[points.count - 1]
        if lambda >= first.lambda || points.count == 1 { return (first.intercept, first.coefficients.dense) }
        if lambda <= last.lambda { return (last.intercept, last.coefficients.dense) }
        var lo = 0, hi = points.count - 1  // lambda in (points[hi].lambda, points[lo].lambda)
        while hi - lo > 1 {
            let mid = (lo + hi) / 2
            if points[mid].lambda >= lambda { lo = mid } else { hi = mid }
        }
        let left = points[lo], right = points[hi]
        let width = left.lambda - right.lambda
        let f = width > 0 ? (lambda - right.lambda) / width : 1
        let a = left.coefficients.dense, c = right.coefficients.dense
        var out = [Double](repeating: 0, count: featureCount)
        for j in 0..<featureCount { out[j] = f * a[j] + (1 - f) * c[j] }
        return (f * left.intercept + (1 - f) * right.intercept, out)
    }

    /// Returns the predictions `intercept + x' b` for every row of `x` at `lambda` (interpolated).
    ///
    /// - Complexity: O(n p) dense, O(nnz) sparse.
    /// - Throws: ``ShrinkError/invalidInput(_:)`` when `x` has a different number of columns.
    public func predict(_ x: DesignMatrix, lambda: Double) throws -> [Double] {
        guard x.columnCount == featureCount else {
            throw ShrinkError.invalidInput("the data has \(x.columnCount) feature columns but the model has \(featureCount)")
        }
        let (a0, b) = coefficients(at: lambda)
        return x.linearPredictor(intercept: a0, coefficients: b)
    }
}
