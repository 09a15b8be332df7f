/// Options of stability selection (Meinshausen & Bühlmann, 2010).
public struct StabilityOptions: Sendable, Equatable {
    /// The number of random half-samples B.
    public var subsamples: Int = 100
    /// The selection thresholds pi_thr reported (each in (0.5, 1]).
    public var thresholds: [Double] = [0.6, 0.7, 0.8, 0.9]
    /// The number of lambdas of the grid.
    public var lambdaCount: Int = 50
    /// The smallest lambda as a fraction of the full-data lasso's lambda_max.
    public var minRatio: Double = 0.01
    /// The error-control target: the region of lambdas is cut where the average number of
    /// features selected anywhere in it, q, would exceed `sqrt(target * (2 * 0.9 - 1) * p)`,
    /// so that E[V] <= target at pi_thr = 0.9.
    public var expectedFalseSelections: Double = 1

    /// Creates the default options (B = 100, thresholds 0.6 ... 0.9, 50 lambdas down to 1%).
    public init() {}
}
