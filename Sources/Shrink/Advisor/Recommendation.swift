/// The advisor's recommendation: a penalty, its lambda, and the reasons.
public struct Recommendation: Sendable, Equatable {
    /// The kinds of penalty.
    public enum Choice: String, Sendable, Equatable {
        /// L1: the lasso (alpha = 1).
        case lasso = "L1"
        /// L2: ridge (alpha = 0).
        case ridge = "L2"
        /// A mixture (0 < alpha < 1).
        case elasticNet = "elastic net"
    }

    /// The kind of penalty.
    public let choice: Choice
    /// Its mixing parameter.
    public let alpha: Double
    /// The recommended lambda: lambda.1se for the lasso and the elastic net (the sparser model
    /// within one standard error of the best), lambda.min for ridge (which keeps every feature
    /// at every lambda, so a larger lambda only adds bias).
    public let lambda: Double
    /// Which of lambda.min / lambda.1se ``lambda`` is.
    public let lambdaRule: String
    /// Whether the best penalty's CV error is lower than every other's by more than one standard
    /// error; false means the data cannot tell them apart and sparsity decided.
    public let distinguishable: Bool
    /// The names of the penalties whose CV error is within one SE of the best.
    public let withinOneSE: [String]
    /// One-line verdict.
    public let headline: String
    /// The reasons, each a sentence citing a measured number.
    public let reasons: [String]
}
