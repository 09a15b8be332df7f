/// A path with glmnet's relaxed fits (`relax = TRUE`): at every lambda, besides the penalized
/// solution, the unpenalized refit on its active set.
///
/// The refit minimizes `sum_i w_i (y_i - b0 - x_i'b)^2` over the active features only (the same
/// weights, intercept and box constraints; `lambda = 0`), as glmnet's `relax.glmnet`: each distinct
/// active set is fitted once; sets with more than `n - 3` features are not refitted and take the
/// relaxed solution of the last refitted point (glmnet's `maxp = n - 3` and `extend = TRUE`).
/// The blend at `gamma` is `gamma * penalized + (1 - gamma) * relaxed`, with `gamma` raised to at
/// least 1e-5 as glmnet's `blend.relaxed` does.
public struct RelaxedPath: Sendable, Equatable {
    /// One relaxed solution.
    public struct Solution: Sendable, Equatable {
        /// The intercept on the original scale.
        public let intercept: Double
        /// The coefficients on the original scale.
        public let coefficients: SparseCoefficients
    }

    /// The smallest `gamma` glmnet blends with (it replaces 0 by this).
    public static let gammaFloor = 1e-5

    /// The penalized path.
    public let penalized: RegularizationPath
    /// The relaxed solution at each point of ``penalized``.
    public let relaxed: [Solution]
    /// Whether each point's active set was refitted (false: too many features, extended).
    public let refitted: [Bool]

    /// Refits every active set of `path` without penalty.
    ///
    /// - Parameters:
    ///   - path: The penalized path fitted to `x`, `y` with `options`.
    ///   - family: The family; gaussian refits by weighted least squares on the active columns
    ///     (Cholesky of the standardized Gram matrix), falling back to the family's fitter at
    ///     `lambda = 0` with the other features excluded for box constraints or a singular Gram.
    /// - Throws: ``ShrinkError/invalidInput(_:)`` from the fallback fitter.
    /// - Complexity: O(s (n k^2 + k^3)) for s distinct active sets of at most k features.
    public init(path: RegularizationPath, x: DesignMatrix, y: [Double], options: ElasticNetOptions,
                family: CVFamily = .gaussian) throws {
        let n = x.rowCount
        let maxFeatures = n - 3
        var cache: [[Int]: Solution?] = [:]
        var solutions: [Solution?] = []
        for point in path.points {
            let active = point.coefficients.indices
            if active.isEmpty {
                solutions.append(Solution(intercept: point.intercept, coefficients: point.coefficients))
                continue
            }
            if let known = cache[active] {
                solutions.append(known)
                continue
            }
            var solution: Solution? = nil
            if active.count <= maxFeatures {
                solution = try Self.refit(active: active, x: x, y: y, options: options, family: family)
            }
            cache[active] = solution
            solutions.append(solution)
        }
        // glmnet's extend: points without a refit take the last refitted solution.
        let last = solutions.lastIndex { $0 != nil }
        penalized = path
        refitted = solutions.map { $0 != nil }
        relaxed = solutions.enumerated().map { k, s in
            if let s { return s }
            if let last { return solutions[last]! }
            let p = path.points[k]
            return Solution(intercept: p.intercept, coefficients: p.coefficients)
        }
    }

    /// Returns the blend `g * penalized + (1 - g) * relaxed` at point `k`, `g = max(gamma, 1e-5)`.
    public func blended(at k: Int, gamma: Double) -> (intercept: Double, coefficients: [Double]) {
        let g = max(gamma, Self.gammaFloor)
        let p = penalized.points[k], r = relaxed[k]
        var b = [Double](repeating: 0, count: penalized.featureCount)
        for (j, v) in zip(p.coefficients.indices, p.coefficients.values) { b[j] += g * v }
        for (j, v) in zip(r.coefficients.indices, r.coefficients.values) { b[j] += (1 - g) * v }
        return (g * p.intercept + (1 - g) * r.intercept, b)
    }

    /// The unpenalized refit on `active`.
    static func refit(active: [Int], x: DesignMatrix, y: [Double], options: ElasticNetOptions,
                      family: CVFamily) throws -> Solution {
        let bounded = options.lowerLimits != nil || options.upperLimits != nil
        if family.leastSquaresRefit && !bounded,
           let s = leastSquares(active: active, x: x, y: options.offset.map { zip(y, $0).map { $0 - $1 } } ?? y,
                                weights: options.weights, intercept: options.fitIntercept) {
            return s
        }
        var o = options
        o.lambdas = [0]
        o.maxFeatures = nil
        o.maxEverActive = nil
        let keep = Set(active)
        o.excluded = (0..<x.columnCount).filter { !keep.contains($0) }
        o.tolerance = min(options.tolerance, 1e-12)
        let fit = try family.fit(x, y, o)
        guard let point = fit.points.last else {
            throw ShrinkError.invalidInput("the relaxed refit on \(active.count) features returned no solution")
        }
        return Solution(intercept: point.intercept, coefficients: point.coefficients)
    }

    /// Weighted least squares on the active columns through the normal equations of the
    /// (weighted-)centered and scaled columns; `nil` when the Gram matrix is numerically singular.
    ///
    /// - Complexity: O(n k^2 + k^3).
    static func leastSquares(active: [Int], x: DesignMatrix, y: [Double], weights raw: [Double]?,
                             intercept: Bool) -> Solution? {
        let n = x.rowCount, k = active.count
        let total = raw?.reduce(0, +) ?? Double(n)
        let w = raw.map { $0.map { $0 / total } } ?? [Double](repeating: 1 / Double(n), count: n)
        var columns = active.map { x.denseColumn($0) }
        var centers = [Double](repeating: 0, count: k)
        var yc = y
        var ybar = 0.0
        if intercept {
            for i in 0..<n { ybar += w[i] * y[i] }
            for i in 0..<n { yc[i] -= ybar }
            for t in 0..<k {
                var c = 0.0
                for i in 0..<n { c += w[i] * columns[t][i] }
                centers[t] = c
                for i in 0..<n { columns[t][i] -= c }
            }
        }
        var scales = [Double](repeating: 1, count: k)
        for t in 0..<k {
            var s = 0.0
            for i in 0..<n { s += w[i] * columns[t][i] * columns[t][i] }
            guard s > 0 else { return nil }
            scales[t] = s.squareRoot()
            for i in 0..<n { columns[t][i] /= scales[t] }
        }
        var weighted = columns
        for t in 0..<k { for i in 0..<n { weighted[t][i] *= w[i] } }
        var gram = [Double](repeating: 0, count: k * k)
        var rhs = [Double](repeating: 0, count: k)
        for a in 0..<k {
            rhs[a] = weighted[a].withUnsafeBufferPointer { wa in
                yc.withUnsafeBufferPointer { Kernels.dot(wa.baseAddress!, $0.baseAddress!, count: n) }
            }
            for b in 0...a {
                let v = weighted[a].withUnsafeBufferPointer { wa in
                    columns[b].withUnsafeBufferPointer { Kernels.dot(wa.baseAddress!, $0.baseAddress!, count: n) }
                }
                gram[a * k + b] = v
                gram[b * k + a] = v
            }
        }
        guard let chol = Cholesky(gram, order: k, relativePivot: 1e-10) else { return nil }
        let z = chol.solve(rhs)
        var b = [Double](repeating: 0, count: x.columnCount)
        var a0 = ybar
        for t in 0..<k {
            let v = z[t] / scales[t]
            b[active[t]] = v
            a0 -= centers[t] * v
        }
        return Solution(intercept: intercept ? a0 : 0, coefficients: SparseCoefficients(dense: b))
    }
}
