/// One coordinate-descent epoch of the dense gaussian solver, for the `Benchmarks/` package: the
/// same ``DenseResidual`` over the zero-copy ``StandardizedDenseDesign`` view and the same step as
/// the solver's coordinate pass (gradient, proximal update, residual update when the coefficient
/// moves), without the path, screening and certificates around it.
///
/// Not part of the library's API (`@_spi(Benchmarks)`): it exists so that the epoch's memory
/// bandwidth can be measured against a STREAM triad in the same process.
@_spi(Benchmarks)
public final class DenseEpoch {
    private let model: DenseResidual
    private let curvatures: [Double]
    /// The L1 weight `lambda alpha` of every feature.
    public let l1: Double
    /// The L2 weight `lambda (1 - alpha)` of every feature.
    public let l2: Double
    /// The standardized coefficients after the passes so far.
    public private(set) var b: [Double]
    /// The number of features.
    public let featureCount: Int
    /// The number of rows.
    public let rowCount: Int

    /// Prepares epochs on `x` and `y` with equal weights, centered and standardized as the path
    /// does, at `lambda = lambdaFraction * lambda_max` of the elastic net with mixing `alpha` (at
    /// `alpha = 0`, `lambda_max` is the lasso's, and every coordinate moves in every epoch).
    /// `splitsRows` overrides the solver's choice of splitting each step by rows over two threads
    /// (``DenseResidual``: from 8,192 rows).
    ///
    /// - Complexity: O(n p) (the column statistics and the gradients at zero).
    public init(x: DenseMatrix, y: [Double], alpha: Double, lambdaFraction: Double, splitsRows: Bool? = nil) {
        let n = x.rowCount, p = x.columnCount
        let w = [Double](repeating: 1 / Double(n), count: n)
        let stats = ColumnStatistics(.dense(x), weights: w, center: true, standardize: true)
        let sqrtW = w.map { $0.squareRoot() }
        let mean = y.reduce(0, +) / Double(n)
        let response = (0..<n).map { sqrtW[$0] * (y[$0] - mean) }
        let design = StandardizedDenseDesign(x, sqrtWeights: sqrtW, stats: stats)
        model = DenseResidual(design: design, response: response, splitsRows: splitsRows)
        curvatures = stats.curvatures
        var largest = 0.0
        for j in 0..<p { largest = max(largest, abs(model.gradient(j))) }
        let lambda = lambdaFraction * largest / (alpha > 0 ? alpha : 1)
        l1 = lambda * alpha
        l2 = lambda * (1 - alpha)
        b = [Double](repeating: 0, count: p)
        featureCount = p
        rowCount = n
    }

    /// Runs one pass over every feature, as the solver's coordinate pass does.
    ///
    /// - Returns: the number of coordinates that moved (each cost a gradient and a residual update;
    ///   the others a gradient only).
    /// - Complexity: O(n p).
    public func pass() -> Int {
        var moved = 0
        for j in 0..<featureCount {
            let old = b[j], xv = curvatures[j]
            let u = model.gradient(j) + xv * old
            let new = ElasticNetPenalty.proximalUpdate(
                u, curvature: xv, l1: l1, l2: l2, lower: -.infinity, upper: .infinity)
            if new != old {
                model.update(j, by: new - old)
                b[j] = new
                moved += 1
            }
        }
        return moved
    }

    /// Computes the gradient of every feature (what a KKT check costs) and returns their sum: as a
    /// batch (``DenseResidual/gradients(_:into:)``, what the solver runs), or one feature at a time
    /// (``DenseResidual/gradient(_:)``, for comparison).
    ///
    /// - Complexity: O(n p).
    public func gradientSweep(batched: Bool = true) -> Double {
        var g = [Double](repeating: 0, count: featureCount)
        if batched {
            model.gradients(Array(0..<featureCount), into: &g)
        } else {
            for j in 0..<featureCount { g[j] = model.gradient(j) }
        }
        return g.reduce(0, +)
    }
}
