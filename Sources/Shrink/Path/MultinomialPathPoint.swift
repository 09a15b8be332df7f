/// One point of a multinomial regularization path: the solution at one lambda and its certificate.
public struct MultinomialPathPoint: Sendable, Equatable {
    /// The regularization strength.
    public let lambda: Double
    /// The intercept of every class on the original scale (centered to sum 0; all 0 without an intercept).
    public let intercepts: [Double]
    /// The coefficients of every class on the original scale, in class order.
    public let coefficients: [SparseCoefficients]
    /// The number of features non-zero in at least one class.
    public var nonzeroCount: Int {
        var seen = Set<Int>()
        for c in coefficients { seen.formUnion(c.indices) }
        return seen.count
    }
    /// The fraction of the null deviance explained: `1 - deviance / nullDeviance`.
    public let devianceRatio: Double
    /// The objective value (see ``Multinomial/objective(x:y:classCount:options:grouped:offsets:lambda:intercepts:coefficients:)``).
    public let objective: Double
    /// The largest violation of the KKT conditions (per coefficient, or per feature group when
    /// grouped) over all features and intercepts, on the standardized scale.
    public let kktViolation: Double
    /// The number of coordinate passes spent on this point.
    public let passes: Int
    /// Whether the certificate reached the tolerance within the pass budget.
    public let converged: Bool

    /// Creates a path point (for example from a saved model).
    public init(
        lambda: Double, intercepts: [Double], coefficients: [SparseCoefficients], devianceRatio: Double,
        objective: Double, kktViolation: Double, passes: Int, converged: Bool
    ) {
        self.lambda = lambda
        self.intercepts = intercepts
        self.coefficients = coefficients
        self.devianceRatio = devianceRatio
        self.objective = objective
        self.kktViolation = kktViolation
        self.passes = passes
        self.converged = converged
    }
}
