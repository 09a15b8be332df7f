/// Elastic-net penalized Poisson regression along a path of lambdas (the poisson family).
///
/// Minimizes, at each lambda,
/// `sum_i w_i (exp(eta_i) - y_i eta_i) + lambda * sum_j pf_j ((1-alpha)/2 (s_j b_j)^2 + alpha |s_j b_j|)`
/// with `eta = offset + b0 + x'b` (offset: log exposure), weights summing to 1 and counts `y >= 0`,
/// as glmnet's `family = "poisson"` (lambda and alpha map directly).
public enum Poisson {
    /// Fits the whole regularization path.
    ///
    /// - Parameters:
    ///   - x: The design, dense or sparse (n x p).
    ///   - y: The response: non-negative counts, not all zero.
    ///   - options: Penalty, grid, weights, offsets, bounds and solver options.
    /// - Returns: One solution per lambda, decreasing in lambda, with the family `"poisson"`.
    /// - Throws: ``ShrinkError/invalidInput(_:)`` naming the offending value (all-zero counts too).
    public static func fit(
        x: DesignMatrix, y: [Double], options: ElasticNetOptions = ElasticNetOptions()
    ) throws -> RegularizationPath {
        try GLMPath.fit(x: x, y: y, options: options, family: PoissonFamily())
    }

    /// Returns the objective at the given intercept and original-scale coefficients.
    public static func objective(
        x: DesignMatrix, y: [Double], options: ElasticNetOptions, lambda: Double,
        intercept: Double, coefficients: [Double]
    ) throws -> Double {
        try GLMPath.objective(x: x, y: y, options: options, family: PoissonFamily(), lambda: lambda,
                              intercept: intercept, coefficients: coefficients)
    }
}
