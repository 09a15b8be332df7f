import Shrink

/// The JSON document of a fitted regularization path (`"format": "shrink-model"`, version 1).
///
/// Field names are a contract with other tools: do not rename them. Doubles are written in
/// their shortest round-trip form, so reading a document back gives bit-identical values.
public struct ModelDocument: Codable, Equatable, Sendable {
    /// One solution of the path.
    public struct Point: Codable, Equatable, Sendable {
        /// The regularization strength.
        public let lambda: Double
        /// The intercept on the original scale.
        public let intercept: Double
        /// The coefficients on the original scale, one per feature.
        public let coefficients: [Double]
        /// The number of non-zero coefficients.
        public let df: Int
        /// The fraction of the null deviance explained.
        public let devRatio: Double
        /// The relative duality gap, or `nil` when the KKT violation certifies the point.
        public let dualityGap: Double?
        /// The largest KKT violation (standardized scale).
        public let kktViolation: Double
        /// Multinomial models: the intercept of every class, in `classes` order (written as the
        /// JSON `intercept` array; ``intercept`` is then 0).
        public var classIntercepts: [Double]? = nil
        /// Multinomial models: the coefficients of every class, in `classes` order (written as the
        /// JSON `coefficients` array of arrays; ``coefficients`` is then all zeros).
        public var classCoefficients: [[Double]]? = nil

        /// Creates a point from its fields.
        public init(lambda: Double, intercept: Double, coefficients: [Double], df: Int,
                    devRatio: Double, dualityGap: Double?, kktViolation: Double) {
            self.lambda = lambda
            self.intercept = intercept
            self.coefficients = coefficients
            self.df = df
            self.devRatio = devRatio
            self.dualityGap = dualityGap
            self.kktViolation = kktViolation
        }

        /// Encodes every field, writing `null` for a missing duality gap.
        public func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(lambda, forKey: .lambda)
            try c.encode(intercept, forKey: .intercept)
            try c.encode(coefficients, forKey: .coefficients)
            try c.encode(df, forKey: .df)
            try c.encode(devRatio, forKey: .devRatio)
            try c.encode(dualityGap, forKey: .dualityGap)
            try c.encode(kktViolation, forKey: .kktViolation)
        }
    }

    /// The value of the `format` field.
    public static let formatName = "shrink-model"
    /// The newest document version this library reads and the one it writes.
    public static let currentVersion = 1

    /// Always ``formatName``.
    public let format: String
    /// The document version (``currentVersion`` when written by this library).
    public let version: Int
    /// The model family (`"gaussian"`).
    public let family: String
    /// The elastic-net mixing parameter.
    public let alpha: Double
    /// The feature names, aligned with each point's coefficients.
    public let features: [String]
    /// Whether the features were standardized for the penalty.
    public let standardize: Bool
    /// Whether an intercept was fitted.
    public let intercept: Bool
    /// The solver that ran (`"covariance"` or `"naive"`).
    public let solver: String
    /// The null deviance.
    public let nullDeviance: Double
    /// Why the path ended (`"completed"`, `"devianceRatioPlateau"`, ...).
    public let stopReason: String
    /// The number of observations fitted.
    public let rows: Int
    /// The solutions, in decreasing lambda order.
    public let path: [Point]
    /// The solver time in seconds.
    public let fitSeconds: Double
    /// How the data columns became the features, one entry per column (absent in older
    /// documents and for LIBSVM data: then the features are the columns).
    public var encoding: [EncodedColumn]?
    /// The values that replace missing cells, one per feature (`--impute mean`), if any.
    public var imputation: Imputation?
    /// The weighted means and standard deviations of the fitted features, if recorded.
    public var standardization: Standardization?
    /// Where, when and by which version the model was fitted, if recorded.
    public var training: TrainingInfo?
    /// The cross-validated selection (`shrink cv`): lambda.min, lambda.1se and the measure, if recorded.
    public var selection: CVSelection?
    /// The class labels of a classification model, sorted (binomial: the coefficients model
    /// `classes[1]`); absent for gaussian and poisson models.
    public var classes: [String]?
    /// The offset column the model was fitted with (`--offset`), if any: predictions add that
    /// column of the new data to the linear predictor (link scale).
    public var offset: String?
    /// The per-class offset columns of a multinomial model (`--offset C1,...,CK`), in `classes`
    /// order, if any: predictions add them to the classes' linear predictors.
    public var offsets: [String]?

    /// Creates a document from its fields (``format`` and ``version`` are set to the current ones).
    public init(family: String, alpha: Double, features: [String], standardize: Bool, intercept: Bool,
                solver: String, nullDeviance: Double, stopReason: String, rows: Int, path: [Point],
                fitSeconds: Double) {
        format = Self.formatName
        version = Self.currentVersion
        self.family = family
        self.alpha = alpha
        self.features = features
        self.standardize = standardize
        self.intercept = intercept
        self.solver = solver
        self.nullDeviance = nullDeviance
        self.stopReason = stopReason
        self.rows = rows
        self.path = path
        self.fitSeconds = fitSeconds
    }

    /// Creates the document of a fitted path.
    ///
    /// - Throws: ``ModelDocumentError`` (``ModelDocumentError/Kind/invalidContent``) when the
    ///   number of names differs from the path's feature count or the path is empty.
    public init(path fitted: RegularizationPath, features: [String], options: ElasticNetOptions) throws {
        guard features.count == fitted.featureCount else {
            throw ModelDocumentError(.invalidContent, file: "model",
                                     message: "\(features.count) feature names for \(fitted.featureCount) features")
        }
        guard !fitted.points.isEmpty else {
            throw ModelDocumentError(.invalidContent, file: "model", message: "the path has no points")
        }
        format = Self.formatName
        version = Self.currentVersion
        family = fitted.family
        alpha = fitted.alpha
        self.features = features
        standardize = options.standardize
        intercept = options.fitIntercept
        solver = fitted.solver.rawValue
        nullDeviance = fitted.nullDeviance
        stopReason = fitted.stopReason.rawValue
        rows = fitted.rowCount
        path = fitted.points.map {
            Point(lambda: $0.lambda, intercept: $0.intercept, coefficients: $0.coefficients.dense,
                  df: $0.nonzeroCount, devRatio: $0.devianceRatio, dualityGap: $0.dualityGap,
                  kktViolation: $0.kktViolation)
        }
        fitSeconds = fitted.fitSeconds
    }
}
