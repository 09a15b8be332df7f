/// The elastic-net penalty with per-feature factors and box constraints, on standardized coefficients.
///
/// For a feature with factor `pf` at regularization `lambda` the penalty is
/// `lambda * pf * ((1 - alpha) / 2 * b^2 + alpha * |b|)`, plus the indicator of `lower <= b <= upper`.
/// Solvers see it only through ``proximalUpdate(_:curvature:l1:l2:lower:upper:)``,
/// ``conjugate(_:l1:l2:lower:upper:)`` and ``subgradientDistance(gradient:coefficient:l1:l2:lower:upper:)``.
struct ElasticNetPenalty: Sendable {
    /// The mixing parameter: 1 is the lasso, 0 is ridge.
    let alpha: Double
    /// Penalty factors per feature, already rescaled; 0 means unpenalized.
    let factors: [Double]
    /// Lower bounds per feature on the standardized scale (may be `-infinity`).
    let lower: [Double]
    /// Upper bounds per feature on the standardized scale (may be `infinity`).
    let upper: [Double]
    /// Whether any feature has a finite bound.
    let hasBounds: Bool

    /// Creates the penalty from its mixing parameter, per-feature factors and bounds.
    init(alpha: Double, factors: [Double], lower: [Double], upper: [Double]) {
        self.alpha = alpha
        self.factors = factors
        self.lower = lower
        self.upper = upper
        hasBounds = lower.contains { $0 != -.infinity } || upper.contains { $0 != .infinity }
    }

    /// Returns the L1 weight `lambda * alpha * pf_j` of feature `j`.
    @inline(__always)
    func l1(_ j: Int, _ lambda: Double) -> Double { lambda * alpha * factors[j] }

    /// Returns the L2 weight `lambda * (1 - alpha) * pf_j` of feature `j`.
    @inline(__always)
    func l2(_ j: Int, _ lambda: Double) -> Double { lambda * (1 - alpha) * factors[j] }

    /// Returns the penalty of the listed features only, renumbered `0..<features.count`.
    ///
    /// - Complexity: O(|features|).
    func restricted(to features: [Int]) -> ElasticNetPenalty {
        ElasticNetPenalty(alpha: alpha, factors: features.map { factors[$0] }, lower: features.map { lower[$0] },
                          upper: features.map { upper[$0] })
    }

    /// Returns the penalty value `sum_j pf_j ((1-alpha)/2 b_j^2 + alpha |b_j|)` times `lambda`.
    ///
    /// - Complexity: O(p).
    func value(_ b: [Double], lambda: Double) -> Double {
        value(b, lambda: lambda, over: b.indices)
    }

    /// Returns the penalty of the listed coordinates only.
    ///
    /// - Complexity: O(|features|).
    func value<S: Sequence<Int>>(_ b: [Double], lambda: Double, over features: S) -> Double {
        var s = 0.0
        for j in features where b[j] != 0 {
            s += factors[j] * ((1 - alpha) / 2 * b[j] * b[j] + alpha * abs(b[j]))
        }
        return lambda * s
    }

    /// Returns the minimizer over `b` of `curvature/2 (b - u/curvature)^2 + l1|b| + l2/2 b^2` in the box:
    /// the coordinate-descent update, where `u = gradient + curvature * b_old`.
    @inline(__always)
    static func proximalUpdate(
        _ u: Double, curvature: Double, l1: Double, l2: Double, lower: Double, upper: Double
    ) -> Double {
        let shrunk = abs(u) <= l1 ? 0 : (u > 0 ? u - l1 : u + l1)
        let b = shrunk / (curvature + l2)
        return min(max(b, lower), upper)
    }

    /// Returns the Fenchel conjugate `sup_b { u b - l2/2 b^2 - l1 |b| : lower <= b <= upper }`.
    ///
    /// The result is `infinity` when the supremum is unbounded. Requires `lower <= 0 <= upper`.
    static func conjugate(_ u: Double, l1: Double, l2: Double, lower: Double, upper: Double) -> Double {
        if l2 > 0 {
            let b = proximalUpdate(u, curvature: 0, l1: l1, l2: l2, lower: lower, upper: upper)
            return u * b - l2 / 2 * b * b - l1 * abs(b)
        }
        var best = 0.0
        if u > l1 {
            if upper == .infinity { return .infinity }
            best = max(best, (u - l1) * upper)
        }
        if u < -l1 {
            if lower == -.infinity { return .infinity }
            best = max(best, (u + l1) * lower)
        }
        return best
    }

    /// Returns how far `-gradient of the loss` (here `gradient`, the correlation with the residual)
    /// is from the subdifferential of the penalty at `coefficient`: 0 exactly at optimality.
    static func subgradientDistance(
        gradient g: Double, coefficient b: Double, l1: Double, l2: Double, lower: Double, upper: Double
    ) -> Double {
        let r = g - l2 * b  // must lie in l1 * sign(b) (or [-l1, l1] at 0), widened at active bounds
        var lo = -l1, hi = l1
        if b > 0 { lo = l1 } else if b < 0 { hi = -l1 }
        if b >= upper { hi = .infinity }   // pushing further up is blocked by the bound
        if b <= lower { lo = -.infinity }
        if r > hi { return r - hi }
        if r < lo { return lo - r }
        return 0
    }
}
