/// A residual over a sparse design, centered implicitly so each coordinate step costs O(nnz of the column).
///
/// The standardized column is `z~_j = (v∘x_j - c_j v) / s_j` with `v = sqrt(w)`. The residual is kept
/// as `r~ = u + o v`: `u` changes only on the column's stored rows and `o` is a scalar; `v'u` is
/// tracked in O(1) because `v'(v∘x_j) = sum_i w_i x_ij` is the column mean.
final class SparseResidual: ResidualModel {
    private let starts: [Int]
    private let rows: UnsafeMutablePointer<Int32>
    private let values: UnsafeMutablePointer<Double>  // v_i * x_ij
    private let means: [Double]
    private let sqrtWeights: [Double]
    private let centers: [Double]
    private let scales: [Double]
    private let u: UnsafeMutablePointer<Double>
    private let n: Int
    private let response: [Double]
    private var offset = 0.0        // o
    private let referenceU: UnsafeMutablePointer<Double>
    private var referenceOffset = 0.0
    private var vDotU: Double       // v'u
    private let vDotResponse: Double  // v'y~
    /// `u`, `o` and `v'u` at the last ``saveCheckpoint()``.
    private let savedU: UnsafeMutablePointer<Double>
    private var savedScalars = (offset: 0.0, vDotU: 0.0)

    /// Creates the residual at `b = 0` (`u = y~`, `o = 0`).
    ///
    /// - Complexity: O(n + nnz): the stored values are copied once, scaled by sqrt(w).
    init(_ x: SparseMatrix, sqrtWeights v: [Double], stats: ColumnStatistics, response yTilde: [Double]) {
        n = x.rowCount
        starts = x.columnStarts
        let nnz = x.storedCount
        rows = .allocate(capacity: max(1, nnz))
        values = .allocate(capacity: max(1, nnz))
        for k in 0..<nnz {
            rows[k] = x.rowIndices[k]
            values[k] = v[Int(x.rowIndices[k])] * x.values[k]
        }
        means = stats.means
        sqrtWeights = v
        centers = stats.centers
        scales = stats.scales
        response = yTilde
        u = .allocate(capacity: max(1, n))
        u.initialize(from: yTilde, count: n)
        referenceU = .allocate(capacity: max(1, n))
        referenceU.initialize(from: yTilde, count: n)
        savedU = .allocate(capacity: max(1, n))
        savedU.initialize(from: yTilde, count: n)
        var vu = 0.0
        for i in 0..<n { vu += v[i] * yTilde[i] }
        vDotU = vu
        vDotResponse = vu
    }

    deinit {
        rows.deallocate()
        values.deallocate()
        u.deallocate()
        referenceU.deallocate()
        savedU.deallocate()
    }

    var tracksAllGradients: Bool { false }

    /// - Complexity: O(n).
    func saveCheckpoint() {
        savedU.update(from: u, count: n)
        savedScalars = (offset, vDotU)
    }

    /// - Complexity: O(n).
    func restoreCheckpoint() {
        u.update(from: savedU, count: n)
        (offset, vDotU) = savedScalars
    }

    func setReference() {
        referenceU.update(from: u, count: n)
        referenceOffset = offset
    }

    /// `r~ - r~_ref = (u - u_ref) + (o - o_ref) v`.
    ///
    /// - Complexity: O(n).
    func distanceFromReference() -> Double {
        let shift = offset - referenceOffset
        var s = 0.0
        for i in 0..<n {
            let d = u[i] - referenceU[i] + shift * sqrtWeights[i]
            s += d * d
        }
        return s.squareRoot()
    }

    @inline(__always)
    func gradient(_ j: Int) -> Double {
        let lo = starts[j]
        let d = Kernels.sparseDot(values + lo, rows + lo, count: starts[j + 1] - lo, u)
        return (d + offset * means[j] - centers[j] * (vDotU + offset)) / scales[j]
    }

    @inline(__always)
    func update(_ j: Int, by delta: Double) {
        let a = delta / scales[j]
        let lo = starts[j]
        Kernels.sparseAxpy(-a, values + lo, rows + lo, count: starts[j + 1] - lo, u)
        vDotU -= a * means[j]
        offset += a * centers[j]
    }

    func gradients(_ features: [Int], into g: inout [Double]) {
        for j in features { g[j] = gradient(j) }
    }

    func residualSummary(_ b: [Double]) -> (rss: Double, responseDot: Double) {
        let uu = Kernels.sumOfSquares(u, count: n)
        let yu = response.withUnsafeBufferPointer { Kernels.dot($0.baseAddress!, u, count: n) }
        return (uu + 2 * offset * vDotU + offset * offset, yu + offset * vDotResponse)
    }

    /// Scatters each standardized column of `columns` densely once and takes sparse dots against it.
    ///
    /// - Complexity: O(|columns| (n + sum of the rows' nnz)).
    func crossProducts(_ rowFeatures: [Int], _ columns: [Int]) -> [Double] {
        let width = columns.count
        var out = [Double](repeating: 0, count: rowFeatures.count * width)
        let dense = UnsafeMutablePointer<Double>.allocate(capacity: max(1, n))
        defer { dense.deallocate() }
        for (c, k) in columns.enumerated() {
            // Dense z~_k = (v∘x_k - c_k v) / s_k, and v'z~_k.
            for i in 0..<n { dense[i] = -centers[k] * sqrtWeights[i] / scales[k] }
            for t in starts[k]..<starts[k + 1] { dense[Int(rows[t])] += values[t] / scales[k] }
            var vz = 0.0
            for i in 0..<n { vz += sqrtWeights[i] * dense[i] }
            for (a, j) in rowFeatures.enumerated() {
                let lo = starts[j]
                let d = Kernels.sparseDot(values + lo, rows + lo, count: starts[j + 1] - lo, dense)
                out[a * width + c] = (d - centers[j] * vz) / scales[j]
            }
        }
        return out
    }
}
