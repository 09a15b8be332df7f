/// How a ridge path picks its lambda.
public enum RidgeCriterion: String, Sendable, Equatable, CaseIterable {
    /// The smallest leave-one-out error (computed for every lambda in closed form).
    case leaveOneOut = "loo"
    /// The smallest generalized cross-validation error.
    case generalizedCrossValidation = "gcv"
}

/// The closed-form ridge solver that ran.
public enum RidgeSolver: String, Sendable, Equatable {
    /// One Cholesky factorization of `Z'Z + lambda I` (or of the kernel `Z Z' + lambda I`) per lambda.
    case cholesky = "ridge-cholesky"
    /// One spectral decomposition of the design (the thin SVD, through the smaller Gram matrix) for the whole path.
    case svd = "ridge-svd"
}

/// The automatic lambda grid of a ridge path (used when ``ElasticNetOptions/lambdas`` is `nil`).
public enum RidgeGrid: Sendable, Equatable {
    /// From the spectrum: `lambdaCount` values log-spaced from `lambda_max = 100 * sum_k d_k^2`
    /// (where df < 0.01) down to `lambda_max * lambdaMinRatio`, or by default to
    /// `1e-3 * mean_k d_k^2` (where a direction of average variance keeps 99.9% of its
    /// least-squares fit). `d_k` are the singular values of the weighted, standardized design.
    case spectral
    /// glmnet's grid for alpha = 0, as ``ElasticNet/fit(x:y:options:)``: `lambda_max` as for
    /// alpha = 0.001, the default `lambdaMinRatio`, and the same deviance-ratio stopping rules, so that
    /// the two paths have the same lambdas.
    case glmnet
}

/// A fitted ridge path: coefficients, effective degrees of freedom, leave-one-out and GCV errors per lambda.
///
/// Errors are in units of the weighted mean squared error (weights normalized to sum 1):
/// `loo = sum_i w_i (e_i / (1 - h_ii))^2` and `gcv = sum_i w_i e_i^2 / (1 - tr(H) / n+)^2`, where
/// `e_i` is the residual of row i, `H` the hat matrix of the weighted fit (intercept and
/// unpenalized features included) and `n+` the number of rows with positive weight. Leaving row i
/// out refits with the same lambda, the other rows' weights unchanged (not renormalized), and the
/// centers and scales of the features held at their full-data values. For unit weights `loo` is
/// scikit-learn `RidgeCV`'s mean squared LOO error; with weights, scikit-learn's per-row
/// `cv_results_` equal `W * w_i (e_i / (1 - h_ii))^2` with `W` the raw weight sum.
public struct RidgePath: Sendable, Equatable {
    /// The solutions, decreasing in lambda (coefficients on the original scale; `dualityGap` is nil,
    /// `kktViolation` is the largest `|z_j'r - lambda pf_j beta_j|` over penalized features: exact
    /// at the chosen lambda and, unless ``RidgeKKT/all`` was asked for, an upper bound elsewhere in
    /// the dual form; see ``RidgeKKT``).
    public let points: [PathPoint]
    /// Effective degrees of freedom per lambda: `sum_k d_k^2 / (d_k^2 + lambda)` plus the number of
    /// unpenalized features (the intercept is not counted).
    public let degreesOfFreedom: [Double]
    /// Leave-one-out errors per lambda, or `nil` when not requested.
    public let leaveOneOutErrors: [Double]?
    /// GCV errors per lambda.
    public let gcvErrors: [Double]
    /// The criterion that chose ``chosenIndex``.
    public let criterion: RidgeCriterion
    /// The index in ``points`` of the lambda with the smallest criterion (the largest lambda on ties).
    public let chosenIndex: Int
    /// The singular values `d_k` of the weighted, standardized, penalty-scaled design (unpenalized
    /// columns projected out), decreasing; numerically zero ones are dropped.
    public let singularValues: [Double]
    /// The solver that ran.
    public let solver: RidgeSolver
    /// Why the path ended (``PathStopReason/completed`` unless the glmnet grid stopped early).
    public let stopReason: PathStopReason
    /// The number of features.
    public let featureCount: Int
    /// The number of observations.
    public let rowCount: Int
    /// The null deviance (weights as given), as in ``RegularizationPath/nullDeviance``.
    public let nullDeviance: Double
    /// The solver time in seconds.
    public let fitSeconds: Double

    /// The lambdas of the path, decreasing.
    public var lambdas: [Double] { points.map(\.lambda) }
    /// The chosen lambda.
    public var chosenLambda: Double { points[chosenIndex].lambda }
    /// The solution at the chosen lambda.
    public var chosen: PathPoint { points[chosenIndex] }
}
