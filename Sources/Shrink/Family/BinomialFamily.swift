import CShrinkKernels

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Logistic regression: `y` in [0, 1] (0/1 labels, or proportions), logit link.
///
/// Loss `log(1 + exp(eta)) - y eta`; the IRLS weight `mu (1 - mu)` uses `mu` clipped to
/// `[1e-5, 1 - 1e-5]` as glmnet (the gradient uses the exact `mu`, so the solution is unchanged).
struct BinomialFamily: GLMFamily {
    /// glmnet's probability clip for the IRLS weights.
    static let probabilityFloor = 1e-5

    var name: String { "binomial" }

    func validate(_ y: [Double], weights: [Double]) throws {
        for (i, v) in y.enumerated() where !(v >= 0 && v <= 1) {
            throw ShrinkError.invalidInput("binomial response value \(v) in row \(i + 1) is outside [0, 1]")
        }
        var positive = 0.0, total = 0.0
        for i in y.indices where weights[i] > 0 {
            positive += weights[i] * y[i]
            total += weights[i]
        }
        if positive <= 0 || positive >= total {
            throw ShrinkError.invalidInput(
                "the binomial response has a single class (every weighted row is \(positive <= 0 ? 0 : 1)); there is nothing to fit")
        }
    }

    @inline(__always)
    func loss(_ y: Double, _ eta: Double) -> Double { softplus(eta) - y * eta }

    @inline(__always)
    func saturatedLoss(_ y: Double) -> Double {
        var s = 0.0
        if y > 0 { s -= y * log(y) }
        if y < 1 { s -= (1 - y) * log(1 - y) }
        return s
    }

    @inline(__always)
    func mean(_ eta: Double) -> Double { 1 / (1 + exp(-eta)) }

    /// One `exp(-|eta|)` serves both: `softplus(eta) = max(eta, 0) + log1p(e)` and the mean
    /// `1 / (1 + e)` or `e / (1 + e)`.
    @inline(__always)
    func lossAndMean(_ y: Double, _ eta: Double) -> (loss: Double, mean: Double) {
        let e = exp(-abs(eta))
        let loss = (eta > 0 ? eta : 0) + log1p(e) - y * eta
        return (loss, eta >= 0 ? 1 / (1 + e) : e / (1 + e))
    }

    /// The loss, means, weights and residuals in one vector pass (glibc's AVX2 `exp` and `log1p`,
    /// ``Kernels/vectorMath``): the same formulas as ``lossAndMean(_:_:)`` and ``curvature(_:)``, the
    /// sums in four lanes.
    ///
    /// - Complexity: O(`count`).
    @inline(__always)
    func refresh(y: UnsafePointer<Double>, w: UnsafePointer<Double>, eta: UnsafePointer<Double>, count: Int,
                 mu: UnsafeMutablePointer<Double>, v: UnsafeMutablePointer<Double>,
                 rho: UnsafeMutablePointer<Double>) -> (loss: Double, weightSum: Double)? {
        guard Kernels.vectorMath else { return nil }
        var sums = SIMD2<Double>()
        withUnsafeMutablePointer(to: &sums) {
            $0.withMemoryRebound(to: Double.self, capacity: 2) {
                shrink_binomial_refresh(y, w, eta, count, Self.probabilityFloor, mu, v, rho, $0)
            }
        }
        return (sums[0], sums[1])
    }

    @inline(__always)
    func curvature(_ mu: Double) -> Double {
        let m = min(max(mu, Self.probabilityFloor), 1 - Self.probabilityFloor)
        return m * (1 - m)
    }

    func nullIntercept(_ ybar: Double) -> Double { log(ybar / (1 - ybar)) }
}
