/// A group of strongly correlated features and how the lasso and ridge fits treat it.
public struct CorrelatedGroup: Sendable, Equatable {
    /// The features (0-based indices, increasing).
    public let members: [Int]
    /// Their pairwise correlations (members x members, row by row).
    public let correlations: [[Double]]
    /// The smallest absolute correlation over the links that join the group (each at least the threshold).
    public let minimumLinkCorrelation: Double
    /// The members the lasso keeps (non-zero) at its lambda.min.
    public let lassoKept: [Int]
    /// The members the lasso keeps at its lambda.1se.
    public let lassoKept1se: [Int]
    /// Each member's share of the group's absolute standardized ridge coefficients at ridge's
    /// lambda.min (summing to 1, or all 0 when ridge gives the group no weight).
    public let ridgeShares: [Double]
    /// Each member's share of the group's absolute standardized lasso coefficients at lambda.min.
    public let lassoShares: [Double]

    /// The effective number of members carrying the ridge weight, `1 / sum(share^2)` (from 1,
    /// all on one member, to the group size, spread evenly).
    public var ridgeEffectiveMembers: Double { Self.effective(ridgeShares) }
    /// The effective number of members carrying the lasso weight.
    public var lassoEffectiveMembers: Double { Self.effective(lassoShares) }

    static func effective(_ shares: [Double]) -> Double {
        let s2 = shares.reduce(0) { $0 + $1 * $1 }
        return s2 > 0 ? 1 / s2 : 0
    }
}
