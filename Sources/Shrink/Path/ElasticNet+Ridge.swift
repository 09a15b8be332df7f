extension ElasticNet {
    /// The largest design the automatic choice sends to the closed-form ridge path: at most this
    /// many cells in the dense, standardized copy `Z` (n x q doubles, 800 MB) ...
    static let ridgeCellLimit = 100_000_000
    /// ... and at most this order of the decomposed matrix (`min(n, q)`; the eigensolver is O(m^3)).
    static let ridgeOrderLimit = 3_000

    /// Why the closed-form ridge path cannot solve this request, or `nil` when it can.
    ///
    /// Ridge solves the same problem as the elastic net at alpha = 0 without box constraints; it
    /// has no `maxFeatures` / `maxEverActive` stop (every coefficient is non-zero).
    static func ridgeObstacle(_ options: ElasticNetOptions) -> String? {
        if options.alpha != 0 { return "alpha = \(options.alpha) is not 0" }
        if let l = options.lowerLimits, l.contains(where: { $0.isFinite }) { return "lower limits are set" }
        if let u = options.upperLimits, u.contains(where: { $0.isFinite }) { return "upper limits are set" }
        if options.maxFeatures != nil { return "maxFeatures is set" }
        if options.maxEverActive != nil { return "maxEverActive is set" }
        return nil
    }

    /// Whether the design is small enough for the automatic choice of a ridge solver.
    static func ridgeSizeFits(_ x: DesignMatrix, order: Int) -> Bool {
        let (cells, overflow) = x.rowCount.multipliedReportingOverflow(by: x.columnCount)
        return !overflow && cells <= ridgeCellLimit && order <= ridgeOrderLimit
    }

    /// The path from the closed-form ridge solver when `options.solver` asks for it
    /// (``ElasticNetOptions/Solver/ridgeSVD``) or leaves the choice to the library
    /// (``ElasticNetOptions/Solver/automatic`` at alpha = 0, no obstacle, a design within the size
    /// limits); `nil` when coordinate descent runs instead.
    ///
    /// The grid is the elastic net's at alpha = 0 (glmnet's: lambda_max as for alpha = 0.001, the
    /// same `lambdaMinRatio` and deviance-ratio stopping rules), so both solvers give the same path;
    /// the two agree to about 1e-10 relative in objective (the ridge solution is exact up to
    /// rounding, coordinate descent's up to its tolerance). Points have no duality gap; their KKT
    /// violation is exact in the primal form (n >= q) and otherwise an upper bound (see ``RidgeKKT``).
    /// An automatic choice falls back to coordinate descent when ridge fails (for example
    /// collinear unpenalized features).
    ///
    /// - Parameter y: The response with any offset already subtracted.
    /// - Throws: ``ShrinkError/invalidInput(_:)`` for invalid input, or when ``ElasticNetOptions/Solver/ridgeSVD``
    ///   was asked for a request it cannot express.
    static func ridgePath(x: DesignMatrix, y: [Double], options: ElasticNetOptions) throws -> RegularizationPath? {
        let clock = ContinuousClock()
        let start = clock.now
        switch options.solver {
        case .ridgeNewton:
            throw ShrinkError.invalidInput(
                "solver ridge-newton is for the binomial and poisson families; the gaussian ridge solver is ridge-svd")
        case .ridgeSVD:
            if let reason = ridgeObstacle(options) {
                throw ShrinkError.invalidInput("solver ridge-svd cannot solve this request: \(reason)")
            }
            return try ridgeRun(x: x, y: y, options: options, start: start, clock: clock)
        case .automatic:
            guard ridgeObstacle(options) == nil else { return nil }
            let eligible = x.columnCount - Set(options.excluded).count
            guard ridgeSizeFits(x, order: min(x.rowCount, eligible)) else { return nil }
            do {
                return try ridgeRun(x: x, y: y, options: options, start: start, clock: clock)
            } catch {
                return nil  // coordinate descent reports invalid input itself (same validation)
            }
        case .naive, .covariance:
            return nil
        }
    }

    private static func ridgeRun(
        x: DesignMatrix, y: [Double], options: ElasticNetOptions, start: ContinuousClock.Instant, clock: ContinuousClock
    ) throws -> RegularizationPath {
        let ridge = try Ridge.fitPath(x: x, y: y, options: options, criterion: .generalizedCrossValidation,
                                      grid: .glmnet, kkt: .chosen)
        return try RegularizationPath.assemble(
            family: "gaussian", options: options, x: x, nullDeviance: ridge.nullDeviance, points: ridge.points,
            stop: ridge.stopReason, solver: .ridgeSVD, elapsed: clock.now - start)
    }
}
