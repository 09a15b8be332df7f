/// What the data says about the rules of thumb for choosing between L1 and L2.
public struct Evidence: Sendable, Equatable {
    /// The number of rows n.
    public let rows: Int
    /// The number of features p.
    public let features: Int
    /// The weighted population sd of each feature (0 for constant features): coefficient `b_j`
    /// is `b_j * sd_j` on the standardized scale.
    public let featureScales: [Double]
    /// The standardized ridge coefficients `b_j * sd_j` at ridge's lambda.min.
    public let ridgeStandardized: [Double]
    /// The standardized lasso coefficients at the lasso's lambda.min.
    public let lassoStandardized: [Double]
    /// The standardized lasso coefficients at the lasso's lambda.1se.
    public let lassoStandardized1se: [Double]
    /// `cumulativeRidgeShare[k - 1]`: the share of the ridge coefficients' squared standardized
    /// mass held by the k largest (in absolute value).
    public let cumulativeRidgeShare: [Double]
    /// The number of lasso features at lambda.min.
    public let lassoSupportMin: Int
    /// The number of lasso features at lambda.1se.
    public let lassoSupport1se: Int
    /// The threshold |r| of the correlated groups.
    public let correlationThreshold: Double
    /// The groups of correlated features (nil when p exceeded ``AdvisorSettings/maxFeaturesForGroups``).
    public let groups: [CorrelatedGroup]?
    /// Stability selection for the lasso.
    public let stability: StabilitySelection

    /// The smallest number of features holding at least `fraction` of the ridge squared mass
    /// (0 when ridge gives every feature zero weight).
    public func featuresHolding(_ fraction: Double) -> Int {
        guard let total = cumulativeRidgeShare.last, total > 0 else { return 0 }
        return (cumulativeRidgeShare.firstIndex { $0 >= fraction - 1e-12 } ?? (cumulativeRidgeShare.count - 1)) + 1
    }

    /// The share of the ridge squared mass in the `k` largest features.
    public func ridgeShare(top k: Int) -> Double {
        guard k > 0, !cumulativeRidgeShare.isEmpty else { return 0 }
        return cumulativeRidgeShare[min(k, cumulativeRidgeShare.count) - 1]
    }
}
