/// A residual over a dense standardized copy of the design: each coordinate step costs O(n).
final class DenseResidual: ResidualModel {
    /// The standardized, weighted design, column-major (n x p).
    let z: StandardizedDenseDesign
    /// The residual `y~ - Z~ b`.
    private let r: UnsafeMutablePointer<Double>
    /// The residual at the last ``setReference()``.
    private let reference: UnsafeMutablePointer<Double>
    private let response: [Double]
    private var n: Int { z.rowCount }

    /// Creates the residual at `b = 0`, i.e. `r~ = y~`.
    init(design: StandardizedDenseDesign, response yTilde: [Double]) {
        z = design
        response = yTilde
        r = .allocate(capacity: max(1, yTilde.count))
        r.initialize(from: yTilde, count: yTilde.count)
        reference = .allocate(capacity: max(1, yTilde.count))
        reference.initialize(from: yTilde, count: yTilde.count)
    }

    deinit {
        r.deallocate()
        reference.deallocate()
    }

    var tracksAllGradients: Bool { false }

    func setReference() { reference.update(from: r, count: n) }

    /// - Complexity: O(n).
    func distanceFromReference() -> Double {
        var s = 0.0
        for i in 0..<n {
            let d = r[i] - reference[i]
            s += d * d
        }
        return s.squareRoot()
    }

    @inline(__always)
    func gradient(_ j: Int) -> Double {
        Kernels.dot(z.column(j), r, count: n)
    }

    @inline(__always)
    func update(_ j: Int, by delta: Double) {
        Kernels.axpy(-delta, z.column(j), r, count: n)
    }

    func gradients(_ features: [Int], into g: inout [Double]) {
        for j in features { g[j] = gradient(j) }
    }

    func residualSummary(_ b: [Double]) -> (rss: Double, responseDot: Double) {
        let rss = Kernels.sumOfSquares(r, count: n)
        let dot = response.withUnsafeBufferPointer { Kernels.dot($0.baseAddress!, r, count: n) }
        return (rss, dot)
    }

    /// - Complexity: O(n |rows| |columns|).
    func crossProducts(_ rows: [Int], _ columns: [Int]) -> [Double] {
        var out = [Double](repeating: 0, count: rows.count * columns.count)
        for (a, j) in rows.enumerated() {
            for (c, k) in columns.enumerated() {
                out[a * columns.count + c] = Kernels.dot(z.column(j), z.column(k), count: n)
            }
        }
        return out
    }
}

/// A dense copy of the design with every column centered, scaled and multiplied by sqrt(w).
final class StandardizedDenseDesign: @unchecked Sendable {
    /// The number of rows.
    let rowCount: Int
    /// The number of columns.
    let columnCount: Int
    private let storage: UnsafeMutablePointer<Double>

    /// Builds `z_ij = sqrt(w_i) (x_ij - c_j) / s_j`; columns that do not vary are left zero.
    ///
    /// - Complexity: O(n p) time and memory.
    init(_ x: DenseMatrix, sqrtWeights v: [Double], stats: ColumnStatistics) {
        rowCount = x.rowCount
        columnCount = x.columnCount
        let n = rowCount
        storage = .allocate(capacity: max(1, n * columnCount))
        storage.initialize(repeating: 0, count: max(1, n * columnCount))
        x.values.withUnsafeBufferPointer { xv in
            for j in 0..<columnCount where stats.varies[j] {
                let c = stats.centers[j], inv = 1 / stats.scales[j]
                let src = xv.baseAddress! + j * n, dst = storage + j * n
                for i in 0..<n { dst[i] = v[i] * ((src[i] - c) * inv) }
            }
        }
    }

    deinit { storage.deallocate() }

    /// Returns a pointer to the first entry of column `j`.
    @inline(__always)
    func column(_ j: Int) -> UnsafeMutablePointer<Double> { storage + j * rowCount }
}
