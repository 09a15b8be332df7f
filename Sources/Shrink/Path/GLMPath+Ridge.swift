extension GLMPath {
    /// The largest problem the automatic choice sends to ridge Newton: `n * P^2` multiply-adds per
    /// Newton step (P = min(weighted rows, parameters)) ...
    static let ridgeStepLimit = 250_000_000
    /// ... and at most this order of the factored matrix.
    static let ridgeOrderLimit = 600

    /// The path from ridge Newton (``RidgeNewton``) when `options.solver` asks for it
    /// (``ElasticNetOptions/Solver/ridgeNewton``) or leaves the choice to the library
    /// (``ElasticNetOptions/Solver/automatic`` at alpha = 0 with no bounds, `maxFeatures` or
    /// `maxEverActive`, and a problem within the size limits); `nil` when coordinate descent runs.
    /// An automatic choice falls back to coordinate descent when Newton fails.
    ///
    /// - Throws: ``ShrinkError/invalidInput(_:)`` for invalid input, or when ridge-newton was asked
    ///   for a request it cannot express.
    static func ridgePath<Family: GLMFamily>(
        x: DesignMatrix, y: [Double], options: ElasticNetOptions, family: Family
    ) throws -> RegularizationPath? {
        switch options.solver {
        case .ridgeSVD:
            throw ShrinkError.invalidInput(
                "solver ridge-svd is for the gaussian family; the \(family.name) ridge solver is ridge-newton")
        case .ridgeNewton:
            return try RidgeNewton.fitPath(x: x, y: y, options: options, family: family)
        case .automatic:
            guard ElasticNet.ridgeObstacle(options) == nil else { return nil }
            let n = x.rowCount
            let parameters = x.columnCount - Set(options.excluded).count + 1
            let order = min(n, parameters)
            let (cells, overflow) = n.multipliedReportingOverflow(by: x.columnCount)
            guard !overflow, cells <= ElasticNet.ridgeCellLimit, order <= ridgeOrderLimit,
                  Double(n) * Double(order) * Double(order) <= Double(ridgeStepLimit) else { return nil }
            do {
                return try RidgeNewton.fitPath(x: x, y: y, options: options, family: family)
            } catch {
                return nil  // coordinate descent reports invalid input itself (same validation)
            }
        case .naive, .covariance:
            return nil
        }
    }
}
