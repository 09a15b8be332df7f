#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// AIC, BIC and extended BIC of a gaussian fit, with the variance profiled out.
///
/// With weights `w_i` as given (rows with `w_i = 0` dropped, `n` the number of remaining rows),
/// residuals `r_i` and `RSS = sum w_i r_i^2`, the maximized log-likelihood of
/// `y_i ~ N(mu_i, sigma^2 / w_i)` is that of R's `logLik.lm`:
///
///     -2 log L = n (log(2 pi) + 1 - log n + log RSS) - sum_i log w_i
///
/// The number of parameters is `k = df + 1 (intercept, if fitted) + 1 (sigma)`, and
///
///     AIC  = -2 log L + 2 k
///     BIC  = -2 log L + log(n) k
///     EBIC = BIC + 2 gamma log C(p, df)      (Chen & Chen 2008; gamma in [0, 1], default 0.5)
///
/// with `log C(p, df) = lgamma(p + 1) - lgamma(df + 1) - lgamma(p - df + 1)` (continuous in df).
/// For an lm fit on the active set these equal R's `AIC()` and `BIC()`.
///
/// The degrees of freedom `df` of a penalized fit (see ``effectiveDegreesOfFreedom(x:y:options:point:)``)
/// are the number of non-zero coefficients for the lasso (Zou, Hastie & Tibshirani 2007) and the
/// trace of the hat matrix on the active set for ridge / elastic net.
public struct InformationCriteria: Sendable, Equatable {
    /// The lambda of the fit (0 when not from a path).
    public let lambda: Double
    /// The degrees of freedom of the coefficients (without intercept and sigma).
    public let df: Double
    /// The weighted residual sum of squares, with the weights as given.
    public let rss: Double
    /// `-2 log L`.
    public let minus2LogLikelihood: Double
    /// Akaike's information criterion.
    public let aic: Double
    /// Schwarz's Bayesian information criterion.
    public let bic: Double
    /// The extended BIC with ``ebicGamma``.
    public let ebic: Double
    /// The EBIC's gamma.
    public let ebicGamma: Double

    /// Evaluates the criteria for residuals `r` with weights `weights` (as given; `nil` = 1).
    ///
    /// - Parameters:
    ///   - featureCount: `p`, the number of candidate features (for the EBIC).
    /// - Complexity: O(n).
    public init(residuals r: [Double], weights: [Double]?, df: Double, intercept: Bool, featureCount p: Int,
                lambda: Double = 0, ebicGamma: Double = 0.5) {
        var rss = 0.0, logW = 0.0, n = 0
        for i in r.indices {
            let w = weights?[i] ?? 1
            guard w > 0 else { continue }
            rss += w * r[i] * r[i]
            logW += log(w)
            n += 1
        }
        let nn = Double(n)
        let m2ll = nn * (log(2 * Double.pi) + 1 - log(nn) + log(rss)) - logW
        let k = df + (intercept ? 1 : 0) + 1
        let logChoose = lgamma(Double(p) + 1) - lgamma(df + 1) - lgamma(Double(p) - df + 1)
        self.lambda = lambda
        self.df = df
        self.rss = rss
        minus2LogLikelihood = m2ll
        aic = m2ll + 2 * k
        bic = m2ll + log(nn) * k
        ebic = bic + 2 * ebicGamma * logChoose
        self.ebicGamma = ebicGamma
    }

    /// The criteria at every point of a gaussian path fitted to `x`, `y` with `options`.
    ///
    /// - Throws: ``ShrinkError/invalidInput(_:)`` for data or options ``ElasticNet`` rejects, or a
    ///   path of another family or size.
    /// - Complexity: O(m (n p + n k^2 + k^3)) for m points with at most k non-zeros.
    public static func along(path: RegularizationPath, x: DesignMatrix, y: [Double], options: ElasticNetOptions,
                             ebicGamma: Double = 0.5) throws -> [InformationCriteria] {
        guard path.family == "gaussian" else {
            throw ShrinkError.invalidInput("information criteria are implemented for the gaussian family, not \(path.family)")
        }
        guard path.featureCount == x.columnCount, path.rowCount == x.rowCount else {
            throw ShrinkError.invalidInput("the path was fitted to data of another size")
        }
        guard ebicGamma >= 0, ebicGamma <= 1 else {
            throw ShrinkError.invalidInput("the EBIC gamma \(ebicGamma) is outside [0, 1]")
        }
        let problem = try GaussianProblem(x: x, y: y, options: options)
        return path.points.map { point in
            let eta = x.linearPredictor(intercept: point.intercept, coefficients: point.coefficients)
            let r = (0..<y.count).map { y[$0] - eta[$0] }
            let df = effectiveDF(problem: problem, x: x, active: point.coefficients.indices, lambda: point.lambda)
            return InformationCriteria(residuals: r, weights: options.weights, df: df, intercept: options.fitIntercept,
                                       featureCount: x.columnCount, lambda: point.lambda, ebicGamma: ebicGamma)
        }
    }

    /// The effective degrees of freedom of an elastic-net solution: the trace of the hat matrix
    /// (the divergence of the fitted values) with the active set and signs held fixed.
    ///
    /// On the active set A the stationarity conditions of Shrink's objective are linear in y:
    /// `X~_A' W (y - X~_A b) = lambda (1 - alpha) D b + lambda alpha P s sign(b)`, with `X~` the
    /// columns centered at their weighted means (not centered without an intercept), W the
    /// normalized weights and `D = diag(pf_j s_j^2)`. Hence, with `G = X~_A' W X~_A`,
    ///
    ///     df = tr( G (G + lambda (1 - alpha) D)^{-1} )
    ///
    /// which for equal penalty factors and standardized columns is `sum_k d_k / (d_k + lambda (1-alpha))`
    /// over the eigenvalues `d_k` of the active columns' weighted correlation matrix, and is the
    /// number of active features for the lasso (alpha = 1). The intercept is not counted. It is
    /// computed by a Cholesky factorization of `G + lambda (1 - alpha) D` on the active set.
    ///
    /// - Throws: ``ShrinkError/invalidInput(_:)`` for data or options ``ElasticNet`` rejects.
    /// - Complexity: O(n k^2 + k^3) for k active features.
    public static func effectiveDegreesOfFreedom(x: DesignMatrix, y: [Double], options: ElasticNetOptions,
                                                 point: PathPoint) throws -> Double {
        let problem = try GaussianProblem(x: x, y: y, options: options)
        return effectiveDF(problem: problem, x: x, active: point.coefficients.indices, lambda: point.lambda)
    }

    static func effectiveDF(problem: GaussianProblem, x: DesignMatrix, active: [Int], lambda: Double) -> Double {
        let k = active.count
        let ridge = lambda * (1 - problem.options.alpha)
        guard k > 0, ridge > 0 else { return Double(k) }
        let n = x.rowCount
        let w = problem.weights
        let columns = active.map { j -> [Double] in
            var c = x.denseColumn(j)
            if problem.options.fitIntercept {
                var m = 0.0
                for i in 0..<n { m += w[i] * c[i] }
                for i in 0..<n { c[i] -= m }
            }
            return c
        }
        var g = [Double](repeating: 0, count: k * k)
        for a in 0..<k {
            let wa = (0..<n).map { w[$0] * columns[a][$0] }
            for b in 0...a {
                let v = wa.withUnsafeBufferPointer { p in
                    columns[b].withUnsafeBufferPointer { Kernels.dot(p.baseAddress!, $0.baseAddress!, count: n) }
                }
                g[a * k + b] = v
                g[b * k + a] = v
            }
        }
        var m = g
        for (t, j) in active.enumerated() {
            let s = problem.stats.scales[j]
            m[t * k + t] += ridge * problem.penalty.factors[j] * s * s
        }
        guard let chol = Cholesky(m, order: k, relativePivot: 1e-14) else { return Double(k) }
        // tr(M^{-1} G): solve M z = G e_t for each column t and sum the diagonal.
        var trace = 0.0
        for t in 0..<k {
            let column = (0..<k).map { g[$0 * k + t] }
            trace += chol.solve(column)[t]
        }
        return trace
    }
}
