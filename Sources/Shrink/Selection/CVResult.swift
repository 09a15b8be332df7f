/// The result of a cross-validation run: the error curve, the recommended lambdas and the fit
/// on all data.
public struct CVResult: Sendable, Equatable {
    /// The loss that was cross-validated.
    public let measure: CVMeasure
    /// The family's name.
    public let family: String
    /// The error curve of the penalized fits, with lambda.min and lambda.1se.
    public let curve: CVCurve
    /// The fit on all data (its lambdas are the master grid).
    public let fit: RegularizationPath
    /// The folds used.
    public let folds: Folds
    /// Whether the standard error came from per-fold means (cv.glmnet's `grouped`).
    public let grouped: Bool
    /// How the folds chose their lambdas.
    public let foldLambdas: CVOptions.FoldLambdas
    /// The out-of-fold linear predictors, one array of n per lambda (with ``CVOptions/keepPredictions``).
    public let predictions: [[Double]]?
    /// The relaxed cross-validation (with ``CVOptions/relax``).
    public let relaxed: RelaxedCV?

    /// The largest lambda at the minimum error.
    public var lambdaMin: Double { curve.lambdaMin }
    /// The largest lambda within one standard error of the minimum.
    public var lambda1se: Double { curve.lambda1se }
}

/// Cross-validation of the relaxed fits over a grid of blends `gamma` (glmnet's `cv.relaxed`).
public struct RelaxedCV: Sendable, Equatable {
    /// The blends, increasing (the penalized fit is `gamma = 1`).
    public let gammas: [Double]
    /// One error curve per gamma.
    public let curves: [CVCurve]
    /// The index of the best gamma and lambda (0-based): the smallest error, ties broken by the
    /// largest lambda, then the largest gamma (glmnet's `getOptcv.relaxed`).
    public let indexMin: (gamma: Int, lambda: Int)
    /// The largest lambda (then gamma) whose error is within one standard error of the best.
    public let index1se: (gamma: Int, lambda: Int)
    /// The relaxed fit on all data.
    public let fit: RelaxedPath

    /// The best gamma.
    public var gammaMin: Double { gammas[indexMin.gamma] }
    /// The best lambda.
    public var lambdaMin: Double { curves[indexMin.gamma].lambdas[indexMin.lambda] }
    /// The one-standard-error gamma.
    public var gamma1se: Double { gammas[index1se.gamma] }
    /// The one-standard-error lambda.
    public var lambda1se: Double { curves[index1se.gamma].lambdas[index1se.lambda] }

    /// Compares every field.
    public static func == (a: RelaxedCV, b: RelaxedCV) -> Bool {
        a.gammas == b.gammas && a.curves == b.curves && a.indexMin == b.indexMin
            && a.index1se == b.index1se && a.fit == b.fit
    }

    /// Picks the best (gamma, lambda) over all curves as glmnet's `getOptcv.relaxed`.
    init(gammas: [Double], curves: [CVCurve], fit: RelaxedPath, largerIsBetter: Bool) {
        let sign = largerIsBetter ? -1.0 : 1.0
        // Candidates in glmnet's order of preference among ties: larger lambda, then larger gamma.
        func better(_ a: (Int, Int), than b: (Int, Int)) -> Bool {
            let la = curves[a.0].lambdas[a.1], lb = curves[b.0].lambdas[b.1]
            return la != lb ? la > lb : gammas[a.0] > gammas[b.0]
        }
        var best: (Int, Int)? = nil
        var bestValue = Double.infinity
        for g in curves.indices {
            for l in curves[g].cvm.indices where !curves[g].cvm[l].isNaN {
                let v = sign * curves[g].cvm[l]
                if best == nil || v < bestValue || (v == bestValue && better((g, l), than: best!)) {
                    best = (g, l)
                    bestValue = v
                }
            }
        }
        let b = best ?? (curves.count - 1, 0)
        let bar = bestValue + curves[b.0].cvsd[b.1]
        var pick: (Int, Int) = b
        for g in curves.indices {
            for l in curves[g].cvm.indices where !curves[g].cvm[l].isNaN && sign * curves[g].cvm[l] <= bar {
                if better((g, l), than: pick) { pick = (g, l) }
            }
        }
        self.gammas = gammas
        self.curves = curves
        indexMin = (gamma: b.0, lambda: b.1)
        index1se = (gamma: pick.0, lambda: pick.1)
        self.fit = fit
    }
}
