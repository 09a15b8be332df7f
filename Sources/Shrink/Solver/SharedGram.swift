import Dispatch

/// The weighted cross products of a dense design's columns about their means over all rows,
/// computed once per column and shared by the concurrent fits of a cross-validation.
///
/// Column k holds `F_jk = sum_i v_i (x_ij - m_j)(x_ik - m_k)` for every j, with `v = w / sum(w)`
/// over all rows and `m` the weighted column means. A fold's Gram column follows from it and its
/// held-out rows alone (see ``FoldGram``), so the ten folds of a 10-fold CV read the whole design
/// once per entering feature instead of ten times. Columns are computed whole (no reuse of
/// symmetric entries), so their values do not depend on which fold asked first.
final class SharedGram: @unchecked Sendable {
    /// The full design, centered at `means` and unscaled.
    private let design: StandardizedDenseDesign
    /// The weighted column means `m` over all rows.
    let means: [Double]
    /// `sum_i w_i`, the weights as given.
    let weightSum: Double
    /// `sum_i w_i (x_ij - m_j)`: zero up to rounding.
    let centeredSums: [Double]
    private let p: Int
    private let lock = DispatchQueue(label: "Shrink.SharedGram")
    private var columns: [[Double]?]

    /// Prepares the cache for `x` with observation weights `weights` (as given, not normalized).
    ///
    /// - Complexity: O(n p).
    init(_ x: DenseMatrix, weights: [Double]) {
        let total = weights.reduce(0, +)
        let v = weights.map { $0 / total }
        let stats = ColumnStatistics(.dense(x), weights: v, center: true, standardize: false)
        design = StandardizedDenseDesign(x, sqrtWeights: v.map { $0.squareRoot() }, stats: stats)
        means = stats.centers
        weightSum = total
        p = x.columnCount
        centeredSums = Self.centeredSums(x, weights: weights, centers: stats.centers)
        columns = [[Double]?](repeating: nil, count: x.columnCount)
    }

    /// Returns `sum_i w_i (x_ij - c_j)` for every column of `x`.
    ///
    /// - Complexity: O(n p).
    static func centeredSums(_ x: DenseMatrix, weights: [Double], centers: [Double]) -> [Double] {
        let n = x.rowCount
        guard n > 0 else { return [Double](repeating: 0, count: x.columnCount) }
        return x.values.withUnsafeBufferPointer { values in
            weights.withUnsafeBufferPointer { w in
                (0..<x.columnCount).map { j in
                    Kernels.centeredDot(values.baseAddress! + j * n, center: centers[j], w.baseAddress!, count: n)
                }
            }
        }
    }

    /// Returns column `k` of `F`, computing it on first use (callers wait while another computes).
    ///
    /// With at most ``bulkOrder`` features, or a design over ``bulkBytes`` (and the vector kernels),
    /// the first request computes every column at once by register-tiled block products
    /// (``fillAll()``), as a single fit's ``GramResidual`` does: whichever fold asks first, every
    /// entry comes from the same product. The rule depends on the shape only, so the bits do not
    /// depend on the order in which the folds ask.
    ///
    /// - Complexity: O(n p) the first time (O(n p^2 / 2) for all columns at once), O(p) after.
    func column(_ k: Int) -> [Double] {
        lock.sync {
            if let c = columns[k] { return c }
            if bulk {
                fillAll()
                return columns[k]!
            }
            var c = [Double](repeating: 0, count: p)
            let scratch = UnsafeMutablePointer<Double>.allocate(capacity: max(1, design.rowCount))
            defer { scratch.deallocate() }
            design.products(of: k, rows: Array(0..<p), scratch: scratch) { j, value in c[j] = value }
            columns[k] = c
            return c
        }
    }
}

extension SharedGram {
    /// The largest number of features for which the first column brings all the others (the
    /// covariance fit's rule, ``GramResidual``: a path that needs one Gram column needs most of them,
    /// and a blocked product of all costs about what p / 20 single columns cost from memory).
    static let bulkOrder = 128

    /// The design size from which the first column brings all the others whatever p: every single
    /// column then streams the design from memory, and the blocked product of all p columns costs
    /// about what p / 40 of them cost (at 40 G multiply-adds/s on two cores against 15 GB/s).
    static let bulkBytes = 8 << 20

    /// The number of columns computed so far.
    var storedColumns: Int { lock.sync { columns.reduce(0) { $0 + ($1 == nil ? 0 : 1) } } }

    /// Whether the first request computes every column (``column(_:)``).
    fileprivate var bulk: Bool {
        Kernels.native && (p <= Self.bulkOrder || design.rowCount * p * MemoryLayout<Double>.size > Self.bulkBytes)
    }

    /// Computes every column of `F` by ``StandardizedDenseDesign/gramProducts(_:against:_:)`` (the
    /// upper triangle), each entry once and mirrored.
    ///
    /// - Complexity: O(n p^2 / 2); at most n x 64 entries of scratch.
    fileprivate func fillAll() {
        var all = [[Double]](repeating: [Double](repeating: 0, count: p), count: p)
        design.gramProducts(Array(0..<p)) { r, t, value in
            all[t][r] = value
            all[r][t] = value
        }
        for k in 0..<p { columns[k] = all[k] }
    }
}

/// A fold's view of a ``SharedGram``: its Gram columns from the shared all-row products minus
/// the products over its held-out rows.
///
/// With training weights `w_T` (normalized to sum 1 over the training rows), training centers `c`,
/// `u = x - m` and `delta = c - m`:
/// `sum_T w (x_j - c_j)(x_k - c_k) = S_jk - delta_k a_j - delta_j a_k + delta_j delta_k`, where
/// `S_jk = (W F_jk - sum_held-out w u_j u_k) / W_T` and `a_j = sum_T w u_j`; shifting by the
/// all-row means keeps the subtractions free of cancellation.
struct FoldGram: Sendable {
    /// The shared all-row products.
    let shared: SharedGram
    /// The held-out rows of the design.
    let heldOut: DenseMatrix
    /// The weights of the held-out rows, as given.
    let heldOutWeights: [Double]
    /// `W_T`, the training rows' total weight as given.
    let trainingWeight: Double
    /// `a_j = sum_T w u_j`.
    let centeredMeans: [Double]

    /// Prepares the fold that holds out `heldOut` (rows of the shared design) with their weights.
    ///
    /// - Complexity: O(n_held-out p).
    init(shared: SharedGram, heldOut: DenseMatrix, heldOutWeights: [Double]) {
        self.shared = shared
        self.heldOut = heldOut
        self.heldOutWeights = heldOutWeights
        let training = shared.weightSum - heldOutWeights.reduce(0, +)
        trainingWeight = training
        let heldOutSums = SharedGram.centeredSums(heldOut, weights: heldOutWeights, centers: shared.means)
        centeredMeans = zip(shared.centeredSums, heldOutSums).map { training > 0 ? ($0 - $1) / training : 0 }
    }

    /// Writes `z~_j' z~_k` of the training design `z` into `out[j]` for each feature `j` of `rows`
    /// for which `needed` holds.
    ///
    /// - Complexity: O(p) for the shared column (O(n p) if it is new), plus O(n_held-out) per row.
    func products(of k: Int, design z: StandardizedDenseDesign, rows: [Int], needed: (Int) -> Bool,
                  into out: UnsafeMutablePointer<Double>) {
        let scales = z.inverseScales, centers = z.centers
        let m = shared.means, a = centeredMeans
        let nt = heldOut.rowCount
        guard scales[k] != 0, trainingWeight > 0 else {
            for j in rows where needed(j) { out[j] = 0 }
            return
        }
        let full = shared.column(k)
        heldOut.values.withUnsafeBufferPointer { x in
            let base = x.baseAddress!
            // t = w u_k over the held-out rows.
            var t = [Double](repeating: 0, count: max(1, nt))
            if nt > 0 {
                heldOutWeights.withUnsafeBufferPointer { w in
                    t.withUnsafeMutableBufferPointer {
                        Kernels.centeredWeightedAxpy(1, base + k * nt, center: m[k], w.baseAddress!, $0.baseAddress!, count: nt)
                    }
                }
            }
            let dk = centers[k] - m[k]
            t.withUnsafeBufferPointer { tp in
                for j in rows where needed(j) {
                    guard scales[j] != 0 else { out[j] = 0; continue }
                    let heldOutProduct = nt > 0
                        ? Kernels.centeredDot(base + j * nt, center: m[j], tp.baseAddress!, count: nt) : 0
                    let s = (shared.weightSum * full[j] - heldOutProduct) / trainingWeight
                    let dj = centers[j] - m[j]
                    out[j] = scales[j] * scales[k] * (s - dk * a[j] - dj * a[k] + dj * dk)
                }
            }
        }
    }
}
