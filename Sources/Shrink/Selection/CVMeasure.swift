#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// A cross-validation loss, as cv.glmnet's `type.measure`.
public enum CVMeasure: String, Sendable, Equatable, CaseIterable {
    /// Mean squared error (glmnet's binomial "mse" sums over both classes: `2 (y - p)^2`).
    case mse
    /// Mean absolute error (binomial: `2 |y - p|`).
    case mae
    /// Mean deviance of the family (for gaussian the same as mse).
    case deviance
    /// Misclassification rate (binomial): a probability above 0.5 predicts class 1.
    case misclassification = "class"
    /// Area under the ROC curve (binomial), computed per fold; larger is better.
    case auc

    /// Whether larger values are better (only ``auc``).
    public var largerIsBetter: Bool { self == .auc }

    /// Whether the measure is a per-observation loss (all but ``auc``, which needs a whole fold).
    public var isPointwise: Bool { self != .auc }

    // MARK: Pure per-observation losses on (y, predicted mean).

    /// The squared error `(y - mean)^2`.
    @inlinable public static func squaredError(y: Double, mean: Double) -> Double {
        let r = y - mean
        return r * r
    }

    /// The absolute error `|y - mean|`.
    @inlinable public static func absoluteError(y: Double, mean: Double) -> Double {
        abs(y - mean)
    }

    /// The binomial unit deviance of a response `y` in [0, 1] at probability `p`, as cv.glmnet:
    /// `p` is clamped to [1e-5, 1 - 1e-5] and
    /// `2 (y log y + (1-y) log(1-y) - y log p - (1-y) log(1-p))` with `0 log 0 = 0`.
    public static func binomialDeviance(y: Double, probability p: Double) -> Double {
        let q = min(max(p, 1e-5), 1 - 1e-5)
        func xlogx(_ v: Double) -> Double { v > 0 ? v * log(v) : 0 }
        return 2 * (xlogx(y) + xlogx(1 - y) - y * log(q) - (1 - y) * log(1 - q))
    }

    /// The misclassification indicator of a response `y` in [0, 1] (a fraction for grouped data)
    /// at probability `p`: `(1 - y)` if p > 0.5 (predicts class 1), else `y`. As cv.glmnet.
    public static func misclassified(y: Double, probability p: Double) -> Double {
        p > 0.5 ? 1 - y : y
    }

    /// The Poisson unit deviance `2 (y log(y / mu) - (y - mu))` with `0 log 0 = 0`, written as
    /// cv.glmnet's `2 ((y log y - y) - (y eta - exp(eta)))` with `eta = log mu`.
    public static func poissonDeviance(y: Double, linearPredictor eta: Double) -> Double {
        let devy = y > 0 ? y * log(y) - y : 0
        return 2 * (devy - (y * eta - exp(eta)))
    }

    /// The Poisson unit deviance at mean `mu` > 0 (see ``poissonDeviance(y:linearPredictor:)``).
    public static func poissonDeviance(y: Double, mean mu: Double) -> Double {
        poissonDeviance(y: y, linearPredictor: log(mu))
    }

    /// The weighted mean of `values` with `weights` (which need not sum to 1).
    ///
    /// - Complexity: O(n).
    public static func weightedMean(_ values: [Double], weights: [Double]) -> Double {
        precondition(values.count == weights.count, "one weight per value")
        var s = 0.0, w = 0.0
        for i in values.indices {
            s += weights[i] * values[i]
            w += weights[i]
        }
        return s / w
    }

    /// The weighted area under the ROC curve of responses `y` in [0, 1] scored by `score`.
    ///
    /// Each row counts as a positive with weight `w y` and as a negative with weight `w (1 - y)`
    /// (glmnet's `auc.mat`); the AUC is the weighted fraction of (positive, negative) pairs with the
    /// positive scored higher, ties counting one half (the Mann-Whitney statistic; equal to
    /// scikit-learn's `roc_auc_score` with `sample_weight` for 0/1 responses). NaN when there are
    /// no positives or no negatives.
    /// - Complexity: O(n log n).
    public static func auc(y: [Double], score: [Double], weights: [Double]? = nil) -> Double {
        precondition(y.count == score.count, "one score per response")
        let order = score.indices.sorted { score[$0] < score[$1] }
        var negativesBelow = 0.0, pairs = 0.0, positives = 0.0
        var k = 0
        while k < order.count {
            var groupPositive = 0.0, groupNegative = 0.0
            let s = score[order[k]]
            while k < order.count && score[order[k]] == s {
                let i = order[k]
                let w = weights?[i] ?? 1
                groupPositive += w * y[i]
                groupNegative += w * (1 - y[i])
                k += 1
            }
            pairs += groupPositive * (negativesBelow + 0.5 * groupNegative)
            negativesBelow += groupNegative
            positives += groupPositive
        }
        return pairs / (positives * negativesBelow)
    }
}
