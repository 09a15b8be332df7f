extension RegularizationPath {
    /// Assembles a fitted path from a driver's points, refusing an empty one with the reason the
    /// path stopped (shared by the gaussian and GLM drivers).
    ///
    /// - Throws: ``ShrinkError/invalidInput(_:)`` when no point satisfied `maxFeatures` / `maxEverActive`.
    static func assemble(
        family: String, options: ElasticNetOptions, x: DesignMatrix, nullDeviance: Double,
        points: [PathPoint], stop: PathStopReason, solver: ElasticNetOptions.Solver, elapsed: Duration
    ) throws -> RegularizationPath {
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18
        guard !points.isEmpty else {
            throw ShrinkError.invalidInput(stop == .maxFeatures
                ? "no lambda gives at most \(options.maxFeatures ?? 0) non-zero coefficients"
                : "no lambda keeps at most \(options.maxEverActive ?? 0) features ever non-zero")
        }
        return try RegularizationPath(
            family: family, alpha: options.alpha, featureCount: x.columnCount, rowCount: x.rowCount,
            nullDeviance: nullDeviance, points: points, stopReason: stop, solver: solver, fitSeconds: seconds)
    }
}
