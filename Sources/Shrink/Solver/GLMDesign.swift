/// A fixed standardized design `x~_ij = (x_ij - c_j) / s_j` that weighted least-squares
/// subproblems with changing weights run on (the IRLS steps of a GLM).
///
/// The columns are standardized with the observation weights once; the IRLS weights `v` are passed
/// to every call. Sparse designs are scaled but not centered (`c_j = 0`): with an unpenalized
/// intercept the problem is the same, only the intercept differs (see ``interceptShift``).
protocol GLMDesign {
    /// The number of rows.
    var rowCount: Int { get }
    /// Returns `sum_i x~_ij r_i`.
    func dot(_ j: Int, _ r: UnsafePointer<Double>) -> Double
    /// Returns `sum_i v_i x~_ij^2`.
    func weightedSquares(_ j: Int, _ v: UnsafePointer<Double>) -> Double
    /// Computes `y += a x~_j`.
    func axpy(_ a: Double, _ j: Int, _ y: UnsafeMutablePointer<Double>)
    /// Computes `y += a v ∘ x~_j`.
    func weightedAxpy(_ a: Double, _ j: Int, _ v: UnsafePointer<Double>, _ y: UnsafeMutablePointer<Double>)
    /// The centers subtracted from the columns (zeros when not centered).
    var centers: [Double] { get }
}

/// A dense design standardized into a column-major copy.
struct DenseGLMDesign: GLMDesign {
    let rowCount: Int
    let values: [Double]
    let centers: [Double]

    init(_ m: DenseMatrix, stats: ColumnStatistics) {
        let n = m.rowCount, p = m.columnCount
        var out = [Double](repeating: 0, count: n * p)
        for j in 0..<p where stats.varies[j] {
            let c = stats.centers[j], s = 1 / stats.scales[j]
            for i in 0..<n { out[j * n + i] = (m.values[j * n + i] - c) * s }
        }
        rowCount = n
        values = out
        centers = stats.centers
    }

    /// - Complexity: O(n).
    @inline(__always)
    func dot(_ j: Int, _ r: UnsafePointer<Double>) -> Double {
        values.withUnsafeBufferPointer { Kernels.dot($0.baseAddress! + j * rowCount, r, count: rowCount) }
    }

    /// - Complexity: O(n).
    @inline(__always)
    func weightedSquares(_ j: Int, _ v: UnsafePointer<Double>) -> Double {
        values.withUnsafeBufferPointer { p in
            let x = p.baseAddress! + j * rowCount
            var s0 = 0.0, s1 = 0.0
            var i = 0
            while i + 2 <= rowCount {
                s0 += v[i] * x[i] * x[i]
                s1 += v[i + 1] * x[i + 1] * x[i + 1]
                i += 2
            }
            if i < rowCount { s0 += v[i] * x[i] * x[i] }
            return s0 + s1
        }
    }

    /// - Complexity: O(n).
    @inline(__always)
    func axpy(_ a: Double, _ j: Int, _ y: UnsafeMutablePointer<Double>) {
        values.withUnsafeBufferPointer { Kernels.axpy(a, $0.baseAddress! + j * rowCount, y, count: rowCount) }
    }

    /// - Complexity: O(n).
    @inline(__always)
    func weightedAxpy(_ a: Double, _ j: Int, _ v: UnsafePointer<Double>, _ y: UnsafeMutablePointer<Double>) {
        values.withUnsafeBufferPointer { p in
            let x = p.baseAddress! + j * rowCount
            for i in 0..<rowCount { y[i] += a * v[i] * x[i] }
        }
    }
}

/// A sparse (CSC) design scaled by `1 / s_j` and not centered.
struct SparseGLMDesign: GLMDesign {
    let rowCount: Int
    let starts: [Int]
    let rows: [Int32]
    let values: [Double]
    let centers: [Double]

    init(_ m: SparseMatrix, stats: ColumnStatistics) {
        var v = m.values
        for j in 0..<m.columnCount {
            let s = stats.varies[j] ? 1 / stats.scales[j] : 0
            for k in m.columnStarts[j]..<m.columnStarts[j + 1] { v[k] *= s }
        }
        rowCount = m.rowCount
        starts = m.columnStarts
        rows = m.rowIndices
        values = v
        centers = [Double](repeating: 0, count: m.columnCount)
    }

    /// - Complexity: O(nnz of column j).
    @inline(__always)
    func dot(_ j: Int, _ r: UnsafePointer<Double>) -> Double {
        let lo = starts[j]
        return values.withUnsafeBufferPointer { v in
            rows.withUnsafeBufferPointer { ri in
                Kernels.sparseDot(v.baseAddress! + lo, ri.baseAddress! + lo, count: starts[j + 1] - lo, r)
            }
        }
    }

    /// - Complexity: O(nnz of column j).
    @inline(__always)
    func weightedSquares(_ j: Int, _ w: UnsafePointer<Double>) -> Double {
        var s = 0.0
        values.withUnsafeBufferPointer { v in
            rows.withUnsafeBufferPointer { ri in
                for k in starts[j]..<starts[j + 1] { s += w[Int(ri[k])] * v[k] * v[k] }
            }
        }
        return s
    }

    /// - Complexity: O(nnz of column j).
    @inline(__always)
    func axpy(_ a: Double, _ j: Int, _ y: UnsafeMutablePointer<Double>) {
        let lo = starts[j]
        values.withUnsafeBufferPointer { v in
            rows.withUnsafeBufferPointer { ri in
                Kernels.sparseAxpy(a, v.baseAddress! + lo, ri.baseAddress! + lo, count: starts[j + 1] - lo, y)
            }
        }
    }

    /// - Complexity: O(nnz of column j).
    @inline(__always)
    func weightedAxpy(_ a: Double, _ j: Int, _ w: UnsafePointer<Double>, _ y: UnsafeMutablePointer<Double>) {
        values.withUnsafeBufferPointer { v in
            rows.withUnsafeBufferPointer { ri in
                for k in starts[j]..<starts[j + 1] {
                    let i = Int(ri[k])
                    y[i] += a * w[i] * v[k]
                }
            }
        }
    }
}
