#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// A generalized linear model family with one linear predictor per observation: its loss
/// (minus the log-likelihood, up to terms free of the parameters), inverse link and IRLS weights.
///
/// The objective of every family is `sum_i w_i loss(y_i, eta_i) + penalty` with weights summing to 1.
protocol GLMFamily: Sendable {
    /// The family's name as reported in paths and model files.
    var name: String { get }
    /// Throws when `y` is not a valid response for this family.
    func validate(_ y: [Double], weights: [Double]) throws
    /// Minus the log-likelihood of `y` at the linear predictor `eta` (without terms free of eta).
    func loss(_ y: Double, _ eta: Double) -> Double
    /// The smallest possible loss for `y` (the saturated model); the deviance is `2 (loss - this)`.
    func saturatedLoss(_ y: Double) -> Double
    /// The inverse link: the mean at `eta`.
    func mean(_ eta: Double) -> Double
    /// The IRLS weight (variance of the mean, the second derivative of the loss) at mean `mu`,
    /// clipped away from 0 as glmnet.
    func curvature(_ mu: Double) -> Double
    /// The intercept of the null model (no features, no offset) for the weighted mean `ybar`.
    func nullIntercept(_ ybar: Double) -> Double
    /// ``loss(_:_:)`` and ``mean(_:)`` at once, sharing their transcendental functions.
    func lossAndMean(_ y: Double, _ eta: Double) -> (loss: Double, mean: Double)
    /// Writes the means, IRLS weights `w_i curvature(mu_i)` and residuals `w_i (y_i - mu_i)` of `count`
    /// rows at once and returns `sum_(w_i > 0) w_i loss(y_i, eta_i)` and the sum of the weights, where
    /// the family has a vector kernel for this CPU; otherwise returns `nil` and writes nothing.
    func refresh(y: UnsafePointer<Double>, w: UnsafePointer<Double>, eta: UnsafePointer<Double>, count: Int,
                 mu: UnsafeMutablePointer<Double>, v: UnsafeMutablePointer<Double>,
                 rho: UnsafeMutablePointer<Double>) -> (loss: Double, weightSum: Double)?
}

extension GLMFamily {
    /// ``loss(_:_:)`` and ``mean(_:)`` evaluated separately.
    @inline(__always)
    func lossAndMean(_ y: Double, _ eta: Double) -> (loss: Double, mean: Double) { (loss(y, eta), mean(eta)) }

    /// No vector kernel: the caller loops over ``lossAndMean(_:_:)`` and ``curvature(_:)``.
    @inline(__always)
    func refresh(y: UnsafePointer<Double>, w: UnsafePointer<Double>, eta: UnsafePointer<Double>, count: Int,
                 mu: UnsafeMutablePointer<Double>, v: UnsafeMutablePointer<Double>,
                 rho: UnsafeMutablePointer<Double>) -> (loss: Double, weightSum: Double)? { nil }
}

/// A numerically stable `log(1 + exp(x))`.
@inline(__always)
func softplus(_ x: Double) -> Double {
    x > 0 ? x + log1p(exp(-x)) : log1p(exp(x))
}
