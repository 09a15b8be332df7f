/// A residual over a dense design seen through a ``StandardizedDenseDesign`` view: each coordinate
/// step costs O(n) and nothing of size n x p is copied.
///
/// The residual is kept in the view's state form `s` with `r~ = D s` (see ``StandardizedDenseDesign``):
/// `r~` itself when all weights are equal, `r~ / sqrt(w)` otherwise, so that a step reads two streams
/// (the column and `s`) and only the gradient of an unequally weighted problem reads a third (`w`).
final class DenseResidual: ResidualModel {
    /// The standardized, weighted design, a view of the caller's matrix.
    let z: StandardizedDenseDesign
    /// The residual `s` (state form of `y~ - Z~ b`).
    private let r: UnsafeMutablePointer<Double>
    /// The residual at the last ``setReference()``.
    private let reference: UnsafeMutablePointer<Double>
    /// `y~` in state form.
    private let response: UnsafeMutablePointer<Double>
    private var n: Int { z.rowCount }

    /// Creates the residual at `b = 0`, i.e. `r~ = y~`.
    ///
    /// - Complexity: O(n).
    init(design: StandardizedDenseDesign, response yTilde: [Double]) {
        z = design
        let count = max(1, yTilde.count)
        let state = UnsafeMutablePointer<Double>.allocate(capacity: count)
        state.initialize(repeating: 0, count: count)
        yTilde.withUnsafeBufferPointer { design.state(fromWeighted: $0.baseAddress!, into: state) }
        response = state
        r = .allocate(capacity: count)
        r.initialize(from: response, count: count)
        reference = .allocate(capacity: count)
        reference.initialize(from: response, count: count)
    }

    deinit {
        r.deallocate()
        reference.deallocate()
        response.deallocate()
    }

    var tracksAllGradients: Bool { false }

    func setReference() { reference.update(from: r, count: n) }

    /// - Complexity: O(n).
    func distanceFromReference() -> Double {
        z.distanceSquared(r, reference).squareRoot()
    }

    @inline(__always)
    func gradient(_ j: Int) -> Double {
        z.gradient(j, r)
    }

    @inline(__always)
    func update(_ j: Int, by delta: Double) {
        z.subtract(delta, j, from: r)
    }

    func gradients(_ features: [Int], into g: inout [Double]) {
        for j in features { g[j] = gradient(j) }
    }

    func residualSummary(_ b: [Double]) -> (rss: Double, responseDot: Double) {
        (z.inner(r, r), z.inner(response, r))
    }

    /// - Complexity: O(n |columns| (1 + |rows|)).
    func crossProducts(_ rows: [Int], _ columns: [Int]) -> [Double] {
        let width = columns.count
        var out = [Double](repeating: 0, count: rows.count * width)
        let column = UnsafeMutablePointer<Double>.allocate(capacity: max(1, n))
        defer { column.deallocate() }
        for (c, k) in columns.enumerated() {
            z.products(of: k, rows: rows, scratch: column) { a, value in out[a * width + c] = value }
        }
        return out
    }
}

/// A zero-copy standardized, weighted view of a dense design: column `j` stands for
/// `z~_j = sqrt(w) ∘ (x_j - c_j) / s_j`, and every operation applies the centering and scaling on
/// the fly (``Kernels/centeredDot(_:center:_:count:)`` and its relatives) in the pass it makes anyway.
///
/// Vectors of length n that the solvers keep (residuals) are in a *state form* `s` with `r~ = D s`:
/// `D = I` when all weights are equal (then `sqrt(w)` is a constant folded into the scalars), and
/// `D = diag(sqrt(w))` otherwise (then `s` is the unweighted residual; rows of weight zero hold 0).
/// Columns that do not vary stand for zero columns.
final class StandardizedDenseDesign: @unchecked Sendable {
    /// The number of rows.
    let rowCount: Int
    /// The number of columns.
    let columnCount: Int
    /// The caller's entries, column-major (shared, not copied).
    private let values: [Double]
    private let centers: [Double]
    /// `1 / s_j` for columns that vary, 0 for the others.
    private let inverseScales: [Double]
    /// The weights `w` when they are not all equal (else empty).
    private let weights: [Double]
    /// `sqrt(w)` when the weights are not all equal (else empty).
    private let sqrtWeights: [Double]
    /// Whether all weights are equal.
    let equalWeights: Bool
    /// The common `sqrt(w_i)` when all weights are equal.
    private let commonSqrtWeight: Double
    /// Whether column `j`'s center is at most its weighted sd (or zero), so that a product with a
    /// centered vector may be taken on the raw column and corrected once, losing at most about a bit.
    private let plainProducts: [Bool]

    /// Creates the view of `z_ij = sqrt(w_i) (x_ij - c_j) / s_j`.
    ///
    /// - Complexity: O(n + p) time and memory; the design is not copied.
    init(_ x: DenseMatrix, sqrtWeights v: [Double], stats: ColumnStatistics) {
        rowCount = x.rowCount
        columnCount = x.columnCount
        values = x.values
        centers = stats.centers
        inverseScales = (0..<x.columnCount).map { stats.varies[$0] ? 1 / stats.scales[$0] : 0 }
        plainProducts = (0..<x.columnCount).map { j in
            let c = stats.centers[j]
            return c == 0 || abs(c) <= stats.scales[j] * stats.curvatures[j].squareRoot()
        }
        let first = v.first ?? 1
        equalWeights = v.allSatisfy { $0 == first }
        commonSqrtWeight = first
        sqrtWeights = equalWeights ? [] : v
        weights = equalWeights ? [] : v.map { $0 * $0 }
    }

    /// Writes the state form of a weighted vector `y~` (`y~` itself, or `y~ / sqrt(w)`).
    ///
    /// - Complexity: O(n).
    func state(fromWeighted y: UnsafePointer<Double>, into s: UnsafeMutablePointer<Double>) {
        if equalWeights {
            s.update(from: y, count: rowCount)
        } else {
            for i in 0..<rowCount { s[i] = sqrtWeights[i] > 0 ? y[i] / sqrtWeights[i] : 0 }
        }
    }

    /// Returns `z~_j' D s`.
    ///
    /// - Complexity: O(n), one pass over column `j` and `s` (and `w` with unequal weights).
    @inline(__always)
    func gradient(_ j: Int, _ s: UnsafePointer<Double>) -> Double {
        let scale = inverseScales[j]
        if scale == 0 { return 0 }
        return values.withUnsafeBufferPointer { x in
            let column = x.baseAddress! + j * rowCount
            if equalWeights {
                return commonSqrtWeight * scale * Kernels.centeredDot(column, center: centers[j], s, count: rowCount)
            }
            return weights.withUnsafeBufferPointer { w in
                scale * Kernels.centeredWeightedDot(column, center: centers[j], w.baseAddress!, s, count: rowCount)
            }
        }
    }

    /// Computes `s -= delta D^-1 z~_j`, i.e. `r~ -= delta z~_j`.
    ///
    /// - Complexity: O(n), one pass over column `j` and `s`.
    @inline(__always)
    func subtract(_ delta: Double, _ j: Int, from s: UnsafeMutablePointer<Double>) {
        let scale = inverseScales[j]
        if scale == 0 { return }
        let a = equalWeights ? -delta * commonSqrtWeight * scale : -delta * scale
        values.withUnsafeBufferPointer { x in
            Kernels.centeredAxpy(a, x.baseAddress! + j * rowCount, center: centers[j], s, count: rowCount)
        }
    }

    /// Returns `(D a)'(D b)` for two vectors in state form.
    ///
    /// - Complexity: O(n).
    func inner(_ a: UnsafePointer<Double>, _ b: UnsafePointer<Double>) -> Double {
        if equalWeights { return Kernels.dot(a, b, count: rowCount) }
        return weights.withUnsafeBufferPointer {
            Kernels.centeredWeightedDot(a, center: 0, $0.baseAddress!, b, count: rowCount)
        }
    }

    /// Returns `||D (a - b)||^2` for two vectors in state form.
    ///
    /// - Complexity: O(n).
    func distanceSquared(_ a: UnsafePointer<Double>, _ b: UnsafePointer<Double>) -> Double {
        var s = 0.0
        if equalWeights {
            for i in 0..<rowCount {
                let d = a[i] - b[i]
                s += d * d
            }
        } else {
            weights.withUnsafeBufferPointer { w in
                for i in 0..<rowCount {
                    let d = a[i] - b[i]
                    s += w[i] * (d * d)
                }
            }
        }
        return s
    }

    /// Calls `body(a, z~_rows[a]' z~_k)` for each feature of `rows`, for which `needed` holds: writes
    /// `w ∘ z~_k / sqrt(w)` into `scratch` (n entries) once, then one fused centered dot per row feature.
    ///
    /// - Complexity: O(n (1 + |rows|)).
    func products(
        of k: Int, rows: [Int], scratch: UnsafeMutablePointer<Double>,
        needed: (Int) -> Bool = { _ in true }, _ body: (Int, Double) -> Void
    ) {
        let n = rowCount
        scratch.update(repeating: 0, count: n)
        values.withUnsafeBufferPointer { x in
            let base = x.baseAddress!
            if inverseScales[k] != 0 {
                if equalWeights {
                    let w = commonSqrtWeight * commonSqrtWeight
                    Kernels.centeredAxpy(w * inverseScales[k], base + k * n, center: centers[k], scratch, count: n)
                } else {
                    weights.withUnsafeBufferPointer { w in
                        Kernels.centeredWeightedAxpy(inverseScales[k], base + k * n, center: centers[k],
                                                     w.baseAddress!, scratch, count: n)
                    }
                }
            }
            // The scratch column is centered: where no cancellation is to be feared, `x_j' d - c_j sum(d)`
            // with one plain dot per row feature; else the fused centered dot.
            let total = Kernels.sum(scratch, count: n)
            for (a, j) in rows.enumerated() where needed(j) {
                let scale = inverseScales[j]
                if scale == 0 { body(a, 0); continue }
                let column = base + j * n, c = centers[j]
                body(a, scale * (plainProducts[j] ? Kernels.dot(column, scratch, count: n) - c * total
                                 : Kernels.centeredDot(column, center: c, scratch, count: n)))
            }
        }
    }
}
