/// Elastic-net penalized logistic regression along a path of lambdas (the binomial family).
///
/// Minimizes, at each lambda,
/// `sum_i w_i (log(1 + exp(eta_i)) - y_i eta_i) + lambda * sum_j pf_j ((1-alpha)/2 (s_j b_j)^2 + alpha |s_j b_j|)`
/// with `eta = offset + b0 + x'b`, weights summing to 1 and `y` in [0, 1] (1 = the modelled class),
/// as glmnet's `family = "binomial"` (lambda and alpha map directly).
public enum Logistic {
    /// Fits the whole regularization path.
    ///
    /// - Parameters:
    ///   - x: The design, dense or sparse (n x p).
    ///   - y: The response: 0/1 labels (or proportions in [0, 1]).
    ///   - options: Penalty, grid, weights, offsets, bounds and solver options.
    /// - Returns: One solution per lambda, decreasing in lambda, with the family `"binomial"`.
    /// - Throws: ``ShrinkError/invalidInput(_:)`` naming the offending value (a single class too).
    public static func fit(
        x: DesignMatrix, y: [Double], options: ElasticNetOptions = ElasticNetOptions()
    ) throws -> RegularizationPath {
        try GLMPath.fit(x: x, y: y, options: options, family: BinomialFamily())
    }

    /// Returns the objective at the given intercept and original-scale coefficients.
    public static func objective(
        x: DesignMatrix, y: [Double], options: ElasticNetOptions, lambda: Double,
        intercept: Double, coefficients: [Double]
    ) throws -> Double {
        try GLMPath.objective(x: x, y: y, options: options, family: BinomialFamily(), lambda: lambda,
                              intercept: intercept, coefficients: coefficients)
    }
}
