#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Poisson regression: non-negative counts (or rates with weights), log link.
///
/// Loss `exp(eta) - y eta` (minus the log-likelihood without `log(y!)`); IRLS weight `mu`.
struct PoissonFamily: GLMFamily {
    /// The largest linear predictor whose mean is computed; beyond it the loss is infinite.
    static let largestPredictor = 700.0

    var name: String { "poisson" }

    func validate(_ y: [Double], weights: [Double]) throws {
        for (i, v) in y.enumerated() where !(v >= 0) {
            throw ShrinkError.invalidInput("poisson response value \(v) in row \(i + 1) is negative")
        }
        var total = 0.0
        for i in y.indices where weights[i] > 0 { total += weights[i] * y[i] }
        if total <= 0 {
            throw ShrinkError.invalidInput("every poisson count is zero; the maximum-likelihood mean is 0 and there is nothing to fit")
        }
    }

    @inline(__always)
    func loss(_ y: Double, _ eta: Double) -> Double {
        eta > Self.largestPredictor ? .infinity : exp(eta) - y * eta
    }

    @inline(__always)
    func saturatedLoss(_ y: Double) -> Double { y > 0 ? y - y * log(y) : 0 }

    @inline(__always)
    func mean(_ eta: Double) -> Double { exp(min(eta, Self.largestPredictor)) }

    @inline(__always)
    func curvature(_ mu: Double) -> Double { mu }

    /// One `exp(eta)` serves both.
    @inline(__always)
    func lossAndMean(_ y: Double, _ eta: Double) -> (loss: Double, mean: Double) {
        let mu = exp(min(eta, Self.largestPredictor))
        return (eta > Self.largestPredictor ? .infinity : mu - y * eta, mu)
    }

    func nullIntercept(_ ybar: Double) -> Double { log(ybar) }
}
