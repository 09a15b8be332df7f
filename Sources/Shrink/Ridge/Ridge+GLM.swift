extension Ridge {
    /// Fits a ridge (alpha = 0) logistic regression path by Newton's method with Cholesky steps.
    ///
    /// The same problem, grid and stopping rules as ``Logistic/fit(x:y:options:)`` with `alpha = 0`
    /// (`options.alpha` and `options.solver` are ignored; see ``RidgeNewton`` for the method).
    /// - Throws: ``ShrinkError/invalidInput(_:)`` for invalid input, bounds, `maxFeatures` or
    ///   `maxEverActive`, a singular Newton system (lambda = 0 with collinear features), or
    ///   lambda = 0 with more penalized features than weighted rows.
    /// - Complexity: per Newton step O(n P^2 + P^3) with P = 1 + p when n >= p (primal), else
    ///   O(n^3) after one O(n^2 p) kernel (dual).
    public static func fitLogistic(x: DesignMatrix, y: [Double], options: ElasticNetOptions = ElasticNetOptions(alpha: 0)) throws -> RegularizationPath {
        var o = options
        o.alpha = 0
        return try RidgeNewton.fitPath(x: x, y: y, options: o, family: BinomialFamily())
    }

    /// Fits a ridge (alpha = 0) poisson regression path by Newton's method with Cholesky steps.
    ///
    /// The same problem, grid and stopping rules as ``Poisson/fit(x:y:options:)`` with `alpha = 0`
    /// (`options.alpha` and `options.solver` are ignored; see ``RidgeNewton`` for the method).
    /// - Throws: ``ShrinkError/invalidInput(_:)`` as ``fitLogistic(x:y:options:)``.
    /// - Complexity: as ``fitLogistic(x:y:options:)``.
    public static func fitPoisson(x: DesignMatrix, y: [Double], options: ElasticNetOptions = ElasticNetOptions(alpha: 0)) throws -> RegularizationPath {
        var o = options
        o.alpha = 0
        return try RidgeNewton.fitPath(x: x, y: y, options: o, family: PoissonFamily())
    }
}
