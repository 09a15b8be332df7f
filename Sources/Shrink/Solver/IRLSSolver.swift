/// Proximal Newton (IRLS) for a penalized GLM: `min sum_i w_i loss(y_i, eta_i) + penalty(b)` with
/// `eta = offset + b0 + X~ b`, as glmnet's lognet/fishnet.
///
/// Each outer step forms the quadratic approximation at the current point (IRLS weights
/// `v_i = w_i var(mu_i)`, gradient residual `w_i (y_i - mu_i)`) and minimizes it plus the penalty with
/// the least-squares ``CoordinateDescent`` (strong sets, extrapolation, Newton steps on the support)
/// over an ``IRLSResidual`` on a working set, warm-started; the intercept is eliminated by centering.
/// If the true objective did not decrease, the step is halved toward the previous point. A lambda is
/// solved when the KKT estimate of the true objective (the predicted decrease of single-coordinate
/// Newton steps, relative to `deviance / 2 + penalty`) meets the tolerance and no feature outside the
/// working set violates its KKT condition.
final class IRLSSolver<Design: GLMDesign, Family: GLMFamily> {
    let x: Design
    let family: Family
    let y: [Double]
    let offset: [Double]
    /// Weights summing to 1.
    let w: [Double]
    let penalty: ElasticNetPenalty
    let eligible: [Int]
    let fitIntercept: Bool
    let maxPasses: Int
    /// The largest number of IRLS steps per lambda.
    let maxSteps = 500
    /// `sum_i w_i saturatedLoss(y_i)`.
    let saturated: Double

    /// Standardized coefficients.
    private(set) var b: [Double]
    /// The intercept on the design's scale.
    private(set) var b0: Double
    /// `offset + b0 + X~ b`.
    private(set) var eta: [Double]
    private var mu: [Double]
    /// IRLS weights `w_i var(mu_i)` at the last refresh.
    private var v: [Double]
    /// The residual of the quadratic model: `w (y - mu) - v (eta - eta_ref)`.
    private var rho: [Double]
    /// `sum_i v_i`.
    private(set) var weightSum = 0.0
    private let curv: FeatureBuffer<Double>
    private let curvStamp: FeatureBuffer<Int>
    /// The ``refresh()`` at which each entry of ``gradient`` was computed.
    private let gradientStamp: FeatureBuffer<Int>
    private var stamp = 0
    /// The gradient `sum_i x~_ij w_i (y_i - mu_i)` of every eligible feature at the last full check.
    let gradient: FeatureBuffer<Double>
    private let isEverActive: FeatureBuffer<Bool>
    private(set) var everActiveCount = 0
    private let inWorking: FeatureBuffer<Bool>
    /// The residual `rho` at which ``referenceGradient`` was computed (empty before the first).
    private var referenceRho: [Double] = []
    /// The gradient of every eligible feature at ``referenceRho``.
    private let referenceGradient: FeatureBuffer<Double>
    /// `sqrt(sum_i w_i x~_ij^2)`, for the screening bound of ``uncertainOutside(lambda:)``.
    private var columnNorms: [Double] = []
    /// The residual distance `||rho - rho_ref||_(1/w)` of the last check that screened features by
    /// their bound: each eligible feature whose gradient it did not compute has
    /// `|gradient_j| <= |referenceGradient_j| + columnNorms_j * boundDistance` there.
    private var boundDistance = 0.0
    /// The ``refresh()`` at which ``boundDistance`` was set.
    private var boundStamp = -1
    /// Weighted cross products reused by ``hessianInner``.
    private var hessianCache: HessianCache
    /// Whether the cached products must be reformed before the next step (the last one was poor).
    private var hessianStale = false
    /// The Newton steps' factor over the cached products, by design column: while the cache keeps its
    /// weights, the next step's solver starts from it instead of refactoring the support.
    private var hessianFactor = SupportCholesky()
    /// The position of each feature in the current ``hessianInner`` step's set, or -1.
    private let stepPosition: FeatureBuffer<Int>
    /// The last two solutions, for the path's predictor (``predict(lambda:)``).
    private var path: PathExtrapolation
    /// The IRLS steps the last ``solve(lambda:initialSet:tolerance:checkAll:)`` took.
    private var lastSteps = 0

    init(design: Design, family: Family, y: [Double], weights: [Double], offset: [Double],
         penalty: ElasticNetPenalty, eligible: [Int], fitIntercept: Bool, intercept: Double, maxPasses: Int) {
        x = design
        self.family = family
        self.y = y
        self.offset = offset
        w = weights
        self.penalty = penalty
        self.eligible = eligible
        self.fitIntercept = fitIntercept
        self.maxPasses = maxPasses
        let n = y.count, p = penalty.factors.count
        var s = 0.0
        for i in 0..<n where w[i] > 0 { s += w[i] * family.saturatedLoss(y[i]) }
        saturated = s
        b = [Double](repeating: 0, count: p)
        b0 = fitIntercept ? intercept : 0
        eta = offset.map { $0 + (fitIntercept ? intercept : 0) }
        mu = [Double](repeating: 0, count: n)
        v = mu
        rho = mu
        curv = FeatureBuffer(repeating: 0, count: p)
        curvStamp = FeatureBuffer(repeating: -1, count: p)
        gradientStamp = FeatureBuffer(repeating: -1, count: p)
        gradient = FeatureBuffer(repeating: 0, count: p)
        referenceGradient = FeatureBuffer(repeating: 0, count: p)
        isEverActive = FeatureBuffer(repeating: false, count: p)
        inWorking = FeatureBuffer(repeating: false, count: p)
        hessianCache = HessianCache(featureCount: p)
        stepPosition = FeatureBuffer(repeating: -1, count: p)
        path = PathExtrapolation(width: p)
        refresh()
    }

    deinit {
        for buffer in [curv, gradient, referenceGradient] { buffer.deallocate() }
        for buffer in [curvStamp, gradientStamp] { buffer.deallocate() }
        isEverActive.deallocate()
        inWorking.deallocate()
        stepPosition.deallocate()
    }

    /// The outcome of solving at one lambda.
    struct PointSolution {
        var objective: Double
        var loss: Double
        var maxViolation: Double
        var kktEstimate: Double
        var passes: Int
        var converged: Bool
    }

    /// `sum_i w_i loss(y_i, eta_i)` at the current `eta` (as of the last ``refresh()``).
    private(set) var currentLoss = 0.0

    /// Recomputes the loss, means, IRLS weights and residual at the current `eta` in one pass (the
    /// family's vector kernel where it has one).
    ///
    /// - Complexity: O(n).
    func refresh() {
        stamp += 1
        let n = y.count
        var total = 0.0, s = 0.0
        y.withUnsafeBufferPointer { yp in
            w.withUnsafeBufferPointer { wp in
                eta.withUnsafeBufferPointer { ep in
                    mu.withUnsafeMutableBufferPointer { mp in
                        v.withUnsafeMutableBufferPointer { vp in
                            rho.withUnsafeMutableBufferPointer { rp in
                                if n > 0, let sums = family.refresh(
                                    y: yp.baseAddress!, w: wp.baseAddress!, eta: ep.baseAddress!, count: n,
                                    mu: mp.baseAddress!, v: vp.baseAddress!, rho: rp.baseAddress!) {
                                    (total, s) = sums
                                    return
                                }
                                for i in 0..<n {
                                    let (l, m) = family.lossAndMean(yp[i], ep[i])
                                    let wi = wp[i]
                                    if wi > 0 { total += wi * l }
                                    mp[i] = m
                                    let vi = wi * family.curvature(m)
                                    vp[i] = vi
                                    rp[i] = wi * (yp[i] - m)
                                    s += vi
                                }
                            }
                        }
                    }
                }
            }
        }
        weightSum = s
        currentLoss = total
    }

    /// `sum_i v_i x~_ij^2` at the current IRLS weights, computed once per refresh.
    @inline(__always)
    private func curvature(_ j: Int) -> Double {
        if curvStamp[j] != stamp {
            curv[j] = v.withUnsafeBufferPointer { x.weightedSquares(j, $0.baseAddress!) }
            curvStamp[j] = stamp
        }
        return curv[j]
    }

    @inline(__always)
    private func dot(_ j: Int) -> Double { rho.withUnsafeBufferPointer { x.dot(j, $0.baseAddress!) } }

    /// The gradient of feature `j` at the current point, computed only if not yet at this refresh.
    @inline(__always)
    private func currentGradient(_ j: Int) -> Double {
        if gradientStamp[j] != stamp {
            gradient[j] = dot(j)
            gradientStamp[j] = stamp
        }
        return gradient[j]
    }

    /// `sum_i w_i loss(y_i, eta_i)`.
    func loss() -> Double {
        var s = 0.0
        for i in 0..<y.count where w[i] > 0 { s += w[i] * family.loss(y[i], eta[i]) }
        return s
    }

    /// Features with a non-zero coefficient.
    var support: [Int] { eligible.filter { b[$0] != 0 } }

    /// Returns the features the sequential strong rule keeps at `lambda` coming from `previous`.
    func strongSet(lambda: Double, previous: Double) -> [Int] {
        let cut = 2 * lambda - previous, alpha = penalty.alpha
        var set: [Int] = []
        set.reserveCapacity(eligible.count)
        let now = stamp, bounded = boundStamp == now, distance = boundDistance
        let ever = isEverActive.base, g = gradient.base, gradientAt = gradientStamp.base
        let reference = referenceGradient.base
        eligible.withUnsafeBufferPointer { features in
            penalty.factors.withUnsafeBufferPointer { pf in
                columnNorms.withUnsafeBufferPointer { norms in
                    for j in features {
                        let threshold = alpha * pf[j] * cut
                        if pf[j] == 0 || ever[j] { set.append(j); continue }
                        if bounded && gradientAt[j] != now {
                            // The last check screened this feature out by its bound: its gradient is
                            // needed only when the bound reaches the threshold (the same set as with
                            // every gradient exact).
                            if abs(reference[j]) + norms[j] * distance < threshold { continue }
                            g[j] = dot(j)
                            gradientAt[j] = now
                        }
                        if abs(g[j]) >= threshold { set.append(j) }
                    }
                }
            }
        }
        return set
    }

    /// Recomputes the gradient of every eligible feature at the current point and makes the
    /// residual the reference of the screening bound.
    ///
    /// - Complexity: O(n p).
    func refreshGradients() {
        for j in eligible {
            gradient[j] = dot(j)
            gradientStamp[j] = stamp
        }
        setReference()
    }

    /// Makes the current residual the reference of ``uncertainOutside(lambda:)``; every eligible
    /// gradient must be current.
    ///
    /// - Complexity: O(n + p), plus O(n p) the first time (the column norms).
    private func setReference() {
        if columnNorms.isEmpty {
            columnNorms = [Double](repeating: 0, count: b.count)
            w.withUnsafeBufferPointer { wp in
                for j in eligible { columnNorms[j] = x.weightedSquares(j, wp.baseAddress!).squareRoot() }
            }
        }
        referenceRho = rho
        for j in eligible { referenceGradient[j] = gradient[j] }
    }

    /// Returns the features outside the working set whose KKT condition must be checked with an
    /// inner product: those whose bound `|g_ref_j| + ||x~_j||_w ||rho - rho_ref||_(1/w)` (Cauchy-Schwarz
    /// in the `w`-weighted metric) reaches their L1 weight. The others have `|g_j| < l1_j` and are
    /// optimal at zero; the strong rule reuses their bound (``boundDistance``). When more than a
    /// quarter would be checked, all are, and the current residual becomes the reference (glmnet
    /// checks all).
    ///
    /// - Parameter workingCount: the size of the working set (all of it eligible).
    /// - Complexity: O(n + p), plus O(n p) on a new reference.
    private func uncertainOutside(lambda: Double, workingCount: Int) -> (features: [Int], all: Bool) {
        let outsideCount = eligible.count - workingCount
        guard !referenceRho.isEmpty else { return (outside(), true) }
        var squares = 0.0
        rho.withUnsafeBufferPointer { r in
            referenceRho.withUnsafeBufferPointer { r0 in
                w.withUnsafeBufferPointer { wp in
                    for i in 0..<r.count where wp[i] > 0 {
                        let d = r[i] - r0[i]
                        squares += d * d / wp[i]
                    }
                }
            }
        }
        let distance = squares.squareRoot()
        let l1 = lambda * penalty.alpha
        var uncertain: [Int] = []
        let limit = outsideCount / 4
        uncertain.reserveCapacity(limit + 1)
        let working = inWorking.base, reference = referenceGradient.base
        eligible.withUnsafeBufferPointer { features in
            columnNorms.withUnsafeBufferPointer { norms in
                penalty.factors.withUnsafeBufferPointer { pf in
                    for j in features where !working[j] && abs(reference[j]) + norms[j] * distance >= l1 * pf[j] {
                        uncertain.append(j)
                        if uncertain.count > limit { break }  // all will be checked
                    }
                }
            }
        }
        if uncertain.count > limit { return (outside(), true) }
        boundDistance = distance
        boundStamp = stamp
        return (uncertain, false)
    }

    /// The eligible features outside the working set, in order.
    private func outside() -> [Int] {
        var features: [Int] = []
        features.reserveCapacity(eligible.count)
        let working = inWorking.base
        eligible.withUnsafeBufferPointer { all in
            for j in all where !working[j] { features.append(j) }
        }
        return features
    }

    /// Checks the KKT conditions of the features outside the working set at the current point,
    /// adds the violators to it and counts them in `check`.
    ///
    /// - Returns: whether any feature was added.
    private func addViolators(lambda: Double, to working: inout [Int],
                              check: inout (max: Double, estimate: Double)) -> Bool {
        let (features, all) = uncertainOutside(lambda: lambda, workingCount: working.count)
        computeGradients(features)
        if all { setReference() }
        // A feature outside the working set is zero, where bounds only widen the subdifferential
        // `[-l1, l1]`: only a gradient beyond its L1 weight can violate.
        let l1 = lambda * penalty.alpha, g = gradient.base
        var candidates: [Int] = []
        penalty.factors.withUnsafeBufferPointer { pf in
            for j in features where abs(g[j]) > l1 * pf[j] { candidates.append(j) }
        }
        var added = false
        let pen = penalty
        for j in candidates where record(j, gradient: g[j], coefficient: 0, penalty: pen, lambda: lambda, in: &check) {
            inWorking[j] = true
            working.append(j)
            added = true
        }
        return added
    }

    /// Computes the gradients of `features` at the current point.
    ///
    /// - Complexity: O(n |features|).
    private func computeGradients(_ features: [Int]) {
        let now = stamp
        rho.withUnsafeBufferPointer { x.dots(features, $0.baseAddress!, into: gradient.base) }
        for j in features { gradientStamp[j] = now }
    }

    /// Computes the curvatures (``curvature(_:)``) of `features` not yet computed at this refresh, in
    /// one batch (two threads on a large one: the sparse logistic path's KKT checks of the working
    /// set spent 4.8 % of the fit in these sums on one thread).
    ///
    /// - Complexity: O(n |features|) (O(nnz) sparse).
    private func computeCurvatures(_ features: [Int]) {
        let now = stamp
        let stale = features.filter { curvStamp[$0] != now }
        guard !stale.isEmpty else { return }
        v.withUnsafeBufferPointer { x.weightedSquares(stale, $0.baseAddress!, into: curv.base) }
        for j in stale { curvStamp[j] = now }
    }

    /// Adds feature `j`'s KKT violation at its gradient `g` to `check` (the largest and the
    /// Newton-step estimate `violation^2 / (2 curvature)`); returns whether it violates.
    ///
    /// The penalty comes as an argument: read through `self` inside the callers' loops, its arrays
    /// were retained and released per feature (perf: 2 % of a (100, 1000) logistic fit).
    @inline(__always)
    private func record(_ j: Int, gradient g: Double, coefficient: Double, penalty pen: ElasticNetPenalty,
                        lambda: Double, in check: inout (max: Double, estimate: Double)) -> Bool {
        let d = ElasticNetPenalty.subgradientDistance(
            gradient: g, coefficient: coefficient, l1: pen.l1(j, lambda), l2: pen.l2(j, lambda),
            lower: pen.lower[j], upper: pen.upper[j])
        guard d > 0 else { return false }
        check.max = max(check.max, d)
        let h = curvature(j) + pen.l2(j, lambda)
        if h > 0 { check.estimate += d * d / (2 * h) }
        return true
    }

    /// Minimizes the quadratic model at the current point plus the penalty over `set` and the
    /// intercept, by ``CoordinateDescent`` on an ``IRLSResidual`` to the relative `tolerance`.
    ///
    /// - Parameter uncertified: whether the residual form may stop on the coordinate-change criterion
    ///   without certifying its subproblem (``CoordinateDescent/stopsOnChange``).
    /// - Returns: the number of coordinate passes and whether any coefficient moved.
    private func inner(_ set: [Int], lambda: Double, tolerance: Double, precise: Double,
                       budget: Int, uncertified: Bool) -> (passes: Int, moved: Bool) {
        // On a tall design (four rows per feature or more) a pass over the Hessian costs little next to
        // the O(n m) passes over the data of another IRLS step, so its subproblem is solved to the
        // point's own accuracy; on a short one the step's accuracy is what the outer step needs.
        // (Callgrind, FHT logistic p > N cells: -4 to -8 % instructions at tolerance 1e-4; at 1e-8,
        // 100 x 1000 rho 0 186M -> 155M, rho 0.95 172M -> 180M. Tall designs kept exact: (5000, 100,
        // 0.5) at 1e-8 rose 5.6 % without.)
        let hessianTolerance = y.count >= 4 * set.count ? min(tolerance, precise) : tolerance
        // Near machine precision (null fits, references) the residual form, whose model is the exact
        // residual vector, certifies more reliably than sums formed from the Hessian.
        // On a short design the residual form runs until its steps need many passes (see
        // ``residualPassAverage``).
        let short = y.count < 4 * set.count
        if precise >= 1e-13, !short || residualPassAverage > residualPassLimit(set.count),
           let run = hessianInner(set, lambda: lambda, tolerance: hessianTolerance, budget: budget) {
            return run
        }
        let n = y.count
        var residual = rho
        var a0 = b0
        var d = 0.0
        if fitIntercept && weightSum > 0 {
            d = residual.withUnsafeBufferPointer { Kernels.sum($0.baseAddress!, count: n) } / weightSum
            a0 += d
            let weights = v
            residual.withUnsafeMutableBufferPointer { r in
                weights.withUnsafeBufferPointer { vp in for i in 0..<n { r[i] -= d * vp[i] } }
            }
        }
        let intercept = b0
        let fitted = [Double](unsafeUninitializedCapacity: n) { out, initialized in
            eta.withUnsafeBufferPointer { e in
                offset.withUnsafeBufferPointer { o in for i in 0..<n { out[i] = e[i] - o[i] - intercept } }
            }
            initialized = n
        }
        let start = set.map { b[$0] }
        let model = IRLSResidual(design: x, features: set, weights: v, residual: residual, fitted: fitted,
                                 centered: fitIntercept)
        let run = descend(model, over: set, curvature: model.curvature, responseSquares: model.responseSquares,
                          freshCrossProducts: true, stopsOnChange: uncertified, lambda: lambda, tolerance: tolerance,
                          budget: budget)
        let active = run.active
        let moved = active.contains { run.b[$0] != start[$0] } || a0 != b0
        b0 = model.intercept(from: a0, run.b, start, over: active)
        for (k, j) in set.enumerated() { b[j] = run.b[k] }
        if short { residualPassAverage = 0.7 * residualPassAverage + 0.3 * Double(run.passes) }
        return (run.passes, moved)
    }

    /// The coordinate passes of the residual-form steps on short designs (fewer than four rows per
    /// working feature), an exponential average; above ``residualPassLimit`` the path's short
    /// steps take the Hessian form (``hessianInner``) for good.
    ///
    /// On a short design a pass over the Hessian (m^2) costs about what a pass over the data (n m)
    /// does, so the Hessian form saves little per pass; and its products are reused across steps
    /// at weights that have drifted, which costs outer steps: on FHT (100, 1000, 0) at tolerance
    /// 1e-4 it took 166 IRLS steps of 5.6 passes where the residual form took 100 of 7.2, and was
    /// slower. Where the residual form needs many passes (correlated features: 21 at (100, 1000,
    /// 0.95), 35 at (100, 5000, 0.5)) the Hessian form's Newton steps on cached products win.
    private var residualPassAverage = 0.0

    /// The average of ``residualPassAverage`` from which short steps over `m` features take the
    /// Hessian form.
    private func residualPassLimit(_ m: Int) -> Double { max(12, Double(m) / 4) }

    /// Runs the least-squares ``CoordinateDescent`` on one IRLS step's model of the working set
    /// `set` (the model's feature `k` is `set[k]`) over its features with positive curvature, from
    /// the current coefficients, to the relative `tolerance`, certified by the KKT estimate (the
    /// outer loop certifies the true objective the same way) or, with `stopsOnChange`, on the
    /// coordinate-change criterion alone (see ``CoordinateDescent/stopsOnChange``). Everything it
    /// allocates is of the working set's size. The solve starts from every feature of the set, so
    /// the solver needs no gradients up front (it defers them): its passes compute them.
    ///
    /// - Parameter factor: a Newton factor over the model's cross products (by the model's feature
    ///   numbers) to start from.
    /// - Returns: the new coefficients of `set`, the coordinate passes, the positions it ran on and
    ///   the solver's last Newton factor.
    private func descend<Model: ResidualModel>(
        _ model: Model, over set: [Int], curvature: (Int) -> Double,
        responseSquares: Double, freshCrossProducts: Bool, stopsOnChange: Bool = false, lambda: Double,
        tolerance: Double, budget: Int,
        factor: consuming SupportCholesky = SupportCholesky()
    ) -> (b: [Double], passes: Int, active: [Int], factor: SupportCholesky) {
        let m = set.count
        var curvatures = [Double](repeating: 0, count: m)
        var active: [Int] = []
        for k in 0..<m {
            curvatures[k] = curvature(k)
            if curvatures[k] > 0 { active.append(k) }
        }
        var cd = CoordinateDescent(
            model: model, penalty: penalty.restricted(to: set), curvatures: curvatures, eligible: active,
            responseSquares: responseSquares, maxPasses: budget, start: set.map { b[$0] }, deferGradients: true,
            freshCrossProducts: freshCrossProducts, certifiesByGap: false, stopsOnChange: stopsOnChange,
            factor: consume factor)
        let solution = cd.solve(lambda: lambda, initialSet: active, tolerance: tolerance)
        return (cd.b, solution.passes, active, cd.factor)
    }

    /// The largest working set whose subproblem is held as its Hessian (see ``hessianInner``) on a
    /// short design: beyond it the `O(n m^2)` products cost more than the coordinate passes they save
    /// (measured on the FHT logistic grid, BENCHMARKS.md). See ``holdsHessian(_:)``.
    let hessianLimit = 150

    /// Whether a working set of `m` features is held as its Hessian: up to ``hessianLimit``, or at any
    /// size when the design has at least four rows per feature. Forming the products costs about
    /// `n m^2 / 2` multiply-adds, as much as `m / 4` coordinate passes over the working set
    /// (`2 n m` each), and a correlated working set of hundreds of features needs far more passes
    /// than that. (FHT logistic, N = 20,000, p = 500, rho 0.5, glmnet's 75 lambdas: 276 s with
    /// coordinate passes beyond 150 features, against 3.5 s for glmnet.)
    private func holdsHessian(_ m: Int) -> Bool {
        m <= hessianLimit || y.count >= 4 * m
    }

    /// The relative change of the IRLS weights (`sum |v - v_cached| / sum v_cached`) above which the
    /// cached products are reformed: looser when the point's tolerance needs few steps (callgrind on
    /// the FHT logistic grid: 0.1 is best at tolerance 1e-4, 0.03 at 1e-8).
    private var driftLimit = 0.1

    /// The step of ``inner(_:lambda:tolerance:precise:budget:)`` with the subproblem held as its
    /// Hessian on the working set (``HessianResidual``) from the ``HessianCache``: once the products
    /// are formed, coordinate descent and Newton steps on the subproblem no longer touch the data
    /// (the caller sets `tolerance`: the point's own where that is cheap). The cached products
    /// are reformed at the current weights when they drifted by more than ``driftLimit`` or the last
    /// step was poor (``hessianStale``).
    ///
    /// - Returns: `nil` when the design cannot form weighted Gram matrices fast or the working set is
    ///   too large for its `O(n m^2)` cost to pay.
    private func hessianInner(_ set: [Int], lambda: Double, tolerance: Double,
                              budget: Int) -> (passes: Int, moved: Bool)? {
        let m = set.count, n = y.count
        guard m > 0, holdsHessian(m), !fitIntercept || weightSum > 0 else { return nil }
        if hessianCache.isEmpty || hessianStale || hessianCache.features.count > 2 * max(hessianLimit, m)
            || hessianCache.drift(from: v) > driftLimit {
            hessianCache.reset(weights: v)
            hessianStale = false
            hessianFactor.reset()
        }
        guard hessianCache.include(set, design: x) else { return nil }
        let cache = hessianCache
        let total = cache.weightSum
        guard !fitIntercept || total > 0 else { return nil }
        // Means and the intercept's gradient under the cached weights.
        var means = [Double](repeating: 0, count: m)
        if fitIntercept { for (a, j) in set.enumerated() { means[a] = cache.sum(j) / total } }
        let g0 = fitIntercept ? rho.withUnsafeBufferPointer { Kernels.sum($0.baseAddress!, count: n) } : 0
        var rss = 0.0
        for i in 0..<n where cache.weights[i] > 0 { rss += rho[i] * rho[i] / cache.weights[i] }
        // The gradients the last KKT check computed at this point are reused.
        var reduced = [Double](repeating: 0, count: m)
        for (a, j) in set.enumerated() { reduced[a] = currentGradient(j) - means[a] * g0 }
        let model = HessianResidual(gradient: reduced, coefficients: set.map { b[$0] }, rss: rss) {
            cache.centeredProducts(set, means: means, into: $0)
        }
        // The factor of the last step over the same cached products, renumbered to this step's set.
        for (a, j) in set.enumerated() { stepPosition[j] = a }
        var factor = hessianFactor
        hessianFactor = SupportCholesky()  // one owner of the storage: no copy on the solver's first change
        factor.relabel { self.stepPosition[$0] >= 0 ? self.stepPosition[$0] : nil }
        for j in set { stepPosition[j] = -1 }
        var run = descend(model, over: set, curvature: model.curvature, responseSquares: model.responseSquares,
                          freshCrossProducts: false, lambda: lambda, tolerance: tolerance, budget: budget,
                          factor: consume factor)
        // Swapped out of `run`, not copied: relabeling a shared factor would copy its storage.
        swap(&hessianFactor, &run.factor)
        hessianFactor.relabel { set[$0] }
        // The intercept's step: (g0 - s'd) / W with s the cached weighted column sums.
        var shift = fitIntercept ? g0 / total : 0
        var moved = shift != 0
        // Through buffer pointers: indexing `run.b` next to writes of the solver's own `b` retained
        // and released it per access (perf: 6 % of a (100, 1000) logistic fit).
        run.b.withUnsafeBufferPointer { solved in
            b.withUnsafeMutableBufferPointer { current in
                for (a, j) in set.enumerated() where solved[a] != current[j] {
                    shift -= (solved[a] - current[j]) * means[a]
                    current[j] = solved[a]
                    moved = true
                }
            }
        }
        b0 += shift
        return (run.passes, moved)
    }

    /// The KKT violations of the true objective over `set` (and the intercept) at the current
    /// point: the largest distance of a gradient from its subdifferential and
    /// `sum_j violation_j^2 / (2 curvature_j)`, the predicted decrease of single Newton steps.
    private func violations(_ set: [Int], lambda: Double) -> (max: Double, estimate: Double) {
        var check = (max: 0.0, estimate: 0.0)
        if fitIntercept && weightSum > 0 {
            let g = rho.withUnsafeBufferPointer { Kernels.sum($0.baseAddress!, count: y.count) }
            check = (abs(g), g * g / (2 * weightSum))
        }
        computeGradients(set)
        computeCurvatures(set)
        let coefficients = b, g = gradient.base, pen = penalty
        for j in set {
            _ = record(j, gradient: g[j], coefficient: coefficients[j], penalty: pen, lambda: lambda, in: &check)
        }
        return check
    }

    /// Moves the current point (the solution at the last lambda) toward the solution at `lambda`, the
    /// linear extrapolation of the last two solutions (``PathExtrapolation``) kept within the bounds,
    /// when that lowers the objective at `lambda`: fewer IRLS steps and coordinate passes.
    ///
    /// Call it after ``strongSet(lambda:previous:)``, which reads the gradients at the last solution.
    ///
    /// - Returns: whether the point moved.
    /// - Complexity: O(n m) for `m` non-zero coefficients, plus O(n) for the objective.
    @discardableResult
    func predict(lambda: Double) -> Bool {
        guard let target = path.target(lambda: lambda, b: b) else { return false }
        var moves: [(j: Int, old: Double, new: Double)] = []
        for (s, j) in target.support.enumerated() {
            let next = min(max(target.values[s], penalty.lower[j]), penalty.upper[j])
            if next != b[j] { moves.append((j, b[j], next)) }
        }
        let shift = fitIntercept ? target.intercepts[0] - b0 : 0
        guard !moves.isEmpty || shift != 0 else { return false }
        // The objective at `lambda` of the last solution and of the extrapolation (the penalty of the
        // moved coordinates: the others keep theirs).
        let moved = moves.map(\.j)
        let before = currentLoss + penalty.value(b, lambda: lambda, over: moved)
        let savedEta = eta, savedB0 = b0
        b.withUnsafeMutableBufferPointer { bp in for move in moves { bp[move.j] = move.new } }
        b0 += shift
        eta.withUnsafeMutableBufferPointer { e in
            let ep = e.baseAddress!
            for move in moves { x.axpy(move.new - move.old, move.j, ep) }
            if shift != 0 { for i in 0..<e.count { ep[i] += shift } }
        }
        refresh()
        let after = currentLoss + penalty.value(b, lambda: lambda, over: moved)
        if after < before { return true }
        b0 = savedB0
        b.withUnsafeMutableBufferPointer { bp in for move in moves { bp[move.j] = move.old } }
        eta = savedEta
        refresh()
        return false
    }

    /// Solves at `lambda` from the current point, starting with `initialSet` as the working set.
    ///
    /// - Parameter checkAll: whether to check the KKT conditions of features outside the working set.
    func solve(lambda: Double, initialSet: [Int], tolerance: Double, checkAll: Bool = true) -> PointSolution {
        var working: [Int] = []
        for j in initialSet where !inWorking[j] { inWorking[j] = true; working.append(j) }
        for j in eligible where b[j] != 0 && !inWorking[j] { inWorking[j] = true; working.append(j) }
        defer { for j in working { inWorking[j] = false } }
        driftLimit = tolerance >= 1e-6 ? 0.1 : 0.03
        // Only the working set can be non-zero: the penalty is summed over it, in index order (as
        // over all features, so the sums are the same to the bit).
        var ordered = working.sorted()
        func penaltyValue() -> Double { penalty.value(b, lambda: lambda, over: ordered) }
        var f = currentLoss + penaltyValue()
        let scale = max(f - saturated, 1e-300)
        // The first subproblem is solved loosely; later ones as accurately as the outer step needs.
        var innerTolerance = 1e-4
        let target = tolerance * 1e-2 * scale
        var passes = 0, steps = 0
        var converged = false
        var check = (max: 0.0, estimate: 0.0)
        var start = [Double](repeating: 0, count: working.count)
        var etaStart = eta
        while true {
            // One proximal Newton step on the working set.
            if ordered.count != working.count { ordered = working.sorted() }
            if start.count != working.count { start = [Double](repeating: 0, count: working.count) }
            let coefficients = b
            start.withUnsafeMutableBufferPointer { out in
                coefficients.withUnsafeBufferPointer { bp in for (k, j) in working.enumerated() { out[k] = bp[j] } }
            }
            let b0Start = b0
            etaStart.withUnsafeMutableBufferPointer { d in
                eta.withUnsafeBufferPointer { d.baseAddress!.update(from: $0.baseAddress!, count: $0.count) }
            }
            // While the path is easy (the last lambda took one step), the first two steps here skip
            // their subproblems' certificates: a pass over the working set each, which the KKT check
            // below makes again on the true objective. Later steps, and all after a harder lambda,
            // certify: uncertified steps then stall the outer loop (FHT logistic (100, 5000, 0.5) at
            // tolerance 1e-5: 150 steps with certificates, 1,511 with none, 162 with this rule).
            // Sparse logistic 20,000 x 50,000 at 1e-4 (95 of 100 lambdas in one step): 334 -> 271
            // passes, 0.576 -> 0.488 s; FHT (100, 5000, 0.5): 25.7 -> 22.6 ms (medians of 9 and 7
            // alternating runs).
            let run = inner(working, lambda: lambda, tolerance: innerTolerance, precise: tolerance * 0.1,
                            budget: max(1, maxPasses - passes), uncertified: lastSteps == 1 && steps < 2)
            passes += run.passes
            eta.withUnsafeMutableBufferPointer { e in
                let ep = e.baseAddress!
                for (k, j) in working.enumerated() where b[j] != start[k] { x.axpy(b[j] - start[k], j, ep) }
                let d0 = b0 - b0Start
                if d0 != 0 { for i in 0..<e.count { ep[i] += d0 } }
            }
            refresh()
            var fNew = currentLoss + penaltyValue()
            var halvings = 0
            while !(fNew <= f) && halvings < 40 {
                for (k, j) in working.enumerated() { b[j] = 0.5 * (b[j] + start[k]) }
                b0 = 0.5 * (b0 + b0Start)
                for i in eta.indices { eta[i] = 0.5 * (eta[i] + etaStart[i]) }
                refresh()
                fNew = currentLoss + penaltyValue()
                halvings += 1
            }
            var stalled = !run.moved
            if !(fNew <= f) {
                for (k, j) in working.enumerated() { b[j] = start[k] }
                b0 = b0Start
                for i in eta.indices { eta[i] = etaStart[i] }
                refresh()
                fNew = f
                stalled = true
            }
            f = fNew
            steps += 1
            let previousEstimate = steps > 1 ? check.estimate : .infinity
            check = violations(working, lambda: lambda)
            // A cached Hessian that made a poor step (cut back, or less than a tenfold gain) is reformed.
            if halvings > 0 || stalled || check.estimate > 0.1 * previousEstimate { hessianStale = true }
            let exhausted = passes >= maxPasses || steps >= maxSteps
            if check.estimate <= target || exhausted {
                if checkAll && addViolators(lambda: lambda, to: &working, check: &check) && !exhausted { continue }
                converged = !exhausted && check.estimate <= target
                break
            }
            // Proximal Newton needs the subproblem only about as accurate as the step is from optimal.
            innerTolerance = min(innerTolerance, max(10 * check.estimate / scale, tolerance * 0.1))
            if stalled {
                if innerTolerance < 1e-30 { break }
                innerTolerance *= 0.01
            }
        }
        for j in working where b[j] != 0 && !isEverActive[j] {
            isEverActive[j] = true
            everActiveCount += 1
        }
        path.record(lambda: lambda, b: b, support: working.filter { b[$0] != 0 }, intercepts: [b0])
        lastSteps = steps
        let l = currentLoss
        return PointSolution(objective: l + penaltyValue(), loss: l,
                             maxViolation: check.max, kktEstimate: scale > 0 ? check.estimate / scale : 0,
                             passes: passes, converged: converged)
    }
}


