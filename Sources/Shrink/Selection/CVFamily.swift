#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// What cross-validation needs to know about a model family: how to fit a path, which measures
/// apply, and how to score a linear predictor.
///
/// Families other than gaussian plug in by supplying their path fitter, e.g.
/// `CVFamily.binomial(fit: Logistic.fit)`: the inverse links, deviances and measures are
/// already here (cv.glmnet's `cv.lognet` / `cv.fishnet`).
public struct CVFamily: Sendable {
    /// The family's name (`"gaussian"`, `"binomial"`, `"poisson"`).
    public let name: String
    /// The measures this family supports; the first is the default.
    public let measures: [CVMeasure]
    /// Fits a regularization path (the family's `fit(x:y:options:)`).
    public let fit: @Sendable (DesignMatrix, [Double], ElasticNetOptions) throws -> RegularizationPath
    /// The per-observation loss of `measure` for response `y` and linear predictor `eta`
    /// (pointwise measures only).
    public let loss: @Sendable (_ measure: CVMeasure, _ y: Double, _ eta: Double) -> Double
    /// The inverse link: the predicted mean (or probability) from the linear predictor.
    public let mean: @Sendable (_ eta: Double) -> Double
    /// Whether the relaxed refit may use the gaussian closed form (weighted least squares).
    let leastSquaresRefit: Bool
    /// Fits a fold's path with Gram columns from the products shared by all folds (gaussian only).
    let foldFit: (@Sendable (DesignMatrix, [Double], ElasticNetOptions, FoldGram) throws -> RegularizationPath)?

    /// Creates a family from its parts.
    public init(name: String, measures: [CVMeasure],
                fit: @escaping @Sendable (DesignMatrix, [Double], ElasticNetOptions) throws -> RegularizationPath,
                loss: @escaping @Sendable (CVMeasure, Double, Double) -> Double,
                mean: @escaping @Sendable (Double) -> Double) {
        self.init(name: name, measures: measures, fit: fit, loss: loss, mean: mean, leastSquaresRefit: false)
    }

    init(name: String, measures: [CVMeasure],
         fit: @escaping @Sendable (DesignMatrix, [Double], ElasticNetOptions) throws -> RegularizationPath,
         loss: @escaping @Sendable (CVMeasure, Double, Double) -> Double,
         mean: @escaping @Sendable (Double) -> Double, leastSquaresRefit: Bool,
         foldFit: (@Sendable (DesignMatrix, [Double], ElasticNetOptions, FoldGram) throws -> RegularizationPath)? = nil) {
        self.name = name
        self.measures = measures
        self.fit = fit
        self.loss = loss
        self.mean = mean
        self.leastSquaresRefit = leastSquaresRefit
        self.foldFit = foldFit
    }

    /// Least squares (``ElasticNet``): measures mse (default), deviance (= mse) and mae.
    public static let gaussian = CVFamily(
        name: "gaussian", measures: [.mse, .deviance, .mae],
        fit: { x, y, options in try ElasticNet.fit(x: x, y: y, options: options) },
        loss: { measure, y, eta in
            measure == .mae ? CVMeasure.absoluteError(y: y, mean: eta) : CVMeasure.squaredError(y: y, mean: eta)
        },
        mean: { $0 }, leastSquaresRefit: true,
        foldFit: { x, y, options, fold in try ElasticNet.fit(x: x, y: y, options: options, fold: fold) })

    /// Logistic regression with the given path fitter: measures deviance (default), class, auc,
    /// mse and mae on the probability `1 / (1 + exp(-eta))`, as cv.lognet (responses in [0, 1]).
    public static func binomial(
        fit: @escaping @Sendable (DesignMatrix, [Double], ElasticNetOptions) throws -> RegularizationPath
    ) -> CVFamily {
        CVFamily(
            name: "binomial", measures: [.deviance, .misclassification, .auc, .mse, .mae], fit: fit,
            loss: { measure, y, eta in
                let p = 1 / (1 + exp(-eta))
                switch measure {
                case .mse: return 2 * CVMeasure.squaredError(y: y, mean: p)
                case .mae: return 2 * CVMeasure.absoluteError(y: y, mean: p)
                case .misclassification: return CVMeasure.misclassified(y: y, probability: p)
                case .deviance, .auc: return CVMeasure.binomialDeviance(y: y, probability: p)
                }
            },
            mean: { 1 / (1 + exp(-$0)) })
    }

    /// Poisson regression with the given path fitter: measures deviance (default), mse and mae on
    /// the mean `exp(eta)`, as cv.fishnet.
    public static func poisson(
        fit: @escaping @Sendable (DesignMatrix, [Double], ElasticNetOptions) throws -> RegularizationPath
    ) -> CVFamily {
        CVFamily(
            name: "poisson", measures: [.deviance, .mse, .mae], fit: fit,
            loss: { measure, y, eta in
                switch measure {
                case .mse: return CVMeasure.squaredError(y: y, mean: exp(eta))
                case .mae: return CVMeasure.absoluteError(y: y, mean: exp(eta))
                default: return CVMeasure.poissonDeviance(y: y, linearPredictor: eta)
                }
            },
            mean: { exp($0) })
    }
}
