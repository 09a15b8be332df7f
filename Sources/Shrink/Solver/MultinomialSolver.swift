#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Proximal Newton for the penalized multinomial likelihood
/// `min sum_i w_i (log sum_k exp(eta_ik) - eta_i,y_i) + penalty(B)` with
/// `eta_ik = offset_ik + b0_k + x~_i' b_k` (symmetric parameterization, one vector per class).
///
/// The quadratic model of the loss uses, per class, the diagonal block of the Hessian:
/// IRLS weights `v_ik = w_i p_ik (1 - p_ik)` (probabilities clipped to `[1e-5, 1 - 1e-5]` as glmnet;
/// the gradient uses the exact probabilities, so the solution is unchanged) and gradient residual
/// `w_i (y_ik - p_ik)`.
/// - Ungrouped: block coordinate descent over the classes (glmnet's lognet): one proximal Newton
///   step per class with the other classes held fixed, each a weighted logistic subproblem solved by
///   coordinate descent on the working set.
/// - Grouped: one joint step over all classes per outer iteration; each feature's K coefficients are
///   updated together by the exact group-lasso proximal map with per-class curvatures
///   (``MultinomialPenalty/groupUpdate(_:curvature:count:l1:l2:into:)``).
///
/// Every step is halved toward its start while the true objective does not decrease. A lambda is
/// solved when the KKT estimate (`sum violation^2 / (2 curvature)`, the predicted decrease of single
/// Newton steps) is below `tolerance / 100` of the objective and no feature outside the working set
/// violates its KKT condition.
final class MultinomialSolver<Design: GLMDesign> {
    let x: Design
    let n: Int
    let p: Int
    let classCount: Int
    let labels: [Int]
    /// Weights summing to 1.
    let w: [Double]
    /// Offsets, class-major.
    let offset: [Double]
    let penalty: MultinomialPenalty
    let eligible: [Int]
    let fitIntercept: Bool
    let maxPasses: Int
    /// The largest number of outer iterations (sweeps over the classes) per lambda.
    let maxSteps = 2000
    /// glmnet's probability clip for the IRLS weights.
    static var probabilityFloor: Double { 1e-5 }

    /// Standardized coefficients, class-major (`b[k * p + j]`).
    private(set) var b: [Double]
    /// The intercepts on the design's scale.
    private(set) var b0: [Double]
    /// `offset + b0 + X~ b`, class-major.
    private(set) var eta: [Double]
    private var prob: [Double]
    private var rowMax: [Double]
    private var rowSum: [Double]
    /// `sum_i w_i (log sum_k exp(eta_ik) - eta_i,y_i)` at the current `eta`.
    private(set) var loss = 0.0
    private var v: [Double]
    private var rho: [Double]
    private var vsum: [Double]
    /// Incremented whenever `eta` (hence `prob`) changes.
    private var version = 0
    private var vVersion: [Int]
    private var rhoVersion: [Int]
    private var stamp: [Int]
    private var curv: [Double]
    private var curvStamp: [Int]
    /// The correlations `x~_j' w (y_k - p_k)` at the last check, class-major.
    private(set) var gradient: [Double]
    private(set) var isEverActive: [Bool]
    private(set) var everActiveCount = 0
    private var inWorking: [Bool]

    init(design: Design, labels: [Int], classCount: Int, weights: [Double], offset: [Double],
         penalty: MultinomialPenalty, eligible: [Int], fitIntercept: Bool, intercepts: [Double], maxPasses: Int) {
        x = design
        n = labels.count
        p = penalty.featureCount
        self.classCount = classCount
        self.labels = labels
        w = weights
        self.offset = offset
        self.penalty = penalty
        self.eligible = eligible
        self.fitIntercept = fitIntercept
        self.maxPasses = maxPasses
        let K = classCount
        b = [Double](repeating: 0, count: K * p)
        b0 = fitIntercept ? intercepts : [Double](repeating: 0, count: K)
        eta = offset
        for k in 0..<K where b0[k] != 0 {
            for i in 0..<n { eta[k * n + i] += b0[k] }
        }
        prob = [Double](repeating: 0, count: K * n)
        v = prob
        rho = prob
        rowMax = [Double](repeating: 0, count: n)
        rowSum = rowMax
        vsum = [Double](repeating: 0, count: K)
        vVersion = [Int](repeating: -1, count: K)
        rhoVersion = vVersion
        stamp = [Int](repeating: 0, count: K)
        curv = [Double](repeating: 0, count: K * p)
        curvStamp = [Int](repeating: -1, count: K * p)
        gradient = curv
        isEverActive = [Bool](repeating: false, count: p)
        inWorking = isEverActive
        updateProbabilities()
    }

    /// The outcome of solving at one lambda.
    struct PointSolution {
        var objective: Double
        var loss: Double
        var maxViolation: Double
        var passes: Int
        var converged: Bool
    }

    /// Recomputes the probabilities and the loss at the current `eta` (max-shifted, no overflow).
    ///
    /// - Complexity: O(n K).
    private func updateProbabilities() {
        version += 1
        let K = classCount, n = self.n
        var total = 0.0
        eta.withUnsafeBufferPointer { ep in
            prob.withUnsafeMutableBufferPointer { pp in
                rowMax.withUnsafeMutableBufferPointer { mp in
                    rowSum.withUnsafeMutableBufferPointer { sp in
                        let e = ep.baseAddress!, pr = pp.baseAddress!, m = mp.baseAddress!, s = sp.baseAddress!
                        for i in 0..<n { m[i] = e[i]; s[i] = 0 }
                        for k in 1..<K {
                            let ek = e + k * n
                            for i in 0..<n { m[i] = max(m[i], ek[i]) }
                        }
                        for k in 0..<K {
                            let ek = e + k * n, pk = pr + k * n
                            for i in 0..<n {
                                let q = exp(ek[i] - m[i])
                                pk[i] = q
                                s[i] += q
                            }
                        }
                        for i in 0..<n where w[i] > 0 {
                            total += w[i] * (m[i] + log(s[i]) - e[labels[i] * n + i])
                        }
                        for i in 0..<n { s[i] = 1 / s[i] }
                        for k in 0..<K {
                            let pk = pr + k * n
                            for i in 0..<n { pk[i] *= s[i] }
                        }
                    }
                }
            }
        }
        loss = total
    }

    /// Brings the IRLS weights and the gradient residual of class `k` up to the current point.
    ///
    /// - Complexity: O(n).
    private func refreshClass(_ k: Int) {
        let base = k * n
        let floor = Self.probabilityFloor
        if vVersion[k] != version {
            var s = 0.0
            for i in 0..<n {
                let m = min(max(prob[base + i], floor), 1 - floor)
                let vi = w[i] * m * (1 - m)
                v[base + i] = vi
                s += vi
            }
            vsum[k] = s
            stamp[k] += 1
            vVersion[k] = version
        }
        if rhoVersion[k] != version {
            for i in 0..<n { rho[base + i] = w[i] * ((labels[i] == k ? 1 : 0) - prob[base + i]) }
            rhoVersion[k] = version
        }
    }

    /// `sum_i v_ik x~_ij^2` at the class's current IRLS weights, computed once per refresh.
    @inline(__always)
    private func curvature(_ j: Int, _ k: Int) -> Double {
        let slot = k * p + j
        if curvStamp[slot] != stamp[k] {
            curv[slot] = v.withUnsafeBufferPointer { x.weightedSquares(j, $0.baseAddress! + k * n) }
            curvStamp[slot] = stamp[k]
        }
        return curv[slot]
    }

    @inline(__always)
    private func dot(_ j: Int, _ k: Int) -> Double {
        rho.withUnsafeBufferPointer { x.dot(j, $0.baseAddress! + k * n) }
    }

    /// The objective at the current point.
    func objective(lambda: Double) -> Double { loss + penalty.value(b, lambda: lambda) }

    /// Whether every class's IRLS weight sum is at glmnet's floor: every probability is clipped
    /// (the classes are (quasi-)separated and the fit is saturated).
    var isSaturated: Bool {
        let floor = Self.probabilityFloor
        let minimum = (1 + floor) * floor * (1 - floor)
        for k in 0..<classCount {
            refreshClass(k)
            if vsum[k] > minimum { return false }
        }
        return true
    }

    /// Features with a non-zero coefficient in some class.
    func isNonzero(_ j: Int) -> Bool {
        for k in 0..<classCount where b[k * p + j] != 0 { return true }
        return false
    }

    /// Returns the features the sequential strong rule keeps at `lambda` coming from `previous`.
    func strongSet(lambda: Double, previous: Double) -> [Int] {
        let cut = 2 * lambda - previous
        return eligible.filter { j in
            let pf = penalty.base.factors[j]
            if pf == 0 || isEverActive[j] { return true }
            var m = 0.0
            for k in 0..<classCount {
                let g = gradient[k * p + j]
                if penalty.grouped { m += g * g } else { m = max(m, abs(g)) }
            }
            if penalty.grouped { m = m.squareRoot() }
            return m >= penalty.base.alpha * pf * cut
        }
    }

    /// Recomputes the correlations of every eligible feature at the current point.
    ///
    /// - Complexity: O(n p K).
    func refreshGradients() {
        for k in 0..<classCount { refreshClass(k) }
        for j in eligible {
            for k in 0..<classCount { gradient[k * p + j] = dot(j, k) }
        }
    }

    /// One coordinate pass over the intercepts and `set` on the quadratic model of `classes`;
    /// returns the largest `curvature * delta^2`.
    private func pass(_ classes: [Int], _ set: [Int], lambda: Double,
                      u: inout [Double], h: inout [Double], new: inout [Double]) -> Double {
        var largest = 0.0
        let n = self.n, p = self.p, K = classCount
        let grouped = penalty.grouped
        if fitIntercept {
            for k in classes where vsum[k] > 0 {
                let d = rho.withUnsafeBufferPointer { Kernels.sum($0.baseAddress! + k * n, count: n) } / vsum[k]
                if d != 0 {
                    rho.withUnsafeMutableBufferPointer { r in
                        v.withUnsafeBufferPointer { vp in
                            let rp = r.baseAddress! + k * n, vb = vp.baseAddress! + k * n
                            for i in 0..<n { rp[i] -= d * vb[i] }
                        }
                    }
                    b0[k] += d
                    largest = max(largest, vsum[k] * d * d)
                }
            }
        }
        for j in set {
            let l1 = penalty.base.l1(j, lambda), l2 = penalty.base.l2(j, lambda)
            if grouped {
                for k in 0..<K {
                    h[k] = curvature(j, k)
                    u[k] = dot(j, k) + h[k] * b[k * p + j]
                }
                u.withUnsafeBufferPointer { up in
                    h.withUnsafeBufferPointer { hp in
                        new.withUnsafeMutableBufferPointer { np in
                            MultinomialPenalty.groupUpdate(up.baseAddress!, curvature: hp.baseAddress!, count: K,
                                                           l1: l1, l2: l2, into: np.baseAddress!)
                        }
                    }
                }
                for k in 0..<K {
                    let d = new[k] - b[k * p + j]
                    if d != 0 { update(j, k, d) ; largest = max(largest, h[k] * d * d) }
                }
            } else {
                for k in classes {
                    let hk = curvature(j, k)
                    guard hk > 0 else { continue }
                    let old = b[k * p + j]
                    let value = ElasticNetPenalty.proximalUpdate(
                        dot(j, k) + hk * old, curvature: hk, l1: l1, l2: l2,
                        lower: penalty.base.lower[j], upper: penalty.base.upper[j])
                    if value != old {
                        update(j, k, value - old)
                        largest = max(largest, hk * (value - old) * (value - old))
                    }
                }
            }
        }
        return largest
    }

    /// `b_jk += d` and the model residual of class `k` follows.
    @inline(__always)
    private func update(_ j: Int, _ k: Int, _ d: Double) {
        b[k * p + j] += d
        let offset = k * n
        rho.withUnsafeMutableBufferPointer { r in
            v.withUnsafeBufferPointer { vp in
                x.weightedAxpy(-d, j, vp.baseAddress! + offset, r.baseAddress! + offset)
            }
        }
    }

    /// Coordinate descent on the quadratic model over `set`, alternating full passes with passes over
    /// its non-zero members, until a full pass moves nothing by more than `threshold`.
    private func inner(_ classes: [Int], _ set: [Int], lambda: Double, threshold: Double, budget: Int) -> Int {
        var u = [Double](repeating: 0, count: classCount), h = u, new = u
        var passes = 0
        var active: [Int] = []
        while passes < budget {
            let c = pass(classes, set, lambda: lambda, u: &u, h: &h, new: &new)
            passes += 1
            if c < threshold { break }
            active.removeAll(keepingCapacity: true)
            for j in set where isNonzero(j) { active.append(j) }
            while passes < budget {
                passes += 1
                if pass(classes, active, lambda: lambda, u: &u, h: &h, new: &new) < threshold { break }
            }
        }
        return passes
    }

    /// One proximal Newton step on `classes` over the working set, halved toward its start while the
    /// objective does not decrease; returns the new objective, the passes and whether it stalled.
    private func step(_ classes: [Int], _ set: [Int], lambda: Double, objective f: Double, threshold: Double,
                      budget: Int) -> (objective: Double, passes: Int, stalled: Bool) {
        let K = classCount, n = self.n, p = self.p
        for k in classes { refreshClass(k) }
        var start = [Double](repeating: 0, count: set.count * K)
        for (s, j) in set.enumerated() {
            for k in 0..<K { start[s * K + k] = b[k * p + j] }
        }
        let b0Start = b0
        let etaStart = eta
        let run = inner(classes, set, lambda: lambda, threshold: threshold, budget: budget)
        for k in classes { rhoVersion[k] = -1 }
        var moved = false
        eta.withUnsafeMutableBufferPointer { e in
            for k in classes {
                let ek = e.baseAddress! + k * n
                for (s, j) in set.enumerated() {
                    let d = b[k * p + j] - start[s * K + k]
                    if d != 0 { x.axpy(d, j, ek); moved = true }
                }
                let d0 = b0[k] - b0Start[k]
                if d0 != 0 { for i in 0..<n { ek[i] += d0 }; moved = true }
            }
        }
        guard moved else { return (f, run, true) }
        updateProbabilities()
        var fNew = objective(lambda: lambda)
        var halvings = 0
        while !(fNew <= f) && halvings < 40 {
            for (s, j) in set.enumerated() {
                for k in classes { b[k * p + j] = 0.5 * (b[k * p + j] + start[s * K + k]) }
            }
            for k in classes {
                b0[k] = 0.5 * (b0[k] + b0Start[k])
                for i in k * n..<(k + 1) * n { eta[i] = 0.5 * (eta[i] + etaStart[i]) }
            }
            updateProbabilities()
            fNew = objective(lambda: lambda)
            halvings += 1
        }
        if !(fNew <= f) {
            for (s, j) in set.enumerated() {
                for k in classes { b[k * p + j] = start[s * K + k] }
            }
            b0 = b0Start
            eta = etaStart
            updateProbabilities()
            return (f, run, true)
        }
        return (fNew, run, run == 1)
    }

    /// The KKT violation of feature `j` from the correlations in `gradient` and, when positive, its
    /// predicted decrease `violation^2 / (2 curvature)`.
    private func violation(_ j: Int, lambda: Double, g: inout [Double], c: inout [Double]) -> (Double, Double) {
        let K = classCount, p = self.p
        let l1 = penalty.base.l1(j, lambda), l2 = penalty.base.l2(j, lambda)
        if penalty.grouped {
            for k in 0..<K {
                g[k] = gradient[k * p + j]
                c[k] = b[k * p + j]
            }
            let d = g.withUnsafeBufferPointer { gp in
                c.withUnsafeBufferPointer { cp in
                    MultinomialPenalty.groupDistance(gradient: gp.baseAddress!, coefficient: cp.baseAddress!,
                                                     count: K, l1: l1, l2: l2)
                }
            }
            guard d > 0 else { return (0, 0) }
            var h = 0.0
            for k in 0..<K { h = max(h, curvature(j, k)) }
            h += l2
            return (d, h > 0 ? d * d / (2 * h) : 0)
        }
        var largest = 0.0, estimate = 0.0
        for k in 0..<K {
            let d = ElasticNetPenalty.subgradientDistance(
                gradient: gradient[k * p + j], coefficient: b[k * p + j], l1: l1, l2: l2,
                lower: penalty.base.lower[j], upper: penalty.base.upper[j])
            if d > 0 {
                largest = max(largest, d)
                let h = curvature(j, k) + l2
                if h > 0 { estimate += d * d / (2 * h) }
            }
        }
        return (largest, estimate)
    }

    /// Solves at `lambda` from the current point, starting with `initialSet` as the working set.
    ///
    /// - Parameter checkAll: whether to check the KKT conditions of features outside the working set.
    func solve(lambda: Double, initialSet: [Int], tolerance: Double, checkAll: Bool = true) -> PointSolution {
        let K = classCount, p = self.p
        var working: [Int] = []
        for j in initialSet where !inWorking[j] { inWorking[j] = true; working.append(j) }
        for j in eligible where isNonzero(j) && !inWorking[j] { inWorking[j] = true; working.append(j) }
        defer { for j in working { inWorking[j] = false } }
        var f = objective(lambda: lambda)
        let scale = max(f, 1e-300)
        var threshold = tolerance * 0.1 * scale
        let target = tolerance * 1e-2 * scale
        let blocks: [[Int]] = penalty.grouped ? [Array(0..<K)] : (0..<K).map { [$0] }
        var passes = 0, steps = 0
        var converged = false
        var check = (max: 0.0, estimate: 0.0)
        var g = [Double](repeating: 0, count: K), c = g
        // The inner threshold follows the outer progress: a block's quadratic model is solved only as
        // accurately as the last KKT estimate warrants (one pass per block on the first sweep).
        var lastEstimate = Double.infinity
        while true {
            var stalled = true
            let inner = max(threshold, 0.1 * lastEstimate / Double(blocks.count))
            for block in blocks {
                let r = step(block, working, lambda: lambda, objective: f, threshold: inner,
                             budget: max(1, maxPasses - passes))
                passes += r.passes
                f = r.objective
                if !r.stalled { stalled = false }
            }
            steps += 1
            // KKT on the working set (and the intercepts) at the new point.
            check = (0, 0)
            for k in 0..<K { refreshClass(k) }
            if fitIntercept {
                for k in 0..<K where vsum[k] > 0 {
                    let s = rho.withUnsafeBufferPointer { Kernels.sum($0.baseAddress! + k * n, count: n) }
                    check.max = max(check.max, abs(s))
                    check.estimate += s * s / (2 * vsum[k])
                }
            }
            for j in working {
                for k in 0..<K { gradient[k * p + j] = dot(j, k) }
                let (d, e) = violation(j, lambda: lambda, g: &g, c: &c)
                check.max = max(check.max, d)
                check.estimate += e
            }
            let exhausted = passes >= maxPasses || steps >= maxSteps
            if check.estimate <= target || exhausted {
                if checkAll {
                    var added = false
                    for j in eligible where !inWorking[j] {
                        for k in 0..<K { gradient[k * p + j] = dot(j, k) }
                        let (d, e) = violation(j, lambda: lambda, g: &g, c: &c)
                        if d > 0 {
                            check.max = max(check.max, d)
                            check.estimate += e
                            inWorking[j] = true
                            working.append(j)
                            added = true
                        }
                    }
                    if added && !exhausted { continue }
                }
                converged = !exhausted && check.estimate <= target
                break
            }
            lastEstimate = check.estimate
            if stalled && inner <= threshold {
                if threshold < 1e-30 * scale { break }
                threshold *= 0.01
            }
        }
        for j in working where isNonzero(j) && !isEverActive[j] {
            isEverActive[j] = true
            everActiveCount += 1
        }
        return PointSolution(objective: objective(lambda: lambda), loss: loss, maxViolation: check.max,
                             passes: passes, converged: converged)
    }
}
