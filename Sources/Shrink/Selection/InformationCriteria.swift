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
///
/// For binomial and poisson paths `-2 log L` is the likelihood itself (with the weights as given,
/// rows with `w_i = 0` dropped): `-2 sum_i w_i (y_i eta_i - log(1 + exp(eta_i)))` for binomial 0/1
/// responses (the deviance) and `-2 sum_i w_i (y_i eta_i - mu_i - log(y_i!))` for poisson, offsets
/// included in `eta`. There is no scale parameter, so `k = df + 1 (intercept, if fitted)`, and `df`
/// is the trace of the IRLS hat matrix at the solution: the formula above with the working weights
/// `w_i var(mu_i)` in place of `w_i` (the number of non-zeros for the lasso).
public struct InformationCriteria: Sendable, Equatable {
    /// The lambda of the fit (0 when not from a path).
    public let lambda: Double
    /// The degrees of freedom of the coefficients (without intercept and sigma).
    public let df: Double
    /// The weighted residual sum of squares `sum w_i (y_i - mu_i)^2`, with the weights as given.
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
        self.init(minus2LogLikelihood: nn * (log(2 * Double.pi) + 1 - log(nn) + log(rss)) - logW, rss: rss,
                  rows: n, df: df, parameters: df + (intercept ? 1 : 0) + 1, featureCount: p, lambda: lambda,
                  ebicGamma: ebicGamma)
    }

    /// The criteria from `-2 log L` over `rows` observations and `parameters` estimated parameters.
    init(minus2LogLikelihood m2ll: Double, rss: Double, rows n: Int, df: Double, parameters k: Double,
         featureCount p: Int, lambda: Double, ebicGamma: Double) {
        let logChoose = lgamma(Double(p) + 1) - lgamma(df + 1) - lgamma(Double(p) - df + 1)
        self.lambda = lambda
        self.df = df
        self.rss = rss
        minus2LogLikelihood = m2ll
        aic = m2ll + 2 * k
        bic = m2ll + log(Double(n)) * k
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
        guard ["gaussian", "binomial", "poisson"].contains(path.family) else {
            throw ShrinkError.invalidInput("information criteria are implemented for the gaussian, binomial and poisson families, not \(path.family)")
        }
        guard path.featureCount == x.columnCount, path.rowCount == x.rowCount, y.count == x.rowCount else {
            throw ShrinkError.invalidInput("the path was fitted to data of another size")
        }
        guard ebicGamma >= 0, ebicGamma <= 1 else {
            throw ShrinkError.invalidInput("the EBIC gamma \(ebicGamma) is outside [0, 1]")
        }
        if path.family != "gaussian" {
            return try glmAlong(path: path, x: x, y: y, options: options, ebicGamma: ebicGamma)
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

    /// The criteria at every point of a binomial (0/1 response) or poisson path.
    ///
    /// - Complexity: O(m (n p + n k^2 + k^3)) for m points with at most k non-zeros.
    static func glmAlong(path: RegularizationPath, x: DesignMatrix, y: [Double], options: ElasticNetOptions,
                         ebicGamma: Double) throws -> [InformationCriteria] {
        let problem = try GLMProblem(x: x, responseCount: y.count, options: options)
        let poisson = path.family == "poisson"
        for (i, v) in y.enumerated() where !(v >= 0 && v.isFinite && (poisson || v <= 1)) {
            throw ShrinkError.invalidInput("response \(v) in row \(i + 1) is not "
                                           + (poisson ? "a non-negative count" : "0 or 1 (binomial)"))
        }
        let n = y.count
        let given = options.weights ?? [Double](repeating: 1, count: n)
        return path.points.map { point in
            let eta = x.linearPredictor(intercept: point.intercept, coefficients: point.coefficients)
            var m2ll = 0.0, rss = 0.0, rows = 0
            var working = [Double](repeating: 0, count: n)
            for i in 0..<n {
                let e = eta[i] + problem.offset[i]
                let mu = poisson ? exp(e) : 1 / (1 + exp(-e))
                working[i] = problem.weights[i] * (poisson ? mu : mu * (1 - mu))
                guard given[i] > 0 else { continue }
                rows += 1
                rss += given[i] * (y[i] - mu) * (y[i] - mu)
                // log(1 + exp(e)) without overflow.
                let softplus = e > 0 ? e + log1p(exp(-e)) : log1p(exp(e))
                let logLikelihood = poisson ? (y[i] > 0 ? y[i] * e : 0) - mu - lgamma(y[i] + 1) : y[i] * e - softplus
                m2ll -= 2 * given[i] * logLikelihood
            }
            let df = effectiveDF(x: x, weights: working, centered: options.fitIntercept, scales: problem.stats.scales,
                                 factors: problem.penalty.factors, alpha: options.alpha,
                                 active: point.coefficients.indices, lambda: point.lambda)
            return InformationCriteria(minus2LogLikelihood: m2ll, rss: rss, rows: rows, df: df,
                                       parameters: df + (options.fitIntercept ? 1 : 0), featureCount: x.columnCount,
                                       lambda: point.lambda, ebicGamma: ebicGamma)
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
        effectiveDF(x: x, weights: problem.weights, centered: problem.options.fitIntercept,
                    scales: problem.stats.scales, factors: problem.penalty.factors, alpha: problem.options.alpha,
                    active: active, lambda: lambda)
    }

    /// `tr( G (G + lambda (1 - alpha) D)^{-1} )` with `G = X~_A' W X~_A` under the normalized `weights`
    /// (columns centered at their weighted means when `centered`) and `D = diag(pf_j s_j^2)`.
    static func effectiveDF(x: DesignMatrix, weights w: [Double], centered: Bool, scales: [Double],
                            factors: [Double], alpha: Double, active: [Int], lambda: Double) -> Double {
        let k = active.count
        let ridge = lambda * (1 - alpha)
        guard k > 0, ridge > 0 else { return Double(k) }
        let n = x.rowCount
        let total = w.reduce(0, +)
        let columns = active.map { j -> [Double] in
            var c = x.denseColumn(j)
            if centered && total > 0 {
                var m = 0.0
                for i in 0..<n { m += w[i] * c[i] }
                m /= total
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
            let s = scales[j]
            m[t * k + t] += ridge * factors[j] * s * s
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
