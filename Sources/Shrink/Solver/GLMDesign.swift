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
    /// Computes `out[j] = ` ``dot(_:_:)`` for every `j` in `features` (`out` indexed by feature).
    func dots(_ features: [Int], _ r: UnsafePointer<Double>, into out: UnsafeMutablePointer<Double>)
    /// Returns `sum_i v_i x~_ij^2`.
    func weightedSquares(_ j: Int, _ v: UnsafePointer<Double>) -> Double
    /// Computes `out[j] = ` ``weightedSquares(_:_:)`` for every `j` in `features` (`out` indexed by
    /// feature), the same values, a large batch split over two threads.
    func weightedSquares(_ features: [Int], _ v: UnsafePointer<Double>, into out: UnsafeMutablePointer<Double>)
    /// Returns ``dot(_:_:)`` of `r` and ``weightedSquares(_:_:)`` under `v` (in one pass where the
    /// design has a fused kernel).
    func dotAndWeightedSquares(_ j: Int, _ r: UnsafePointer<Double>, _ v: UnsafePointer<Double>)
        -> (dot: Double, squares: Double)
    /// Computes `y += a x~_j`.
    func axpy(_ a: Double, _ j: Int, _ y: UnsafeMutablePointer<Double>)
    /// Computes `y += a v ∘ x~_j`.
    func weightedAxpy(_ a: Double, _ j: Int, _ v: UnsafePointer<Double>, _ y: UnsafeMutablePointer<Double>)
    /// The centers subtracted from the columns (zeros when not centered).
    var centers: [Double] { get }
    /// Returns the row-major `|rows| x |columns|` products `sum_i v_i x~_ij x~_ik`, or `nil` when the
    /// design has no fast way to form them (then solvers keep to residual updates).
    func weightedCrossProducts(_ rows: [Int], _ columns: [Int], _ v: UnsafePointer<Double>) -> [Double]?
}

extension GLMDesign {
    /// - Complexity: two passes over column `j`.
    func dotAndWeightedSquares(_ j: Int, _ r: UnsafePointer<Double>, _ v: UnsafePointer<Double>)
        -> (dot: Double, squares: Double) {
        (dot(j, r), weightedSquares(j, v))
    }
}

/// A zero-copy standardized view of a dense design: `x~_j = (x_j - c_j) / s_j` is applied on the fly
/// by the fused kernels (``Kernels/centeredDot(_:center:_:count:)`` and its relatives) in the pass
/// each operation makes anyway, so no n x p copy exists. Columns that do not vary stand for zero columns.
struct DenseGLMDesign: GLMDesign {
    let rowCount: Int
    /// The caller's entries, column-major (shared, not copied).
    let values: [Double]
    let centers: [Double]
    /// `1 / s_j` for columns that vary, 0 for the others.
    let inverseScales: [Double]
    /// Whether a column's center is at most its sd: its products in ``dots(_:_:into:)`` are taken
    /// on the raw entries and centered once afterwards, without cancellation to fear.
    let plainProducts: [Bool]
    /// Whether ``dots(_:_:into:)`` takes four plain columns per pass over the vector: unless the
    /// columns are short and the design too large for the caches (then one long stream is faster
    /// than four short ones; BENCHMARKS.md, the epoch section).
    let batchesProducts: Bool

    /// Creates the view.
    ///
    /// - Complexity: O(p); the design is not copied.
    init(_ m: DenseMatrix, stats: ColumnStatistics) {
        rowCount = m.rowCount
        values = m.values
        centers = stats.centers
        inverseScales = (0..<m.columnCount).map { stats.varies[$0] ? 1 / stats.scales[$0] : 0 }
        plainProducts = (0..<m.columnCount).map { stats.centers[$0] == 0 || abs(stats.centers[$0]) <= stats.scales[$0] }
        batchesProducts = m.rowCount >= 8192 || m.rowCount * m.columnCount <= 1 << 20
    }

    /// - Complexity: O(n), one pass over column `j` and `r`.
    @inline(__always)
    func dot(_ j: Int, _ r: UnsafePointer<Double>) -> Double {
        let scale = inverseScales[j]
        if scale == 0 { return 0 }
        return values.withUnsafeBufferPointer {
            scale * Kernels.nativeCenteredDot($0.baseAddress! + j * rowCount, center: centers[j], r, count: rowCount)
        }
    }

    /// ``dot(_:_:)`` of every listed feature, four plain columns per pass over `r` (see
    /// ``Kernels/standardizedProducts(_:x:rows:centers:inverseScales:plain:batched:_:common:total:into:)``):
    /// the same values up to rounding. A large batch is split in two halves on two threads
    /// (``ProductBatch``: the same bits).
    ///
    /// - Complexity: O(n (1 + |features|)).
    func dots(_ features: [Int], _ r: UnsafePointer<Double>, into out: UnsafeMutablePointer<Double>) {
        let total = Kernels.sum(r, count: rowCount), n = rowCount
        features.withUnsafeBufferPointer { f in
            let batch = ProductBatch(features: f, vector: r, output: out)
            batch.run(threaded: f.count * n >= Self.threadedWork && f.count >= 8, split: f.count / 2) { part in
                Kernels.standardizedProducts(
                    part.features, x: values, rows: n, centers: centers, inverseScales: inverseScales,
                    plain: plainProducts, batched: batchesProducts, part.vector, common: 1, total: total,
                    into: part.output)
            }
        }
    }

    /// The work (`|features| * n` multiply-adds) from which ``dots(_:_:into:)`` splits a batch over
    /// two threads. Higher than the gaussian solver's (``ProductBatch/threadedWork``): an IRLS path
    /// checks often, and with the design in the last-level cache waking the second thread did not
    /// pay (alternating runs, logistic FHT (100, 5000, 0.5): 5 % slower at 2^17; (100, 20000, 0.5):
    /// 9 % faster).
    static let threadedWork = 1 << 20

    /// - Complexity: O(n |features|).
    func weightedSquares(_ features: [Int], _ v: UnsafePointer<Double>, into out: UnsafeMutablePointer<Double>) {
        features.withUnsafeBufferPointer { f in
            ProductBatch(features: f, vector: v, output: out)
                .run(threaded: f.count * rowCount >= Self.threadedWork && f.count >= 8, split: f.count / 2) { part in
                    for j in part.features { part.output[j] = weightedSquares(j, part.vector) }
                }
        }
    }

    /// - Complexity: O(n), one pass over column `j` and `v`.
    @inline(__always)
    func weightedSquares(_ j: Int, _ v: UnsafePointer<Double>) -> Double {
        let scale = inverseScales[j]
        if scale == 0 { return 0 }
        return values.withUnsafeBufferPointer {
            scale * scale
                * Kernels.nativeCenteredWeightedSquares($0.baseAddress! + j * rowCount, center: centers[j], v,
                                                        count: rowCount)
        }
    }

    /// - Complexity: O(n), one pass over column `j` and `y`.
    @inline(__always)
    func axpy(_ a: Double, _ j: Int, _ y: UnsafeMutablePointer<Double>) {
        let scale = inverseScales[j]
        if scale == 0 { return }
        values.withUnsafeBufferPointer {
            Kernels.nativeCenteredAxpy(a * scale, $0.baseAddress! + j * rowCount, center: centers[j], y, count: rowCount)
        }
    }

    /// - Complexity: O(n), one pass over column `j`, `r` and `v`.
    @inline(__always)
    func dotAndWeightedSquares(_ j: Int, _ r: UnsafePointer<Double>, _ v: UnsafePointer<Double>)
        -> (dot: Double, squares: Double) {
        let scale = inverseScales[j]
        if scale == 0 { return (0, 0) }
        let (d, s) = values.withUnsafeBufferPointer {
            Kernels.nativeCenteredDotAndWeightedSquares($0.baseAddress! + j * rowCount, center: centers[j], r, v,
                                                        count: rowCount)
        }
        return (scale * d, scale * scale * s)
    }

    /// - Complexity: O(n), one pass over column `j`, `v` and `y`.
    @inline(__always)
    func weightedAxpy(_ a: Double, _ j: Int, _ v: UnsafePointer<Double>, _ y: UnsafeMutablePointer<Double>) {
        let scale = inverseScales[j]
        if scale == 0 { return }
        values.withUnsafeBufferPointer {
            Kernels.nativeCenteredWeightedAxpy(a * scale, $0.baseAddress! + j * rowCount, center: centers[j], v, y,
                                               count: rowCount)
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

    /// The same values as ``dot(_:_:)`` feature by feature, with the storage held once for all; a
    /// large batch is split by its entries over two threads (``ProductBatch``: the same bits).
    ///
    /// - Complexity: O(nnz) of the listed columns.
    func dots(_ features: [Int], _ r: UnsafePointer<Double>, into out: UnsafeMutablePointer<Double>) {
        guard !values.isEmpty else {
            for j in features { out[j] = 0 }
            return
        }
        let (threaded, split) = entrySplit(features)
        features.withUnsafeBufferPointer { f in
            ProductBatch(features: f, vector: r, output: out).run(threaded: threaded, split: split) { part in
                values.withUnsafeBufferPointer { v in
                    rows.withUnsafeBufferPointer { ri in
                        starts.withUnsafeBufferPointer { st in
                            for j in part.features {
                                let lo = st[j]
                                part.output[j] = Kernels.sparseDot(v.baseAddress! + lo, ri.baseAddress! + lo,
                                                                   count: st[j + 1] - lo, part.vector)
                            }
                        }
                    }
                }
            }
        }
    }

    /// Whether a batch over `features` is worth two threads, and where they split it: the entries,
    /// not the features, in halves.
    private func entrySplit(_ features: [Int]) -> (threaded: Bool, split: Int) {
        var work = 0
        for j in features { work += starts[j + 1] - starts[j] }
        let threaded = work >= ProductBatch.threadedWork
        var split = 0, first = 0
        while threaded && split < features.count && 2 * first < work {
            first += starts[features[split] + 1] - starts[features[split]]
            split += 1
        }
        return (threaded, split)
    }

    /// - Complexity: O(nnz) of the listed columns.
    func weightedSquares(_ features: [Int], _ v: UnsafePointer<Double>, into out: UnsafeMutablePointer<Double>) {
        let (threaded, split) = entrySplit(features)
        features.withUnsafeBufferPointer { f in
            ProductBatch(features: f, vector: v, output: out).run(threaded: threaded, split: split) { part in
                for j in part.features { part.output[j] = weightedSquares(j, part.vector) }
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

    /// One pass over column `j`'s entries, each sum in the order of ``dot(_:_:)`` and
    /// ``weightedSquares(_:_:)`` (so the values are theirs to the bit).
    ///
    /// - Complexity: O(nnz of column j).
    func dotAndWeightedSquares(_ j: Int, _ r: UnsafePointer<Double>, _ w: UnsafePointer<Double>)
        -> (dot: Double, squares: Double) {
        var s0 = 0.0, s1 = 0.0, s2 = 0.0, s3 = 0.0, squares = 0.0
        values.withUnsafeBufferPointer { v in
            rows.withUnsafeBufferPointer { ri in
                let lo = starts[j], count = starts[j + 1] - lo
                let x = v.baseAddress! + lo, rows = ri.baseAddress! + lo
                var k = 0
                while k + 4 <= count {
                    let i0 = Int(rows[k]), i1 = Int(rows[k + 1]), i2 = Int(rows[k + 2]), i3 = Int(rows[k + 3])
                    s0 += x[k] * r[i0]
                    s1 += x[k + 1] * r[i1]
                    s2 += x[k + 2] * r[i2]
                    s3 += x[k + 3] * r[i3]
                    squares += w[i0] * x[k] * x[k]
                    squares += w[i1] * x[k + 1] * x[k + 1]
                    squares += w[i2] * x[k + 2] * x[k + 2]
                    squares += w[i3] * x[k + 3] * x[k + 3]
                    k += 4
                }
                while k < count {
                    let i = Int(rows[k])
                    s0 += x[k] * r[i]
                    squares += w[i] * x[k] * x[k]
                    k += 1
                }
            }
        }
        return ((s0 + s1) + (s2 + s3), squares)
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
