/// The result of ``Advisor/compare(x:y:options:folds:seed:alphaGrid:stability:settings:progress:)``:
/// every penalty's cross-validation, the evidence and the recommendation.
public struct Comparison: Sendable, Equatable {
    /// One cross-validation per alpha, increasing in alpha (ridge first, lasso last), all on the same folds.
    public let penalties: [PenaltyResult]
    /// The folds shared by all penalties.
    public let folds: Folds
    /// The loss.
    public let measure: CVMeasure
    /// The feature names used in the sentences.
    public let featureNames: [String]
    /// The evidence about the data.
    public let evidence: Evidence
    /// The recommendation.
    public let recommendation: Recommendation

    /// The lasso's cross-validation.
    public var lasso: PenaltyResult { penalties.last! }
    /// Ridge's cross-validation.
    public var ridge: PenaltyResult { penalties.first! }
    /// The best elastic net strictly between ridge and lasso (smallest error at lambda.min, ties
    /// to the larger alpha), or nil when the grid has no interior alpha.
    public var bestElasticNet: PenaltyResult? {
        let inner = penalties.dropFirst().dropLast()
        return inner.reversed().min { $0.errorMin < $1.errorMin }
    }
}
