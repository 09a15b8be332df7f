/// The settings of ``Advisor/compare(x:y:options:folds:seed:alphaGrid:stability:settings:progress:)``
/// other than the data, the fit options and the folds.
public struct AdvisorSettings: Sendable {
    /// The default elastic-net mixing values tried between ridge (0) and lasso (1).
    public static let defaultAlphaGrid: [Double] = [0.1, 0.25, 0.5, 0.75, 0.9]

    /// Features whose absolute correlation is at least this are linked; the correlated groups
    /// are the connected components of the links (0.8 by default).
    public var correlationThreshold: Double = 0.8
    /// Correlated groups are searched only when there are at most this many features (the
    /// correlation matrix costs O(n p^2)).
    public var maxFeaturesForGroups: Int = 2000
    /// The model family (the advisor is built and tested for gaussian).
    public var family: CVFamily = .gaussian
    /// The loss; nil means the family's default (mse for gaussian).
    public var measure: CVMeasure? = nil
    /// User-given fold ids (1-based), overriding the seeded folds.
    public var foldIDs: [Int]? = nil
    /// Run folds and subsamples concurrently (results are bit-identical to a serial run).
    public var parallel: Bool = true
    /// Feature names for the sentences of the recommendation (default `x1`, `x2`, ...).
    public var featureNames: [String]? = nil

    /// Creates the default settings.
    public init() {}
}
