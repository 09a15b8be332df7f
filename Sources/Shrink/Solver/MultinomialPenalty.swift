/// The multinomial elastic-net penalty on standardized coefficients stored class-major
/// (`b[k * p + j]` is feature `j` of class `k`).
///
/// Ungrouped (glmnet's `type.multinomial = "ungrouped"`): the elastic net on every class's
/// coefficients, `lambda * sum_j pf_j sum_k ((1-alpha)/2 b_jk^2 + alpha |b_jk|)`, with the bounds of
/// ``ElasticNetPenalty``. Grouped: `lambda * sum_j pf_j ((1-alpha)/2 ||b_j.||^2 + alpha ||b_j.||_2)`,
/// one group per feature across the classes.
struct MultinomialPenalty: Sendable {
    /// The per-feature factors, mixing parameter and (ungrouped only) bounds.
    let base: ElasticNetPenalty
    /// Whether the L1 part is a group norm across classes.
    let grouped: Bool
    /// The number of classes.
    let classCount: Int

    var featureCount: Int { base.factors.count }

    /// Returns the penalty value at class-major standardized coefficients.
    ///
    /// - Complexity: O(p K).
    func value(_ b: [Double], lambda: Double) -> Double {
        let p = featureCount, alpha = base.alpha
        var s = 0.0
        for j in 0..<p where base.factors[j] > 0 {
            var squares = 0.0, absolute = 0.0
            for k in 0..<classCount {
                let c = b[k * p + j]
                squares += c * c
                absolute += abs(c)
            }
            if squares == 0 { continue }
            let l1 = grouped ? squares.squareRoot() : absolute
            s += base.factors[j] * ((1 - alpha) / 2 * squares + alpha * l1)
        }
        return lambda * s
    }

    /// Returns the minimizer over `b` (K values) of
    /// `sum_k (h_k/2 b_k^2 - u_k b_k) + l2/2 ||b||^2 + l1 ||b||_2`, written into `b`: the block
    /// coordinate-descent update of one feature, with `u_k = gradient_k + h_k b_k,old`.
    ///
    /// Zero when `||u|| <= l1`; otherwise `b_k = u_k t / ((h_k + l2) t + l1)` with `t = ||b||` the root
    /// of the decreasing convex `g(t) = sum_k u_k^2 / ((h_k + l2) t + l1)^2 - 1`, found by Newton's
    /// method from a point left of the root (monotone, quadratic convergence).
    ///
    /// - Complexity: O(K) per Newton step.
    static func groupUpdate(
        _ u: UnsafePointer<Double>, curvature h: UnsafePointer<Double>, count: Int, l1: Double, l2: Double,
        into b: UnsafeMutablePointer<Double>
    ) {
        var norm2 = 0.0, cmax = 0.0
        for k in 0..<count {
            norm2 += u[k] * u[k]
            cmax = max(cmax, h[k] + l2)
        }
        let norm = norm2.squareRoot()
        if norm <= l1 || cmax <= 0 {
            for k in 0..<count { b[k] = 0 }
            return
        }
        if l1 == 0 {
            for k in 0..<count { b[k] = h[k] + l2 > 0 ? u[k] / (h[k] + l2) : 0 }
            return
        }
        var t = (norm - l1) / cmax
        for _ in 0..<100 {
            var g = -1.0, dg = 0.0
            for k in 0..<count {
                let c = h[k] + l2
                let d = 1 / (c * t + l1)
                let q = u[k] * u[k] * d * d
                g += q
                dg -= 2 * q * c * d
            }
            if !(g > 0) || dg == 0 { break }
            let next = t - g / dg
            if !(next > t) { break }
            let done = next - t <= 1e-15 * next
            t = next
            if done { break }
        }
        for k in 0..<count { b[k] = u[k] * t / ((h[k] + l2) * t + l1) }
    }

    /// Returns how far the correlations `g` (K values, minus the loss gradient) of one feature are
    /// from the group subdifferential at `b`: `||g - l2 b - l1 b/||b|| ||` when `b != 0`, else
    /// `max(0, ||g|| - l1)`. Zero exactly at optimality.
    static func groupDistance(
        gradient g: UnsafePointer<Double>, coefficient b: UnsafePointer<Double>, count: Int, l1: Double, l2: Double
    ) -> Double {
        var nb = 0.0
        for k in 0..<count { nb += b[k] * b[k] }
        nb = nb.squareRoot()
        var s = 0.0
        if nb > 0 {
            for k in 0..<count {
                let r = g[k] - l2 * b[k] - l1 * b[k] / nb
                s += r * r
            }
            return s.squareRoot()
        }
        for k in 0..<count { s += g[k] * g[k] }
        return max(0, s.squareRoot() - l1)
    }
}
