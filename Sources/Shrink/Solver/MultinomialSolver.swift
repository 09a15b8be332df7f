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
///   coordinate descent on the working set (a light loop: the subproblems need only a pass or two
///   each, far less than the least-squares ``CoordinateDescent`` spends on certifying one). Only the
///   stepped class's exponentials are recomputed after a step. The sweeps converge linearly (the
///   classes are coupled through the softmax), so every few sweeps are Anderson-extrapolated.
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
    /// The largest `eta_ik - rowMax_i` a class update accepts before every row is re-shifted.
    private static var shiftLimit: Double { 64 }

    /// The last two solutions, for ``predict(lambda:)``.
    private var path: PathExtrapolation
    /// Standardized coefficients, class-major (`b[k * p + j]`).
    private(set) var b: [Double]
    /// The intercepts on the design's scale.
    private(set) var b0: [Double]
    /// `offset + b0 + X~ b`, class-major.
    private(set) var eta: [Double]
    /// `exp(eta_ik - rowMax_i)`, class-major.
    private var expEta: [Double]
    /// The row shifts: each row's largest `eta` at the last full refresh.
    private var rowMax: [Double]
    /// `1 / sum_k expEta_ik`.
    private var inverseSum: [Double]
    /// `sum_i w_i (log sum_k exp(eta_ik) - eta_i,y_i)` at the current `eta`.
    private(set) var loss = 0.0
    private var v: [Double]
    private var rho: [Double]
    private var vsum: [Double]
    /// Incremented whenever `eta` (hence the probabilities) changes.
    private var version = 0
    private var vVersion: [Int]
    private var rhoVersion: [Int]
    private var stamp: [Int]
    /// Curvatures `sum_i v_ik x~_ij^2` at the class's current IRLS weights (grouped steps).
    private let curv: FeatureBuffer<Double>
    private let curvStamp: FeatureBuffer<Int>
    /// Curvatures for the KKT estimate: computed at most once per lambda, or set by a class step.
    private let estimateCurv: FeatureBuffer<Double>
    private let estimateEpoch: FeatureBuffer<Int>
    /// Incremented per ``solve(lambda:initialSet:tolerance:checkAll:)``.
    private var epoch = 0
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
        path = PathExtrapolation(blocks: K, width: p)
        eta = offset
        for k in 0..<K where b0[k] != 0 {
            for i in 0..<n { eta[k * n + i] += b0[k] }
        }
        expEta = [Double](repeating: 0, count: K * n)
        v = expEta
        rho = expEta
        rowMax = [Double](repeating: 0, count: n)
        inverseSum = rowMax
        vsum = [Double](repeating: 0, count: K)
        vVersion = [Int](repeating: -1, count: K)
        rhoVersion = vVersion
        stamp = [Int](repeating: 0, count: K)
        // Per (class, feature) state touched at every coordinate step: unsafe buffers, which the
        // compiler subscripts without the dynamic exclusivity checks of a class's array properties.
        curv = FeatureBuffer(repeating: 0, count: K * p)
        curvStamp = FeatureBuffer(repeating: -1, count: K * p)
        estimateCurv = FeatureBuffer(repeating: 0, count: K * p)
        estimateEpoch = FeatureBuffer(repeating: -1, count: K * p)
        gradient = [Double](repeating: 0, count: K * p)
        isEverActive = [Bool](repeating: false, count: p)
        inWorking = isEverActive
        updateProbabilities()
    }

    deinit {
        curv.deallocate()
        curvStamp.deallocate()
        estimateCurv.deallocate()
        estimateEpoch.deallocate()
    }

    /// The outcome of solving at one lambda.
    struct PointSolution {
        var objective: Double
        var loss: Double
        var maxViolation: Double
        var passes: Int
        var converged: Bool
    }

    /// Recomputes the row shifts, the exponentials and the loss at the current `eta` (max-shifted,
    /// no overflow).
    ///
    /// - Complexity: O(n K) exponentials.
    private func updateProbabilities() {
        version += 1
        let K = classCount, n = self.n
        eta.withUnsafeBufferPointer { ep in
            expEta.withUnsafeMutableBufferPointer { xp in
                rowMax.withUnsafeMutableBufferPointer { mp in
                    let e = ep.baseAddress!, q = xp.baseAddress!, m = mp.baseAddress!
                    for i in 0..<n { m[i] = e[i] }
                    for k in 1..<K {
                        let ek = e + k * n
                        for i in 0..<n { m[i] = max(m[i], ek[i]) }
                    }
                    for k in 0..<K {
                        let ek = e + k * n, qk = q + k * n
                        for i in 0..<n { qk[i] = exp(ek[i] - m[i]) }
                    }
                }
            }
        }
        _ = updateSums()
    }

    /// Recomputes `eta`'s exponentials for class `k` alone (the other classes did not change), with
    /// the row shifts kept unless a row would overflow or underflow.
    ///
    /// - Complexity: O(n) exponentials and O(n K) additions.
    private func updateClassProbabilities(_ k: Int) {
        version += 1
        let n = self.n, limit = Self.shiftLimit
        var shifted = true
        eta.withUnsafeBufferPointer { ep in
            expEta.withUnsafeMutableBufferPointer { xp in
                rowMax.withUnsafeBufferPointer { mp in
                    let e = ep.baseAddress! + k * n, q = xp.baseAddress! + k * n, m = mp.baseAddress!
                    for i in 0..<n {
                        let t = e[i] - m[i]
                        if t > limit { shifted = false; break }
                        q[i] = exp(t)
                    }
                }
            }
        }
        if !shifted || !updateSums() { updateProbabilities() }
    }

    /// Recomputes `1 / sum_k expEta_ik` and the loss from the exponentials; returns false when a row
    /// sum left the safe range (the caller re-shifts).
    ///
    /// - Complexity: O(n K).
    @discardableResult
    private func updateSums() -> Bool {
        let K = classCount, n = self.n
        var total = 0.0
        var safe = true
        eta.withUnsafeBufferPointer { ep in
            expEta.withUnsafeBufferPointer { xp in
                rowMax.withUnsafeBufferPointer { mp in
                    inverseSum.withUnsafeMutableBufferPointer { sp in
                        let e = ep.baseAddress!, q = xp.baseAddress!, m = mp.baseAddress!, s = sp.baseAddress!
                        for i in 0..<n { s[i] = q[i] }
                        for k in 1..<K {
                            let qk = q + k * n
                            for i in 0..<n { s[i] += qk[i] }
                        }
                        for i in 0..<n {
                            let sum = s[i]
                            if !(sum > 1e-200) { safe = false }
                            if w[i] > 0 { total += w[i] * (m[i] + log(sum) - e[labels[i] * n + i]) }
                            s[i] = 1 / sum
                        }
                    }
                }
            }
        }
        loss = total
        return safe
    }

    /// Brings the IRLS weights and the gradient residual of class `k` up to the current point.
    ///
    /// - Complexity: O(n).
    private func refreshClass(_ k: Int) {
        let n = self.n, base = k * n
        let floor = Self.probabilityFloor
        // Element loops through buffer pointers: subscripting the class's arrays would check their
        // uniqueness (and exclusivity) at every element.
        expEta.withUnsafeBufferPointer { e in
            inverseSum.withUnsafeBufferPointer { inverse in
                w.withUnsafeBufferPointer { wp in
                    if vVersion[k] != version {
                        var s = 0.0
                        v.withUnsafeMutableBufferPointer { vp in
                            for i in 0..<n {
                                let m = min(max(e[base + i] * inverse[i], floor), 1 - floor)
                                let vi = wp[i] * m * (1 - m)
                                vp[base + i] = vi
                                s += vi
                            }
                        }
                        vsum[k] = s
                        stamp[k] += 1
                        vVersion[k] = version
                    }
                    if rhoVersion[k] != version {
                        rho.withUnsafeMutableBufferPointer { r in
                            labels.withUnsafeBufferPointer { y in
                                for i in 0..<n {
                                    r[base + i] = wp[i] * ((y[i] == k ? 1 : 0) - e[base + i] * inverse[i])
                                }
                            }
                        }
                        rhoVersion[k] = version
                    }
                }
            }
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

    /// ``dot(_:_:)`` and ``curvature(_:_:)``, the curvature (when not yet computed at the class's
    /// weights) in the gradient's pass over the column; the gradient is 0 for a zero curvature.
    @inline(__always)
    private func gradientAndCurvature(_ j: Int, _ k: Int) -> (gradient: Double, curvature: Double) {
        let slot = k * p + j
        if curvStamp[slot] == stamp[k] { return (curv[slot] > 0 ? dot(j, k) : 0, curv[slot]) }
        let (g, h) = rho.withUnsafeBufferPointer { r in
            v.withUnsafeBufferPointer { x.dotAndWeightedSquares(j, r.baseAddress! + k * n, $0.baseAddress! + k * n) }
        }
        curv[slot] = h
        curvStamp[slot] = stamp[k]
        return (g, h)
    }

    /// The curvature the KKT estimate divides by: the last class step's (centered) curvature from this
    /// lambda, else ``curvature(_:_:)`` at the current weights.
    @inline(__always)
    private func estimateCurvature(_ j: Int, _ k: Int) -> Double {
        let slot = k * p + j
        if estimateEpoch[slot] != epoch {
            estimateCurv[slot] = curvature(j, k)
            estimateEpoch[slot] = epoch
        }
        return estimateCurv[slot]
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

    /// One coordinate pass over class `k`'s intercept and `set` on the class's quadratic model;
    /// returns the largest `curvature * delta^2`.
    ///
    /// - Complexity: O(n |set|) dense, O(nnz of the set's columns) sparse.
    private func classPass(_ k: Int, _ set: [Int], lambda: Double) -> Double {
        var largest = 0.0
        let n = self.n, p = self.p
        if fitIntercept && vsum[k] > 0 {
            let d = rho.withUnsafeBufferPointer { Kernels.sum($0.baseAddress! + k * n, count: n) } / vsum[k]
            if d != 0 {
                rho.withUnsafeMutableBufferPointer { r in
                    v.withUnsafeBufferPointer { vp in
                        let rp = r.baseAddress! + k * n, vb = vp.baseAddress! + k * n
                        for i in 0..<n { rp[i] -= d * vb[i] }
                    }
                }
                b0[k] += d
                largest = vsum[k] * d * d
            }
        }
        for j in set {
            let slot = k * p + j
            let (g, hk) = gradientAndCurvature(j, k)
            guard hk > 0 else { continue }
            estimateCurv[slot] = hk
            estimateEpoch[slot] = epoch
            let old = b[slot]
            let value = ElasticNetPenalty.proximalUpdate(
                g + hk * old, curvature: hk, l1: penalty.base.l1(j, lambda), l2: penalty.base.l2(j, lambda),
                lower: penalty.base.lower[j], upper: penalty.base.upper[j])
            if value != old {
                let d = value - old
                b[slot] = value
                rho.withUnsafeMutableBufferPointer { r in
                    v.withUnsafeBufferPointer { vp in
                        x.weightedAxpy(-d, j, vp.baseAddress! + k * n, r.baseAddress! + k * n)
                    }
                }
                largest = max(largest, hk * d * d)
            }
        }
        return largest
    }

    /// One proximal Newton step on class `k` with the other classes fixed: coordinate descent on the
    /// class's quadratic model over `set` and its intercept, alternating full passes with passes over
    /// the non-zero coefficients until a full pass moves nothing by more than `threshold`; then halved
    /// toward its start while the true objective does not decrease.
    ///
    /// - Returns: the new objective, the coordinate passes, and whether the step left the point unchanged.
    private func classStep(_ k: Int, _ set: [Int], lambda: Double, objective f: Double, threshold: Double,
                           budget: Int) -> (objective: Double, passes: Int, stalled: Bool) {
        refreshClass(k)
        let n = self.n, p = self.p, base = k * n
        var start = [Double](repeating: 0, count: set.count)
        for (s, j) in set.enumerated() { start[s] = b[k * p + j] }
        let b0Start = b0[k]
        var passes = 0
        var active: [Int] = []
        while passes < budget {
            let c = classPass(k, set, lambda: lambda)
            passes += 1
            if c < threshold { break }
            active.removeAll(keepingCapacity: true)
            for j in set where b[k * p + j] != 0 { active.append(j) }
            while passes < budget {
                passes += 1
                if classPass(k, active, lambda: lambda) < threshold { break }
            }
        }
        rhoVersion[k] = -1
        var changed: [Int] = []
        for (s, j) in set.enumerated() where b[k * p + j] != start[s] { changed.append(s) }
        let d0 = b0[k] - b0Start
        guard !changed.isEmpty || d0 != 0 else { return (f, passes, true) }
        let etaStart = Array(eta[base..<base + n])
        eta.withUnsafeMutableBufferPointer { e in
            let ek = e.baseAddress! + base
            for s in changed { x.axpy(b[k * p + set[s]] - start[s], set[s], ek) }
            if d0 != 0 { for i in 0..<n { ek[i] += d0 } }
        }
        updateClassProbabilities(k)
        var fNew = objective(lambda: lambda)
        var halvings = 0
        while !(fNew <= f) && halvings < 40 {
            for s in changed { b[k * p + set[s]] = 0.5 * (b[k * p + set[s]] + start[s]) }
            b0[k] = 0.5 * (b0[k] + b0Start)
            for i in 0..<n { eta[base + i] = 0.5 * (eta[base + i] + etaStart[i]) }
            updateClassProbabilities(k)
            fNew = objective(lambda: lambda)
            halvings += 1
        }
        if !(fNew <= f) {
            for s in changed { b[k * p + set[s]] = start[s] }
            b0[k] = b0Start
            for i in 0..<n { eta[base + i] = etaStart[i] }
            updateClassProbabilities(k)
            return (f, passes, true)
        }
        return (fNew, passes, passes == 1)
    }

    /// One coordinate pass of the grouped update over the intercepts and `set`; returns the largest
    /// `curvature * delta^2`.
    private func groupedPass(_ set: [Int], lambda: Double,
                             u: inout [Double], h: inout [Double], new: inout [Double]) -> Double {
        var largest = 0.0
        let n = self.n, p = self.p, K = classCount
        if fitIntercept {
            for k in 0..<K where vsum[k] > 0 {
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
                if d != 0 {
                    b[k * p + j] += d
                    rho.withUnsafeMutableBufferPointer { r in
                        v.withUnsafeBufferPointer { vp in
                            x.weightedAxpy(-d, j, vp.baseAddress! + k * n, r.baseAddress! + k * n)
                        }
                    }
                    largest = max(largest, h[k] * d * d)
                }
            }
        }
        return largest
    }

    /// One proximal Newton step of the grouped penalty on all classes over `set`: coordinate descent
    /// on the quadratic model, alternating full passes with passes over the non-zero features, until a
    /// full pass moves nothing by more than `threshold`; then halved toward its start while the
    /// objective does not decrease.
    private func groupedStep(_ set: [Int], lambda: Double, objective f: Double, threshold: Double,
                             budget: Int) -> (objective: Double, passes: Int, stalled: Bool) {
        let K = classCount, n = self.n, p = self.p
        for k in 0..<K { refreshClass(k) }
        var start = [Double](repeating: 0, count: set.count * K)
        for (s, j) in set.enumerated() {
            for k in 0..<K { start[s * K + k] = b[k * p + j] }
        }
        let b0Start = b0
        let etaStart = eta
        var u = [Double](repeating: 0, count: K), h = u, new = u
        var run = 0
        var active: [Int] = []
        while run < budget {
            let c = groupedPass(set, lambda: lambda, u: &u, h: &h, new: &new)
            run += 1
            if c < threshold { break }
            active.removeAll(keepingCapacity: true)
            for j in set where isNonzero(j) { active.append(j) }
            while run < budget {
                run += 1
                if groupedPass(active, lambda: lambda, u: &u, h: &h, new: &new) < threshold { break }
            }
        }
        for k in 0..<K { rhoVersion[k] = -1 }
        var moved = false
        eta.withUnsafeMutableBufferPointer { e in
            for k in 0..<K {
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
                for k in 0..<K { b[k * p + j] = 0.5 * (b[k * p + j] + start[s * K + k]) }
            }
            for k in 0..<K { b0[k] = 0.5 * (b0[k] + b0Start[k]) }
            for i in eta.indices { eta[i] = 0.5 * (eta[i] + etaStart[i]) }
            updateProbabilities()
            fNew = objective(lambda: lambda)
            halvings += 1
        }
        if !(fNew <= f) {
            for (s, j) in set.enumerated() {
                for k in 0..<K { b[k * p + j] = start[s * K + k] }
            }
            b0 = b0Start
            eta = etaStart
            updateProbabilities()
            return (f, run, true)
        }
        return (fNew, run, run == 1)
    }

    /// The working set's coefficients of every class, then the intercepts.
    private func snapshot(_ set: [Int]) -> [Double] {
        var out: [Double] = []
        out.reserveCapacity(set.count * classCount + classCount)
        for k in 0..<classCount {
            for j in set { out.append(b[k * p + j]) }
        }
        out.append(contentsOf: b0)
        return out
    }

    /// Moves the non-zero coefficients and the intercepts to the extrapolated `point` (laid out as
    /// ``snapshot(_:)``) if that lowers the objective `f`; returns the objective at the point kept.
    ///
    /// - Complexity: O(n) per moved coefficient and O(n K) exponentials, twice if rejected.
    private func extrapolate(_ set: [Int], to point: [Double], lambda: Double, objective f: Double) -> Double {
        let K = classCount, p = self.p, n = self.n, m = set.count
        let old = snapshot(set)
        let etaStart = eta
        var target = point
        // Only the current non-zero coefficients move (a zero stays zero, as in celer's extrapolation).
        for k in 0..<K {
            for (s, j) in set.enumerated() {
                let t = min(max(target[k * m + s], penalty.base.lower[j]), penalty.base.upper[j])
                target[k * m + s] = old[k * m + s] == 0 ? 0 : t
            }
        }
        func move(to values: [Double]) {
            eta.withUnsafeMutableBufferPointer { e in
                for k in 0..<K {
                    let ek = e.baseAddress! + k * n
                    for (s, j) in set.enumerated() {
                        let d = values[k * m + s] - b[k * p + j]
                        if d != 0 { x.axpy(d, j, ek); b[k * p + j] = values[k * m + s] }
                    }
                    let d0 = values[K * m + k] - b0[k]
                    if d0 != 0 { for i in 0..<n { ek[i] += d0 }; b0[k] = values[K * m + k] }
                }
            }
        }
        move(to: target)
        updateProbabilities()
        let fNew = objective(lambda: lambda)
        if fNew < f { return fNew }
        for k in 0..<K {
            for (s, j) in set.enumerated() { b[k * p + j] = old[k * m + s] }
            b0[k] = old[K * m + k]
        }
        eta = etaStart
        updateProbabilities()
        return objective(lambda: lambda)
    }

    /// Moves the current point (the solution at the last lambda) toward the solution at `lambda`, the
    /// linear extrapolation of the last two solutions (``PathExtrapolation``), when that lowers the
    /// objective at `lambda` (``extrapolate(_:to:lambda:objective:)``). Ungrouped penalty only: with
    /// the grouped one, solves from such points failed to converge (wine, grouped, at 6003 passes).
    /// Call it after ``strongSet(lambda:previous:)``.
    ///
    /// - Returns: whether the point moved.
    /// - Complexity: that of ``extrapolate(_:to:lambda:objective:)`` over the non-zero features.
    @discardableResult
    func predict(lambda: Double) -> Bool {
        guard !penalty.grouped, let target = path.target(lambda: lambda, b: b) else { return false }
        let f = objective(lambda: lambda)
        return extrapolate(target.support, to: target.values + target.intercepts, lambda: lambda, objective: f) < f
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
                let h = estimateCurvature(j, k) + l2
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
        epoch += 1
        var working: [Int] = []
        for j in initialSet where !inWorking[j] { inWorking[j] = true; working.append(j) }
        for j in eligible where isNonzero(j) && !inWorking[j] { inWorking[j] = true; working.append(j) }
        defer { for j in working { inWorking[j] = false } }
        var f = objective(lambda: lambda)
        let scale = max(f, 1e-300)
        let target = tolerance * 1e-2 * scale
        // Grouped: the absolute pass threshold follows the last KKT estimate.
        var threshold = tolerance * 0.1 * scale
        var lastEstimate = Double.infinity
        var passes = 0, steps = 0
        var converged = false
        var check = (max: 0.0, estimate: 0.0)
        var g = [Double](repeating: 0, count: K), c = g
        var anderson = AndersonAcceleration(depth: 3)
        var andersonSize = -1
        while true {
            var stalled = true
            let groupedThreshold = max(threshold, 0.1 * lastEstimate)
            let classThreshold = max(threshold, 0.1 * lastEstimate / Double(K))
            if penalty.grouped {
                let r = groupedStep(working, lambda: lambda, objective: f, threshold: groupedThreshold,
                                    budget: max(1, maxPasses - passes))
                passes += r.passes
                f = r.objective
                stalled = r.stalled
            } else {
                for k in 0..<K {
                    let r = classStep(k, working, lambda: lambda, objective: f, threshold: classThreshold,
                                      budget: max(1, maxPasses - passes))
                    passes += r.passes
                    f = r.objective
                    if !r.stalled { stalled = false }
                }
            }
            // The sweeps over the classes converge linearly (the classes are coupled through the
            // softmax): Anderson extrapolation of every few sweeps, kept only if it lowers the objective.
            if !penalty.grouped {
                if working.count != andersonSize { anderson.reset(); andersonSize = working.count }
                if let point = anderson.record(snapshot(working)) {
                    f = extrapolate(working, to: point, lambda: lambda, objective: f)
                }
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
            if penalty.grouped {
                lastEstimate = check.estimate
                if stalled && groupedThreshold <= threshold {
                    if threshold < 1e-30 * scale { break }
                    threshold *= 0.01
                }
            } else {
                lastEstimate = check.estimate
                if stalled && classThreshold <= threshold {
                    if threshold < 1e-30 * scale { break }
                    threshold *= 0.01
                }
            }
        }
        for j in working where isNonzero(j) && !isEverActive[j] {
            isEverActive[j] = true
            everActiveCount += 1
        }
        if !penalty.grouped { path.record(lambda: lambda, b: b, support: working.filter(isNonzero), intercepts: b0) }
        return PointSolution(objective: objective(lambda: lambda), loss: loss, maxViolation: check.max,
                             passes: passes, converged: converged)
    }
}

