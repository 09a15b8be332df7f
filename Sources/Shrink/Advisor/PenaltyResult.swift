/// The cross-validation of one penalty (one alpha) and its summary at lambda.min and lambda.1se.
public struct PenaltyResult: Sendable, Equatable {
    /// The mixing parameter: 1 is the lasso (L1), 0 is ridge (L2).
    public let alpha: Double
    /// The full cross-validation (curve, folds and the fit on all data).
    public let cv: CVResult

    /// Creates a summary of a cross-validation at `alpha`.
    public init(alpha: Double, cv: CVResult) {
        self.alpha = alpha
        self.cv = cv
    }

    /// `"lasso"`, `"ridge"` or `"elastic net (alpha 0.5)"`.
    public var name: String { Self.name(alpha: alpha) }

    /// The display name of a mixing value.
    public static func name(alpha: Double) -> String {
        alpha == 1 ? "lasso" : alpha == 0 ? "ridge" : "elastic net (alpha \(alpha))"
    }

    /// lambda.min.
    public var lambdaMin: Double { cv.curve.lambdaMin }
    /// lambda.1se.
    public var lambda1se: Double { cv.curve.lambda1se }
    /// The CV error at lambda.min.
    public var errorMin: Double { cv.curve.cvm[cv.curve.indexMin] }
    /// Its standard error.
    public var seMin: Double { cv.curve.cvsd[cv.curve.indexMin] }
    /// The CV error at lambda.1se.
    public var error1se: Double { cv.curve.cvm[cv.curve.index1se] }
    /// Its standard error.
    public var se1se: Double { cv.curve.cvsd[cv.curve.index1se] }
    /// The features kept (non-zero) at lambda.min.
    public var keptMin: Int { cv.curve.nzero[cv.curve.indexMin] }
    /// The features kept at lambda.1se.
    public var kept1se: Int { cv.curve.nzero[cv.curve.index1se] }
    /// The coefficients (original scale) of the full-data fit at lambda.min.
    public var coefficientsMin: [Double] { cv.fit.points[cv.curve.indexMin].coefficients.dense }
    /// The coefficients (original scale) of the full-data fit at lambda.1se.
    public var coefficients1se: [Double] { cv.fit.points[cv.curve.index1se].coefficients.dense }
}
