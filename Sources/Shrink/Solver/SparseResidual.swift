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
    private var vDotU: Double       // v'u
    private let vDotResponse: Double  // v'y~

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
        var vu = 0.0
        for i in 0..<n { vu += v[i] * yTilde[i] }
        vDotU = vu
        vDotResponse = vu
    }

    deinit {
        rows.deallocate()
        values.deallocate()
        u.deallocate()
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

    /// Scatters each standardized column densely once and takes sparse dots against it.
    ///
    /// - Complexity: O(|S| (n + sum of the columns' nnz)).
    func gram(_ features: [Int]) -> [Double] {
        let m = features.count
        var out = [Double](repeating: 0, count: m * m)
        let dense = UnsafeMutablePointer<Double>.allocate(capacity: max(1, n))
        defer { dense.deallocate() }
        for c in 0..<m {
            let k = features[c]
            // Dense z~_k = (v∘x_k - c_k v) / s_k, and v'z~_k.
            for i in 0..<n { dense[i] = -centers[k] * sqrtWeights[i] / scales[k] }
            for t in starts[k]..<starts[k + 1] { dense[Int(rows[t])] += values[t] / scales[k] }
            var vz = 0.0
            for i in 0..<n { vz += sqrtWeights[i] * dense[i] }
            for a in 0...c {
                let j = features[a]
                let lo = starts[j]
                let d = Kernels.sparseDot(values + lo, rows + lo, count: starts[j + 1] - lo, dense)
                let v = (d - centers[j] * vz) / scales[j]
                out[a * m + c] = v
                out[c * m + a] = v
            }
        }
        return out
    }
}
