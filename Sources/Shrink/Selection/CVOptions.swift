/// Options of a cross-validation run (cv.glmnet's arguments), with its defaults.
public struct CVOptions: Sendable {
    /// How fold fits choose their lambdas when the master fit used the automatic grid.
    public enum FoldLambdas: String, Sendable, Equatable, CaseIterable {
        /// As cv.glmnet: each fold computes its own automatic grid (and may stop early); its
        /// out-of-fold predictions at the master lambdas are interpolated linearly in lambda,
        /// clamped to the fold's first / last solution outside its range. With user lambdas every
        /// fold solves exactly those lambdas.
        case glmnet
        /// As scikit-learn's LassoCV: every fold solves the master lambdas exactly (never cut short).
        case master
    }

    /// The number of folds K (ignored when ``foldIDs`` is given).
    public var folds: Int = 10
    /// The seed of the ``SplitMix64`` generator that draws the folds.
    public var seed: UInt64 = 1
    /// User-given fold ids (1-based, one per row), as cv.glmnet's `foldid`.
    public var foldIDs: [Int]? = nil
    /// Class labels per row: when given (and ``foldIDs`` is not), folds are stratified by class.
    public var strata: [Int]? = nil
    /// The loss; `nil` means the family's default (mse for gaussian).
    public var measure: CVMeasure? = nil
    /// cv.glmnet's `grouped`: the standard error from per-fold means (forced off, as cv.glmnet,
    /// when there are fewer than 3 rows per fold on average).
    public var grouped: Bool = true
    /// Keep the out-of-fold linear predictors (cv.glmnet's `keep = TRUE`).
    public var keepPredictions: Bool = false
    /// Run the folds concurrently (the result is bit-identical to a serial run).
    public var parallel: Bool = true
    /// How folds choose their lambdas on the automatic grid.
    public var foldLambdas: FoldLambdas = .glmnet
    /// The model family.
    public var family: CVFamily = .gaussian
    /// Also cross-validate the relaxed fits (glmnet's `relax = TRUE`).
    public var relax: Bool = false
    /// The blends cross-validated with ``relax`` (values in [0, 1]; 1 is always evaluated).
    public var gammas: [Double] = [0, 0.25, 0.5, 0.75, 1]

    /// Creates options with cv.glmnet's defaults (10 folds, grouped, the family's default measure).
    public init() {}
}
