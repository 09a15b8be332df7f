/// Options of an elastic-net path fit, with glmnet's defaults.
public struct ElasticNetOptions: Sendable, Equatable {
    /// Which solver runs the fit: a coordinate-descent engine, or at alpha = 0 a ridge solver.
    public enum Solver: String, Sendable, Equatable, CaseIterable {
        /// Covariance updates for dense designs with many more rows than columns, naive otherwise;
        /// at alpha = 0 the ridge solvers when they can express the request.
        case automatic
        /// Residual updates: each coordinate step costs O(n) (O(nnz) sparse).
        case naive
        /// Covariance (Gram) updates: each step costs O(p); inner products are computed only for
        /// features that enter the model. Dense designs only.
        case covariance
        /// Closed-form ridge (alpha = 0, gaussian): the whole path from one spectral decomposition
        /// (see ``Ridge/fitPath(x:y:options:criterion:grid:kkt:)``). `automatic` picks it at alpha = 0
        /// when the request has no bounds, `maxFeatures` or `maxEverActive` and the design is not too large.
        case ridgeSVD = "ridge-svd"
        /// Ridge for binomial and poisson (alpha = 0) by Newton's method with Cholesky steps, with
        /// warm starts along the path. `automatic` picks it as ``ridgeSVD``.
        case ridgeNewton = "ridge-newton"
    }

    /// The elastic-net mixing parameter in [0, 1]: 1 is the lasso, 0 is ridge.
    public var alpha: Double = 1
    /// A user-given lambda sequence; solved as given (sorted decreasing), never cut short.
    public var lambdas: [Double]? = nil
    /// The number of lambdas of the automatic grid.
    public var lambdaCount: Int = 100
    /// The smallest lambda of the automatic grid as a fraction of lambda_max; by default 1e-4 when
    /// n > p, otherwise 1e-2.
    public var lambdaMinRatio: Double? = nil
    /// Whether the penalty applies to coefficients of standardized columns (population sd).
    public var standardize: Bool = true
    /// Whether to fit an unpenalized intercept.
    public var fitIntercept: Bool = true
    /// Observation weights (non-negative, normalized to sum 1 internally); `nil` means equal weights.
    public var weights: [Double]? = nil
    /// Penalty factor per feature (0 = unpenalized); rescaled to sum to the number of features.
    public var penaltyFactors: [Double]? = nil
    /// Lower bound per coefficient (original scale, each <= 0); `nil` means unbounded.
    public var lowerLimits: [Double]? = nil
    /// Upper bound per coefficient (original scale, each >= 0); `nil` means unbounded.
    public var upperLimits: [Double]? = nil
    /// Features (0-based column indices) held at zero.
    public var excluded: [Int] = []
    /// Stop the path before the first point with more than this many non-zero coefficients.
    public var maxFeatures: Int? = nil
    /// Stop the path before more than this many features have ever been non-zero.
    public var maxEverActive: Int? = nil
    /// The convergence tolerance: the relative duality gap (gap / objective) each point must reach.
    public var tolerance: Double = 1e-8
    /// The maximum number of coordinate passes over the working set per lambda.
    public var maxPasses: Int = 100_000
    /// The solver (coordinate descent, or a ridge solver at alpha = 0).
    public var solver: Solver = .automatic
    /// A known part of the linear predictor per observation (glmnet's `offset`), added to
    /// `b0 + x'b`: for poisson typically log exposure. It must be supplied again at prediction.
    public var offset: [Double]? = nil

    /// Creates options with glmnet's defaults (lasso, 100 lambdas, standardized, with intercept).
    public init() {}

    /// Creates options for the given mixing parameter with the other defaults.
    public init(alpha: Double) {
        self.alpha = alpha
    }
}
