/// The certificate that a solution is optimal to within a tolerance.
struct OptimalityCertificate: Sendable {
    /// The primal objective on the standardized scale: `rss/2 + penalty`.
    var objective: Double
    /// The residual sum of squares `||y~ - Z~ b||^2` (weights summing to 1).
    var rss: Double
    /// The relative duality gap `(P - D) / P`, or `nil` when no finite dual point is available
    /// (unpenalized features); then ``kktEstimate`` decides.
    var relativeGap: Double?
    /// The largest distance of a gradient from its subdifferential (standardized scale).
    var maxViolation: Double
    /// `sum_j v_j^2 / (2 xv_j) / P`: the predicted relative decrease of single coordinate steps.
    var kktEstimate: Double
    /// The smallest objective, relative to the null objective `||y~||^2 / 2`, below which rounding
    /// dominates: a certificate relative to a smaller objective cannot be reached in double precision.
    static let attainableFloor = 1e-13

    /// Whether the certificate meets `tolerance`, given the null objective `nullObjective`.
    ///
    /// - Parameter byGap: whether the duality gap decides when it is available; otherwise (and
    ///   when it is not) the KKT estimate must be below `tolerance / 100`.
    func meets(_ tolerance: Double, nullObjective: Double, byGap: Bool = true) -> Bool {
        let floor = Self.attainableFloor * nullObjective
        if byGap, let gap = relativeGap { return gap * objective <= max(tolerance * objective, floor) }
        return kktEstimate * objective <= max(tolerance * 1e-2 * objective, floor)
    }
}

/// Pathwise coordinate descent for the penalized least-squares problem
/// `min_b 1/2 ||y~ - Z~ b||^2 + penalty(b)` with strong-rule working sets and KKT checks.
///
/// Generic over the residual representation so dense, sparse and covariance updates share one
/// algorithm; the compiler specializes it for each.
struct CoordinateDescent<Model: ResidualModel> {
    let model: Model
    let penalty: ElasticNetPenalty
    /// `sum_i z~_ij^2` per feature.
    let curvatures: [Double]
    /// `||z~_j|| = sqrt(curvature_j)`, for the screening bound of ``uncertainOutside(lambda:workingCount:)``.
    private let columnNorms: [Double]
    /// Features that can enter: varying and not excluded.
    let eligible: [Int]
    /// `||y~||^2`, the null residual sum of squares.
    let responseSquares: Double
    let maxPasses: Int
    /// Whether the model's cross products are computed afresh for this solver alone (an IRLS step),
    /// so a Newton step costs about |support| / 2 passes rather than a Cholesky on cached products.
    let freshCrossProducts: Bool
    /// Whether a solution is certified by the duality gap (least squares) or by the KKT estimate
    /// alone (an IRLS step, whose outer loop certifies by the KKT estimate of the true objective).
    let certifiesByGap: Bool
    /// Whether a solve from every eligible feature ends once a full pass changes no coefficient by
    /// more than its threshold, without the gradients of a certificate (glmnet's inner loop stops
    /// so): for the residual form of an IRLS step, where those gradients cost a pass over the
    /// working set's data and the outer loop checks the KKT conditions of the true objective
    /// anyway. (Sparse logistic, 20,000 x 50,000 at tolerance 1e-4: the certificates read 12 million
    /// of the 185 million column entries the path's products read.) The solution then carries no
    /// certificate.
    let stopsOnChange: Bool

    /// The current standardized coefficients.
    private(set) var b: [Double]
    /// The gradient `Z~'r~` of every eligible feature at the last certificate.
    private(set) var gradient: [Double]
    /// Features that have ever been non-zero (eligible ones, including those of `start`).
    private(set) var everActive: [Int] = []
    private var isEverActive: [Bool]
    private var inWorkingSet: [Bool]
    private var supportGram: SupportGram
    /// The factor of the last Newton step's system, updated as the support changes.
    private(set) var factor: SupportCholesky
    /// Gradients at the reference residual (see ``uncertainOutside(lambda:workingCount:)``).
    private var referenceGradient: [Double]
    /// Whether ``gradient`` holds every eligible feature's gradient at some point and
    /// ``referenceGradient`` with the model's reference residual are set (see `deferGradients`).
    private var hasReference: Bool
    /// How many coordinate updates so far entered or left the support (zero to non-zero or back).
    private var supportFlips = 0
    /// The penalty (at `lambda = 1`) of the non-zero starting coefficients of ineligible features,
    /// which never move.
    private let fixedPenalty: Double
    /// Whether ``solve(lambda:initialSet:tolerance:)`` keeps the last two solutions for
    /// ``predict(lambda:)`` (a path driver's solver, not an IRLS step's).
    var tracksPath = false
    /// The last two solutions, for ``predict(lambda:)``.
    private var path: PathExtrapolation

    /// Creates the solver at coefficients `start` (zero by default); `model`'s residual must be the
    /// residual at `start`. `gradients`, when the caller has them, holds `model`'s gradient of every
    /// eligible feature (by feature index), which the solver would otherwise compute; with
    /// `deferGradients` it computes them only when first needed (a strong set, a KKT check outside the
    /// working set), which a caller whose solves start from every eligible feature (an IRLS step)
    /// never does. ``gradient`` is read only after a solve then. `factor`, when
    /// given, is a factor of the support's system over `model`'s cross products to start the Newton
    /// steps from (a caller whose products did not change between solvers).
    init(model: Model, penalty: ElasticNetPenalty, curvatures: [Double], eligible: [Int],
         responseSquares: Double, maxPasses: Int, start: [Double]? = nil, gradients: [Double]? = nil,
         deferGradients: Bool = false, freshCrossProducts: Bool = false, certifiesByGap: Bool = true,
         stopsOnChange: Bool = false,
         factor: consuming SupportCholesky = SupportCholesky()) {
        self.model = model
        // Taken, not copied: the factor's first update would otherwise copy its storage.
        self.factor = consume factor
        self.freshCrossProducts = freshCrossProducts
        self.certifiesByGap = certifiesByGap
        self.stopsOnChange = stopsOnChange
        self.penalty = penalty
        self.curvatures = curvatures
        columnNorms = curvatures.map { $0.squareRoot() }
        self.eligible = eligible
        self.responseSquares = responseSquares
        self.maxPasses = maxPasses
        let p = curvatures.count
        b = start ?? [Double](repeating: 0, count: p)
        isEverActive = [Bool](repeating: false, count: p)
        for j in eligible where b[j] != 0 {
            isEverActive[j] = true
            everActive.append(j)
        }
        var ineligible = [Bool](repeating: true, count: p)
        for j in eligible { ineligible[j] = false }
        fixedPenalty = penalty.value(b, lambda: 1, over: b.indices.filter { ineligible[$0] })
        inWorkingSet = [Bool](repeating: false, count: p)
        supportGram = SupportGram(featureCount: p)
        path = PathExtrapolation(width: p)
        if let gradients {
            gradient = gradients
        } else {
            gradient = [Double](repeating: 0, count: p)
            if !deferGradients { model.gradients(eligible, into: &gradient) }
        }
        referenceGradient = gradient
        hasReference = gradients != nil || !deferGradients
        if hasReference { model.setReference() }
    }

    /// The outcome of solving at one lambda.
    struct PointSolution {
        /// The certificate, or `nil` when the solve stopped on the change criterion (``stopsOnChange``).
        var certificate: OptimalityCertificate?
        var passes: Int
        var converged: Bool
    }

    /// Recomputes the gradient of every eligible feature and makes the residual the new reference.
    ///
    /// - Complexity: O(n p) (O(p) with covariance updates).
    mutating func refreshGradients() {
        model.gradients(eligible, into: &gradient)
        referenceGradient = gradient
        model.setReference()
        hasReference = true
    }

    /// Returns the features the sequential strong rule keeps at `lambda` coming from `previous`.
    mutating func strongSet(lambda: Double, previous: Double) -> [Int] {
        if !hasReference { refreshGradients() }
        let cut = 2 * lambda - previous, alpha = penalty.alpha
        var set: [Int] = []
        penalty.factors.withUnsafeBufferPointer { pf in
            gradient.withUnsafeBufferPointer { g in
                isEverActive.withUnsafeBufferPointer { active in
                    for j in eligible where pf[j] == 0 || active[j] || abs(g[j]) >= alpha * pf[j] * cut {
                        set.append(j)
                    }
                }
            }
        }
        return set
    }

    /// Solves at `lambda` starting from the current coefficients, cycling on `initialSet` and
    /// adding any feature that violates its KKT condition, until the certificate meets `tolerance`.
    mutating func solve(lambda: Double, initialSet: [Int], tolerance: Double) -> PointSolution {
        // The working set holds every non-zero eligible coefficient (those of earlier points are
        // ever active), so penalties and certificates sum over it alone.
        var working: [Int] = []
        for j in initialSet + everActive where !inWorkingSet[j] {
            inWorkingSet[j] = true
            working.append(j)
        }
        var passes = 0
        // Coordinate changes are measured in objective decrease: a tenth of the target.
        var threshold = tolerance * (certifiesByGap ? 0.1 : 1e-3)
            * max(objectiveEstimate(lambda: lambda, over: working), 1e-300)
        var certificate: OptimalityCertificate? = nil
        var converged = false
        let nullObjective = responseSquares / 2
        outer: while true {
            // Solve the working-set problem to the tolerance, certified on the working set alone.
            while true {
                // Coordinate descent gets a budget of about one Newton step's cost; if it has not
                // converged by then, the Newton step below takes over.
                let patience = newtonPatience(working)
                let budget = patience <= newtonLimit ? min(maxPasses - passes, patience) : maxPasses - passes
                let run = cycle(working, lambda: lambda, threshold: threshold, budget: budget)
                passes += run.passes
                if stopsOnChange && run.settled && working.count == eligible.count {
                    certificate = nil  // an earlier one describes an earlier point
                    converged = true
                    break outer
                }
                model.gradients(working, into: &gradient)
                let current = certify(lambda: lambda, over: working)
                certificate = current
                if current.meets(tolerance, nullObjective: nullObjective, byGap: certifiesByGap) || passes >= maxPasses { break }
                // A Newton step costs about as much as |support| passes: take it once coordinate
                // descent has shown itself slow on this problem.
                // Without cached cross products the step is worth it only once the budget ran out.
                // With them it is cheap, but with residual updates (not covariance) it waits while
                // the last full pass still moved features in or out of the support: a step that
                // holds the support and signs fixed is premature then, and at loose tolerances
                // (few passes per cycle) such steps were taken up to five times as often
                // (callgrind, FHT 100 x 1000 rho 0.95 at tolerance 1e-4: 501M -> 264M instructions).
                let settled = model.tracksAllGradients || !run.supportChanged
                let slow = run.passes >= budget || (!freshCrossProducts && settled)
                if slow && newtonStep(working, lambda: lambda) { continue }
                if run.passes >= budget && budget < maxPasses - passes + run.passes { continue }
                if !run.moved || threshold < 1e-30 * responseSquares { break }
                threshold *= 0.01
            }
            // KKT check outside the working set. A feature outside it is zero, and one that meets
            // its KKT condition adds nothing to the gap, so without additions the working set's
            // certificate (of the unchanged state above) certifies the whole problem. Features whose
            // gradient provably stays below its L1 weight (see `uncertainOutside`) need no inner product.
            var added = false
            if working.count < eligible.count {
                for j in uncertainOutside(lambda: lambda, workingCount: working.count) {
                    let v = ElasticNetPenalty.subgradientDistance(
                        gradient: gradient[j], coefficient: b[j], l1: penalty.l1(j, lambda),
                        l2: penalty.l2(j, lambda), lower: penalty.lower[j], upper: penalty.upper[j])
                    if v > 0 {
                        inWorkingSet[j] = true
                        working.append(j)
                        added = true
                    }
                }
            }
            if added {
                if passes < maxPasses { continue }
                certificate = certify(lambda: lambda, over: working)
            }
            if let current = certificate, current.meets(tolerance, nullObjective: nullObjective, byGap: certifiesByGap) {
                converged = true
                break
            }
            if passes >= maxPasses || threshold < 1e-30 * responseSquares { break }
            threshold *= 0.01
        }
        for j in working { inWorkingSet[j] = false }
        for j in working where b[j] != 0 && !isEverActive[j] {
            isEverActive[j] = true
            everActive.append(j)
        }
        if tracksPath { path.record(lambda: lambda, b: b, support: working.filter { b[$0] != 0 }, intercepts: []) }
        return PointSolution(certificate: certificate, passes: passes, converged: converged)
    }

    /// Moves the coefficients (the solution at the last lambda) toward the solution at `lambda`, the
    /// linear extrapolation of the last two solutions (``PathExtrapolation``), when that lowers the
    /// objective at `lambda`. Needs ``tracksPath``; call it after ``strongSet(lambda:previous:)``.
    ///
    /// - Returns: whether the coefficients moved.
    /// - Complexity: that of ``moveIfBetter(_:to:lambda:)`` over the last support.
    @discardableResult
    mutating func predict(lambda: Double) -> Bool {
        guard let target = path.target(lambda: lambda, b: b),
              zip(target.support, target.values).contains(where: { b[$0] != $1 }) else { return false }
        return moveIfBetter(target.support, to: target.values, lambda: lambda)
    }

    /// Runs coordinate passes over `set`, alternating with passes over its non-zero members, until
    /// a full pass changes no coefficient by more than `threshold` (in `curvature * delta^2`).
    /// Passes over the non-zero members are Anderson-extrapolated every few passes.
    ///
    /// - Returns: the number of passes made, whether any coefficient moved, whether the last
    ///   pass over the whole set moved a feature into or out of the support, and whether the passes
    ///   ended on the threshold (not the budget).
    private mutating func cycle(
        _ set: [Int], lambda: Double, threshold: Double, budget: Int
    ) -> (passes: Int, moved: Bool, supportChanged: Bool, settled: Bool) {
        var passes = 0
        var moved = false
        var supportChanged = false
        var settled = false
        var active: [Int] = []
        var anderson = AndersonAcceleration()
        while passes < budget {
            let before = supportFlips
            let change = pass(set, lambda: lambda)
            supportChanged = supportFlips != before
            passes += 1
            if change > 0 { moved = true }
            if change < threshold {
                settled = true
                break
            }
            active.removeAll(keepingCapacity: true)
            for j in set where b[j] != 0 { active.append(j) }
            anderson.reset()
            while passes < budget {
                let c = pass(active, lambda: lambda)
                passes += 1
                if c < threshold { break }
                if let point = anderson.record(active.map { b[$0] }) {
                    extrapolate(active, to: AndersonAcceleration.holdingSigns(point, of: active.map { b[$0] }),
                                lambda: lambda)
                }
            }
        }
        return (passes, moved, supportChanged, settled)
    }

    /// Returns the features outside the working set whose KKT conditions need checking, with their
    /// gradients computed: those whose bound `|g_ref_j| + ||z~_j|| ||r~ - r~_ref||` reaches their L1
    /// weight. The others satisfy `|g_j| < l1_j`: they are optimal at zero and add nothing to the
    /// duality gap. When too many are uncertain (with the working set, over a quarter of the eligible
    /// features), every gradient is recomputed and becomes the new reference.
    ///
    /// - Complexity: O(n + p) plus O(n) per uncertain feature, O(n p) on a refresh.
    private mutating func uncertainOutside(lambda: Double, workingCount: Int) -> [Int] {
        if model.tracksAllGradients {
            let outside = outsideWorkingSet()
            model.gradients(outside, into: &gradient)
            return outside
        }
        if !hasReference {
            refreshGradients()
            return outsideWorkingSet()
        }
        let distance = model.distanceFromReference()
        let l1 = lambda * penalty.alpha
        var uncertain: [Int] = []
        uncertain.reserveCapacity(eligible.count)
        inWorkingSet.withUnsafeBufferPointer { working in
            referenceGradient.withUnsafeBufferPointer { g in
                columnNorms.withUnsafeBufferPointer { norms in
                    penalty.factors.withUnsafeBufferPointer { pf in
                        for j in eligible where !working[j] && abs(g[j]) + norms[j] * distance >= l1 * pf[j] {
                            uncertain.append(j)
                        }
                    }
                }
            }
        }
        if (uncertain.count + workingCount) * 4 > eligible.count {
            refreshGradients()
            return outsideWorkingSet()
        }
        model.gradients(uncertain, into: &gradient)
        return uncertain
    }

    /// Returns the eligible features outside the working set, in order.
    private func outsideWorkingSet() -> [Int] {
        var outside: [Int] = []
        outside.reserveCapacity(eligible.count)
        inWorkingSet.withUnsafeBufferPointer { working in
            for j in eligible where !working[j] { outside.append(j) }
        }
        return outside
    }

    /// The number of passes at one lambda after which a Newton step is worth its cost.
    private func newtonPatience(_ set: [Int]) -> Int {
        var support = 0
        for j in set where b[j] != 0 { support += 1 }
        return 3 + support / (freshCrossProducts ? 2 : 8)
    }

    /// The largest support on which ``newtonStep(_:lambda:)`` solves the linear system: 400 when the
    /// cross products are formed for this solver alone, 4096 on cached ones (covariance updates, an
    /// IRLS step's Hessian, the naive solver's ``SupportGram``), where the factor grows by appends
    /// and the cache and factor hold at most about 134 MB. (FHT logistic, N = 20,000, p = 500,
    /// 75 lambdas: with 400 on the Hessian too, the last lambdas (470+ non-zeros) ran coordinate passes
    /// on a correlated Hessian, 5.97 s at rho 0.5 and 4.98 s at rho 0; with 1000, 2.88 s and 2.84 s.
    /// FHT gaussian 6,000 x 1,100, rho 0.5, tolerance 1e-6: with 1000, the 14 points whose supports
    /// passed 1000 ran 4,000-16,000 coordinate passes each, 29 s with covariance updates and over
    /// 5 minutes naive; with 4096, 3-25 passes, 0.34 s and 3.3 s.)
    private var newtonLimit: Int { freshCrossProducts ? 400 : 4096 }

    /// Solves the problem restricted to the current support with the signs held fixed: there the
    /// objective is quadratic, so one Newton step `(Z_A'Z_A + l2) d = g_A - l2 b_A - l1 sign(b_A)` is
    /// exact. The step is cut at the first coordinate that would change sign or leave its bounds
    /// (that coordinate lands exactly on 0 or its bound) and kept only if the objective decreases.
    ///
    /// - Returns: whether the coefficients moved.
    /// - Complexity: O(|A|^2 n + |A|^3) dense naive, O(|A|^3) covariance.
    private mutating func newtonStep(_ set: [Int], lambda: Double) -> Bool {
        let free = set.filter { b[$0] != 0 && b[$0] > penalty.lower[$0] && b[$0] < penalty.upper[$0] }
        let m = free.count
        guard m > 0, m <= newtonLimit else { return false }
        supportGram.include(free, model: model)
        let gram = supportGram, weights = penalty
        guard factor.update(to: free, l2: { weights.l2($0, lambda) }, product: { gram.product($0, $1) }) else {
            return false
        }
        let support = factor.features
        var rhs = [Double](repeating: 0, count: m)
        for (k, j) in support.enumerated() {
            rhs[k] = model.gradient(j) - penalty.l2(j, lambda) * b[j] - penalty.l1(j, lambda) * (b[j] > 0 ? 1 : -1)
        }
        let d = factor.solve(rhs)
        // First the full step projected onto the sign pattern and bounds: it drops every coordinate
        // that would change sign at once. If it does not lower the objective, cut the step at the
        // first coordinate that would change sign or leave its bounds.
        var projected = [Double](repeating: 0, count: m)
        var blocked = false
        for (k, j) in support.enumerated() {
            let t = b[j] + d[k]
            projected[k] = (t > 0) == (b[j] > 0) ? min(max(t, penalty.lower[j]), penalty.upper[j]) : 0
            if projected[k] != t { blocked = true }
        }
        if moveIfBetter(support, to: projected, lambda: lambda) { return true }
        guard blocked else { return false }
        var step = 1.0
        var blocking = -1
        for (k, j) in support.enumerated() where d[k] != 0 {
            let edge = b[j] > 0 ? (d[k] < 0 ? 0 : penalty.upper[j]) : (d[k] > 0 ? 0 : penalty.lower[j])
            let t = (edge - b[j]) / d[k]
            if t < step { step = t; blocking = k }
        }
        guard step > 0 else { return false }
        var target = [Double](repeating: 0, count: m)
        for (k, j) in support.enumerated() { target[k] = b[j] + step * d[k] }
        if blocking >= 0 {
            let j = support[blocking]
            target[blocking] = b[j] > 0 ? (d[blocking] < 0 ? 0 : penalty.upper[j]) : (d[blocking] > 0 ? 0 : penalty.lower[j])
        }
        return moveIfBetter(support, to: target, lambda: lambda)
    }

    /// Moves the coordinates in `set` to `target` (clipped to the bounds) if that lowers the objective.
    ///
    /// - Complexity: two residual summaries and up to two updates per coordinate.
    private mutating func extrapolate(_ set: [Int], to target: [Double], lambda: Double) {
        _ = moveIfBetter(set, to: target, lambda: lambda)
    }

    /// Moves the coordinates in `set` to `target` (clipped to the bounds) and keeps the move only if
    /// the objective decreases; returns whether it was kept. A rejected move restores the model's
    /// checkpoint, so it leaves no rounding behind.
    private mutating func moveIfBetter(_ set: [Int], to target: [Double], lambda: Double) -> Bool {
        // Only the coordinates in `set` move, so comparing rss/2 plus their penalty suffices.
        func partial() -> Double {
            0.5 * model.residualSummary(b).rss + penalty.value(b, lambda: lambda, over: set)
        }
        let before = partial()
        model.saveCheckpoint()
        var old = [Double](repeating: 0, count: set.count)
        for (k, j) in set.enumerated() {
            old[k] = b[j]
            let t = min(max(target[k], penalty.lower[j]), penalty.upper[j])
            if t != b[j] {
                model.update(j, by: t - b[j])
                b[j] = t
            }
        }
        if partial() < before { return true }
        model.restoreCheckpoint()
        for (k, j) in set.enumerated() { b[j] = old[k] }
        return false
    }

    /// One coordinate pass: returns the largest `curvature * delta^2`.
    @inline(__always)
    private mutating func pass(_ set: [Int], lambda: Double) -> Double {
        var largest = 0.0
        for j in set {
            let old = b[j]
            let xv = curvatures[j]
            let u = model.gradient(j) + xv * old
            let new = ElasticNetPenalty.proximalUpdate(
                u, curvature: xv, l1: penalty.l1(j, lambda), l2: penalty.l2(j, lambda),
                lower: penalty.lower[j], upper: penalty.upper[j])
            if new != old {
                if (new == 0) != (old == 0) { supportFlips &+= 1 }
                let d = new - old
                model.update(j, by: d)
                b[j] = new
                largest = max(largest, xv * d * d)
            }
        }
        return largest
    }

    /// Returns an estimate of the objective at the current coefficients (used to scale thresholds),
    /// given features holding every eligible non-zero coefficient.
    private func objectiveEstimate(lambda: Double, over features: [Int]) -> Double {
        0.5 * model.residualSummary(b).rss + penaltyValue(lambda: lambda, over: features)
    }

    /// Computes the duality gap (or the KKT estimate) of the problem restricted to `features`, from
    /// their gradients as last computed; once every feature outside them meets its KKT condition it
    /// certifies the full problem. `features` must hold every eligible non-zero coefficient (the
    /// working set does, see ``solve(lambda:initialSet:tolerance:)``).
    ///
    /// The dual point is the residual scaled by the largest `s <= 1` that keeps every conjugate finite.
    /// A feature whose scaled gradient lies within its L1 weight adds nothing to the conjugates, so
    /// only the others are summed: with `alpha < 1` the scale stays 1 (a feature without an L2 weight
    /// has none in L1 either), and with `alpha = 1` the scale brings every unbounded feature within
    /// its weight, so only bounded ones are left to sum.
    /// - Complexity: O(|features|) beyond the residual summary.
    func certify(lambda: Double, over features: [Int]) -> OptimalityCertificate {
        let (rss, responseDot) = model.residualSummary(b)
        let primal = 0.5 * rss + penaltyValue(lambda: lambda, over: features)
        let l1Weight = lambda * penalty.alpha, l2Weight = lambda * (1 - penalty.alpha)
        var scale = 1.0
        var dualFeasible = true
        var maxViolation = 0.0, kkt = 0.0
        var conjugates = 0.0  // at scale 1, summed here when alpha < 1
        for j in features {
            let pf = penalty.factors[j]
            let l1 = l1Weight * pf, l2 = l2Weight * pf
            let g = gradient[j], lower = penalty.lower[j], upper = penalty.upper[j]
            let v = ElasticNetPenalty.subgradientDistance(
                gradient: g, coefficient: b[j], l1: l1, l2: l2, lower: lower, upper: upper)
            if v > 0 {
                maxViolation = max(maxViolation, v)
                kkt += v * v / (2 * curvatures[j])
            }
            guard abs(g) > l1 else { continue }
            if l2Weight > 0 {
                conjugates += ElasticNetPenalty.conjugate(g, l1: l1, l2: l2, lower: lower, upper: upper)
            }
            if l2 > 0 { continue }
            if g > l1 && upper == .infinity {
                if l1 > 0 { scale = min(scale, l1 / g) } else { dualFeasible = false }
            } else if g < -l1 && lower == -.infinity {
                if l1 > 0 { scale = min(scale, -l1 / g) } else { dualFeasible = false }
            }
        }
        let kktEstimate = primal > 0 ? kkt / primal : 0
        guard dualFeasible else {
            return OptimalityCertificate(objective: primal, rss: rss, relativeGap: nil, maxViolation: maxViolation,
                                         kktEstimate: kktEstimate)
        }
        if l2Weight == 0 && penalty.hasBounds {
            for j in features where penalty.lower[j] != -.infinity || penalty.upper[j] != .infinity {
                let l1 = l1Weight * penalty.factors[j]
                var u = scale * gradient[j]
                // The scale holds an unbounded side within the L1 weight; keep rounding from crossing it.
                if penalty.upper[j] == .infinity { u = min(u, l1) }
                if penalty.lower[j] == -.infinity { u = max(u, -l1) }
                conjugates += ElasticNetPenalty.conjugate(
                    u, l1: l1, l2: 0, lower: penalty.lower[j], upper: penalty.upper[j])
            }
        }
        let dual = scale * responseDot - 0.5 * scale * scale * rss - conjugates
        let gap = max(0, primal - dual)
        return OptimalityCertificate(objective: primal, rss: rss, relativeGap: primal > 0 ? gap / primal : 0,
                                     maxViolation: maxViolation, kktEstimate: kktEstimate)
    }

    /// Returns the penalty at the current coefficients, given features holding every eligible
    /// non-zero one: their penalty plus that of the ineligible non-zero starting coefficients.
    ///
    /// - Complexity: O(|features|).
    private func penaltyValue(lambda: Double, over features: [Int]) -> Double {
        penalty.value(b, lambda: lambda, over: features) + lambda * fixedPenalty
    }
}
