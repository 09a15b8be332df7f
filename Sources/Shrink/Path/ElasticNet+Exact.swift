extension ElasticNet {
    /// Solves exactly at one lambda (glmnet's `exact = TRUE`), instead of interpolating a path.
    ///
    /// The solve starts from zero with the strong rule taken from lambda_max, so it certifies the
    /// same optimality as a path point; any `lambdas` in `options` are ignored.
    /// - Throws: ``ShrinkError/invalidInput(_:)`` for invalid data, options or `lambda`.
    public static func solve(
        x: DesignMatrix, y: [Double], options: ElasticNetOptions = ElasticNetOptions(), lambda: Double
    ) throws -> PathPoint {
        var single = options
        single.lambdas = [lambda]
        single.maxFeatures = nil
        single.maxEverActive = nil
        let path = try fit(x: x, y: y, options: single)
        return path.points[0]
    }
}
