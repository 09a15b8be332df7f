/// K-fold cross-validation along the regularization path, as R's `cv.glmnet`.
///
/// 1. The path is fitted on all data; its lambdas are the master grid and its non-zero counts
///    are `nzero`.
/// 2. Each fold is left out in turn and the path is fitted on the other rows (same options and
///    weights). With ``CVOptions/FoldLambdas/glmnet`` and the automatic grid each fold computes its
///    own grid, as cv.glmnet does, and its predictions at the master lambdas are interpolated
///    linearly in lambda (clamped to its end points); user lambdas are solved as given.
/// 3. The pointwise losses of the out-of-fold predictions are averaged per fold (weighted), and
///    with `W_k` the total weight of fold k:
///    `cvm = sum_k W_k m_k / sum_k W_k`,
///    `cvsd = sqrt( (sum_k W_k (m_k - cvm)^2 / sum_k W_k) / (K - 1) )` (grouped), or over rows
///    with `n - 1` when not grouped (forced when n / K < 3, as cv.glmnet).
/// 4. lambda.min and lambda.1se are picked as in ``CVCurve``.
///
/// Folds run concurrently in a task group and their results are combined in fold order, so the
/// result is bit-identical to a serial run.
public enum CrossValidation {
    /// Cross-validates the path of `x`, `y` with `options` (weights, penalty, grid, ...).
    ///
    /// - Throws: ``ShrinkError/invalidInput(_:)`` for invalid data, options or folds (a fold's
    ///   error is prefixed with its number).
    public static func run(x: DesignMatrix, y: [Double], options: ElasticNetOptions = ElasticNetOptions(),
                           cvOptions: CVOptions = CVOptions()) async throws -> CVResult {
        try await run(x: x, y: y, options: options, cvOptions: cvOptions,
                      gram: sharedGram(x: x, options: options, family: cvOptions.family))
    }

    /// The all-row Gram products the folds of a cross-validation of `x` share, when their fits run
    /// covariance updates (dense, about n >= p and p <= 1000, or n >= 2p and p <= 4096); `nil`
    /// otherwise. They do not depend on alpha or the folds, so cross-validations over an alpha grid
    /// share one.
    static func sharedGram(x: DesignMatrix, options: ElasticNetOptions, family: CVFamily) -> SharedGram? {
        let n = x.rowCount
        guard case .dense(let m) = x, family.foldFit != nil, shapesMatch(options, rows: n),
              options.solver == .covariance || (options.solver == .automatic && GaussianProblem.prefersCovariance(
                  rows: n - n / 3, features: m.columnCount))
        else { return nil }
        return SharedGram(m, weights: options.weights ?? [Double](repeating: 1, count: n))
    }

    /// Whether the weights and offsets have one value per row (else the fit on all data reports it).
    static func shapesMatch(_ options: ElasticNetOptions, rows n: Int) -> Bool {
        (options.weights?.count ?? n) == n && (options.offset?.count ?? n) == n
    }

    /// ``run(x:y:options:cvOptions:)`` with the folds' covariance updates drawing on `gram`.
    static func run(x: DesignMatrix, y: [Double], options: ElasticNetOptions, cvOptions: CVOptions,
                    gram shared: SharedGram?) async throws -> CVResult {
        let n = x.rowCount
        guard y.count == n else {
            throw ShrinkError.invalidInput("the response has \(y.count) values but the design has \(n) rows")
        }
        let folds = try makeFolds(rows: n, cvOptions)
        let family = cvOptions.family
        let measure = cvOptions.measure ?? family.measures[0]
        guard family.measures.contains(measure) else {
            let list = family.measures.map(\.rawValue).joined(separator: ", ")
            throw ShrinkError.invalidInput("measure \"\(measure.rawValue)\" is not available for the \(family.name) family (use \(list))")
        }
        let gammas = try checkedGammas(cvOptions)
        let weights = options.weights ?? [Double](repeating: 1, count: n)

        // Covariance updates on a dense design: the folds share the all-row cross products.
        let shapesValid = shapesMatch(options, rows: n)
        let gram = options.alpha > 0 ? shared : nil
        let gammasUsed = cvOptions.relax ? gammas : []
        let fit: RegularizationPath
        let fits: [FoldFit]
        if cvOptions.foldLambdas == .glmnet && cvOptions.parallel && shapesValid {
            // The folds do not need the master grid: fit it concurrently with them. Its error, if
            // any, is the one reported (the folds fail on the same data with a fold prefix).
            let work = FoldWork(x: x, y: y, options: options, folds: folds, family: family, gammas: gammasUsed, gram: gram)
            async let masterFit = family.fit(x, y, options)
            let foldFits: Result<[FoldFit], any Error>
            do {
                foldFits = .success(try await runFolds(folds.count, parallel: true) { try work.run(fold: $0) })
            } catch {
                foldFits = .failure(error)
            }
            fit = try await masterFit
            fits = try foldFits.get()
        } else {
            fit = try family.fit(x, y, options)
            var foldOptions = options
            if cvOptions.foldLambdas == .master { foldOptions.lambdas = fit.lambdas }
            let work = FoldWork(x: x, y: y, options: foldOptions, folds: folds, family: family, gammas: gammasUsed, gram: gram)
            fits = try await runFolds(folds.count, parallel: cvOptions.parallel) { try work.run(fold: $0) }
        }
        let relaxedFit = cvOptions.relax
            ? try RelaxedPath(path: fit, x: x, y: y, options: options, family: family) : nil
        let master = fit.lambdas
        let done = fits.map { $0.outcome(at: master) }

        // Assemble the out-of-fold linear predictors: one array of n per lambda (per gamma).
        func assemble(_ pick: (FoldOutcome) -> [[Double]]) -> [[Double]] {
            var eta = [[Double]](repeating: [Double](repeating: .nan, count: n), count: master.count)
            for outcome in done {
                let block = pick(outcome)
                for l in 0..<master.count {
                    for (t, i) in outcome.rows.enumerated() { eta[l][i] = block[l][t] }
                }
            }
            return eta
        }
        let grouped = cvOptions.grouped && Double(n) / Double(folds.count) >= 3
        let nzero = fit.points.map(\.nonzeroCount)
        let penalizedEta = assemble { $0.penalized }
        let statistics = CVStatistics(y: y, weights: weights, folds: folds, family: family,
                                      measure: measure, grouped: grouped)
        let (cvm, cvsd) = statistics.compute(penalizedEta)
        let curve = try CVCurve(lambdas: master, cvm: cvm, cvsd: cvsd, nzero: nzero,
                                largerIsBetter: measure.largerIsBetter)
        var relaxed: RelaxedCV? = nil
        if let relaxedFit {
            var curves: [CVCurve] = []
            for g in gammas.indices {
                let (m, s) = statistics.compute(assemble { $0.relaxed[g] })
                curves.append(try CVCurve(lambdas: master, cvm: m, cvsd: s, nzero: nzero,
                                          largerIsBetter: measure.largerIsBetter))
            }
            relaxed = RelaxedCV(gammas: gammas, curves: curves, fit: relaxedFit,
                                largerIsBetter: measure.largerIsBetter)
        }
        return CVResult(measure: measure, family: family.name, curve: curve, fit: fit, folds: folds,
                        grouped: grouped, foldLambdas: cvOptions.foldLambdas,
                        predictions: cvOptions.keepPredictions ? penalizedEta : nil, relaxed: relaxed)
    }

    /// The folds of `cvOptions`: given ids, stratified by class, or random from the seed.
    static func makeFolds(rows n: Int, _ o: CVOptions) throws -> Folds {
        if let ids = o.foldIDs {
            guard ids.count == n else {
                throw ShrinkError.invalidInput("there are \(ids.count) fold ids for \(n) rows")
            }
            return try Folds(ids: ids)
        }
        if let strata = o.strata {
            guard strata.count == n else {
                throw ShrinkError.invalidInput("there are \(strata.count) class labels for \(n) rows")
            }
            return try Folds.stratified(classes: strata, folds: o.folds, seed: o.seed)
        }
        return try Folds.random(rows: n, folds: o.folds, seed: o.seed)
    }

    /// The relaxed blends, checked and sorted (glmnet's `checkgamma.relax` rejects instead of dropping).
    static func checkedGammas(_ o: CVOptions) throws -> [Double] {
        guard o.relax else { return [] }
        guard !o.gammas.isEmpty else { throw ShrinkError.invalidInput("the list of relaxed gammas is empty") }
        for g in o.gammas where !(g >= 0 && g <= 1) {
            throw ShrinkError.invalidInput("relaxed gamma = \(g) is outside [0, 1]")
        }
        return Array(Set(o.gammas)).sorted()
    }
}

/// The out-of-fold linear predictors of one fold.
struct FoldOutcome: Sendable {
    /// The held-out rows (0-based, increasing).
    let rows: [Int]
    /// Per master lambda, the linear predictor of each held-out row.
    let penalized: [[Double]]
    /// Per gamma, per master lambda, the relaxed blend's linear predictor of each held-out row.
    let relaxed: [[[Double]]]
}

/// A fold's path and the linear predictors of its held-out rows at the fold's own lambdas.
struct FoldFit: Sendable {
    /// The held-out rows (0-based, increasing).
    let rows: [Int]
    /// The fold path's lambdas (decreasing).
    let lambdas: [Double]
    /// Per fold lambda, the linear predictor of each held-out row.
    let penalized: [[Double]]
    /// Per gamma, per fold lambda, the relaxed blend's linear predictor of each held-out row.
    let relaxed: [[[Double]]]

    /// The predictors interpolated at the master lambdas (glmnet's `lambda.interp`).
    func outcome(at master: [Double]) -> FoldOutcome {
        FoldOutcome(rows: rows, penalized: FoldWork.interpolate(penalized, lambdas: lambdas, at: master),
                    relaxed: relaxed.map { FoldWork.interpolate($0, lambdas: lambdas, at: master) })
    }
}

/// Everything a fold fit needs (immutable, shared by the concurrent fold tasks).
struct FoldWork: Sendable {
    let x: DesignMatrix
    let y: [Double]
    let options: ElasticNetOptions
    let folds: Folds
    let family: CVFamily
    let gammas: [Double]
    /// The all-row cross products the folds' covariance updates start from, if shared.
    let gram: SharedGram?

    /// Fits the path without fold `k` and predicts its rows at the fold's lambdas.
    func run(fold k: Int) throws -> FoldFit {
        do {
            return try predict(fold: k)
        } catch let ShrinkError.invalidInput(message) {
            throw ShrinkError.invalidInput("cross-validation fold \(k) of \(folds.count): \(message)")
        }
    }

    private func predict(fold k: Int) throws -> FoldFit {
        var train: [Int] = [], test: [Int] = []
        for (i, id) in folds.ids.enumerated() {
            if id == k { test.append(i) } else { train.append(i) }
        }
        let xTrain = try x.selectingRows(train), xTest = try x.selectingRows(test)
        var o = options
        if let w = options.weights { o.weights = train.map { w[$0] } }
        // Offsets: the fold fits see their rows' offsets, and the held-out linear predictors
        // include the held-out rows' offsets (as cv.glmnet's predict(newoffset =)).
        let testOffset = options.offset.map { off in test.map { off[$0] } }
        if let off = options.offset { o.offset = train.map { off[$0] } }
        let yTrain = train.map { y[$0] }
        let path: RegularizationPath
        if let gram, let foldFit = family.foldFit, case .dense(let held) = xTest {
            let heldOutWeights = test.map { options.weights?[$0] ?? 1 }
            path = try foldFit(xTrain, yTrain, o, FoldGram(shared: gram, heldOut: held, heldOutWeights: heldOutWeights))
        } else {
            path = try family.fit(xTrain, yTrain, o)
        }
        let lambdas = path.lambdas
        // Linear predictors of the held-out rows at each of the fold's own lambdas.
        let etaPenalized = path.points.map {
            Self.adding(testOffset, to: xTest.linearPredictor(intercept: $0.intercept, coefficients: $0.coefficients))
        }
        var relaxed: [[[Double]]] = []
        if !gammas.isEmpty {
            let r = try RelaxedPath(path: path, x: xTrain, y: yTrain, options: o, family: family)
            for g in gammas {
                let eta = lambdas.indices.map { m in
                    let (a0, b) = r.blended(at: m, gamma: g)
                    return Self.adding(testOffset, to: xTest.linearPredictor(intercept: a0, coefficients: b))
                }
                relaxed.append(eta)
            }
        }
        return FoldFit(rows: test, lambdas: lambdas, penalized: etaPenalized, relaxed: relaxed)
    }

    /// `eta + offset` (or `eta` without offsets).
    static func adding(_ offset: [Double]?, to eta: [Double]) -> [Double] {
        guard let offset else { return eta }
        return zip(eta, offset).map { $0 + $1 }
    }

    /// Interpolates per-lambda vectors linearly in lambda at each of `targets`, clamping to the
    /// first / last vector outside the range (glmnet's `lambda.interp`).
    static func interpolate(_ values: [[Double]], lambdas: [Double], at targets: [Double]) -> [[Double]] {
        let m = lambdas.count
        return targets.map { s in
            if m == 1 || s >= lambdas[0] { return values[0] }
            if s <= lambdas[m - 1] { return values[m - 1] }
            var lo = 0, hi = m - 1  // s in (lambdas[hi], lambdas[lo])
            while hi - lo > 1 {
                let mid = (lo + hi) / 2
                if lambdas[mid] >= s { lo = mid } else { hi = mid }
            }
            if lambdas[lo] == s { return values[lo] }
            let f = (s - lambdas[hi]) / (lambdas[lo] - lambdas[hi])
            return zip(values[lo], values[hi]).map { f * $0 + (1 - f) * $1 }
        }
    }
}
