/// An evidence-based choice between L1 (lasso), L2 (ridge) and the elastic net for one data set.
///
/// The advisor cross-validates ridge (alpha = 0), the lasso (alpha = 1) and the elastic net at
/// each alpha of a grid, all on the same folds, measures what the rules of thumb talk about
/// (n versus p, how concentrated the signal is, correlated groups, stability selection) and
/// recommends a penalty with reasons (see ``Recommendation``).
///
/// The decision rule: among ridge, the lasso and the best elastic net, take the smallest CV error
/// at lambda.min; every penalty whose error is within one standard error of it (the best's
/// `cvsd`) is statistically indistinguishable from it; among those, recommend the one that keeps
/// the fewest features at lambda.min. A penalty counts as sparser only when it keeps at most 90%
/// as many features (``sparsityRatio``); among penalties about as sparse, the smaller error wins
/// (among exact ties, the larger alpha).
///
/// Ridge is cross-validated with the closed-form path (``Ridge``) on its spectral grid when the
/// family is gaussian and there are no coefficient bounds, otherwise with the elastic-net path at
/// alpha = 0.
public enum Advisor {
    /// Compares the penalties on `x`, `y` and recommends one.
    ///
    /// - Parameters:
    ///   - options: The fit options (weights, standardization, grid, ...); `alpha` is ignored.
    ///   - folds: The number of folds K (ignored with ``AdvisorSettings/foldIDs``).
    ///   - seed: Seeds the folds and the stability subsamples (same seed, same result, bit for bit).
    ///   - alphaGrid: The elastic-net alphas in (0, 1) (0 and 1 are always added).
    ///   - stability: The stability-selection options.
    ///   - settings: Correlation threshold, family, measure, parallelism, feature names.
    ///   - progress: Called with a short message before each stage.
    /// - Throws: ``ShrinkError/invalidInput(_:)`` for invalid data or options.
    public static func compare(
        x: DesignMatrix, y: [Double], options: ElasticNetOptions = ElasticNetOptions(),
        folds: Int = 10, seed: UInt64 = 1, alphaGrid: [Double] = AdvisorSettings.defaultAlphaGrid,
        stability: StabilityOptions = StabilityOptions(), settings: AdvisorSettings = AdvisorSettings(),
        progress: (@Sendable (String) -> Void)? = nil
    ) async throws -> Comparison {
        let n = x.rowCount, p = x.columnCount
        guard y.count == n else {
            throw ShrinkError.invalidInput("the response has \(y.count) values but the design has \(n) rows")
        }
        guard p >= 1 else { throw ShrinkError.invalidInput("the design has no features") }
        for a in alphaGrid where !(a >= 0 && a <= 1) {
            throw ShrinkError.invalidInput("alpha = \(a) in the alpha grid is outside [0, 1]")
        }
        let t = settings.correlationThreshold
        guard t > 0 && t <= 1 else { throw ShrinkError.invalidInput("the correlation threshold \(t) is outside (0, 1]") }
        let names = settings.featureNames ?? (1...p).map { "x\($0)" }
        guard names.count == p else {
            throw ShrinkError.invalidInput("there are \(names.count) feature names for \(p) features")
        }
        let alphas = Array(Set(alphaGrid + [0, 1])).sorted()

        var cv = CVOptions()
        cv.folds = folds
        cv.seed = seed
        cv.foldIDs = settings.foldIDs
        cv.measure = settings.measure
        cv.family = settings.family
        cv.parallel = settings.parallel
        let shared = try CrossValidation.makeFolds(rows: n, cv)
        cv.foldIDs = shared.ids
        let gram = CrossValidation.sharedGram(x: x, options: options, family: settings.family)
        var penalties: [PenaltyResult] = []
        for (k, alpha) in alphas.enumerated() {
            progress?("cross-validating \(PenaltyResult.name(alpha: alpha)) (\(k + 1) of \(alphas.count))")
            var o = options
            o.alpha = alpha
            var cvAlpha = cv
            if alpha == 0 && settings.family.name == "gaussian" && options.lowerLimits == nil && options.upperLimits == nil
                && options.offset == nil {
                cvAlpha.family = closedFormRidge
            }
            let result = try await CrossValidation.run(x: x, y: y, options: o, cvOptions: cvAlpha, gram: gram)
            penalties.append(PenaltyResult(alpha: alpha, cv: result))
        }
        let ridge = penalties.first!, lasso = penalties.last!

        progress?("stability selection (\(stability.subsamples) half-samples)")
        var lassoOptions = options
        lassoOptions.alpha = 1
        let stable = try await StabilitySelection.run(
            x: x, y: y, options: lassoOptions, lambdaMax: lasso.cv.fit.lambdas[0], stability: stability,
            seed: seed, family: settings.family, parallel: settings.parallel)

        progress?("correlated groups")
        let weights = normalizedWeights(options.weights, n: n)
        let stats = ColumnStatistics(x, weights: weights, center: true, standardize: true)
        let scale = (0..<p).map { stats.varies[$0] ? stats.scales[$0] : 0 }
        func standardized(_ b: [Double]) -> [Double] { zip(b, scale).map { $0 * $1 } }
        let ridgeStd = standardized(ridge.coefficientsMin)
        let lassoStd = standardized(lasso.coefficientsMin)
        let lassoStd1se = standardized(lasso.coefficients1se)
        let mass = ridgeStd.map { $0 * $0 }.sorted(by: >)
        let total = mass.reduce(0, +)
        var cumulative: [Double] = []
        var running = 0.0
        for v in mass {
            running += v
            cumulative.append(total > 0 ? running / total : 0)
        }
        var groups: [CorrelatedGroup]? = nil
        if p <= settings.maxFeaturesForGroups {
            let r = CorrelationGroups.correlations(x, weights: weights)
            groups = CorrelationGroups.components(r, threshold: t).map { component in
                let members = component.members
                func shares(_ b: [Double]) -> [Double] {
                    let s = members.map { abs(b[$0]) }
                    let sum = s.reduce(0, +)
                    return s.map { sum > 0 ? $0 / sum : 0 }
                }
                return CorrelatedGroup(
                    members: members, correlations: members.map { j in members.map { r[j][$0] } },
                    minimumLinkCorrelation: component.weakestLink,
                    lassoKept: members.filter { lassoStd[$0] != 0 },
                    lassoKept1se: members.filter { lassoStd1se[$0] != 0 },
                    ridgeShares: shares(ridgeStd), lassoShares: shares(lassoStd))
            }
        }
        let evidence = Evidence(
            rows: n, features: p, featureScales: scale, ridgeStandardized: ridgeStd, lassoStandardized: lassoStd,
            lassoStandardized1se: lassoStd1se, cumulativeRidgeShare: cumulative,
            lassoSupportMin: lasso.keptMin, lassoSupport1se: lasso.kept1se, correlationThreshold: t,
            groups: groups, stability: stable)
        let comparison = Comparison(penalties: penalties, folds: shared, measure: lasso.cv.measure,
                                    featureNames: names, evidence: evidence,
                                    recommendation: Recommendation(choice: .lasso, alpha: 1, lambda: 0, lambdaRule: "",
                                                                   distinguishable: false, withinOneSE: [],
                                                                   headline: "", reasons: []))
        return Comparison(penalties: penalties, folds: shared, measure: comparison.measure, featureNames: names,
                          evidence: evidence, recommendation: recommend(comparison))
    }

    /// The gaussian family with ridge paths in closed form (``Ridge/fitPath(x:y:options:criterion:grid:)``,
    /// the same objective as the elastic net at alpha = 0) on ridge's spectral grid, which reaches
    /// the small lambdas where ridge is often best (glmnet's alpha = 0 grid starts at 1000 times the
    /// lasso's lambda_max and, with its ratio of 1e-4, often stops before them).
    static let closedFormRidge = CVFamily(
        name: "gaussian", measures: CVFamily.gaussian.measures,
        fit: { x, y, options in
            var o = options
            o.alpha = 0
            let r = try Ridge.fitPath(x: x, y: y, options: o, criterion: .generalizedCrossValidation)
            return try RegularizationPath(family: "gaussian", alpha: 0, featureCount: r.featureCount, rowCount: r.rowCount,
                                          nullDeviance: r.nullDeviance, points: r.points, stopReason: r.stopReason,
                                          solver: .automatic, fitSeconds: r.fitSeconds)
        },
        loss: CVFamily.gaussian.loss, mean: CVFamily.gaussian.mean, leastSquaresRefit: true)

    /// The observation weights normalized to sum 1 (equal weights when nil).
    static func normalizedWeights(_ w: [Double]?, n: Int) -> [Double] {
        guard let w else { return [Double](repeating: 1 / Double(n), count: n) }
        let s = w.reduce(0, +)
        return w.map { $0 / s }
    }
}
