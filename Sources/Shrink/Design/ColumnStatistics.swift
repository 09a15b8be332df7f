import Dispatch

/// Weighted column means, centers, scales and standardized curvatures of a design.
///
/// With an intercept the columns are centered at their weighted means; with `standardize` they are
/// scaled by their weighted population sd (even without an intercept, as glmnet). Nothing is copied:
/// sparse designs are centered implicitly by the solvers.
struct ColumnStatistics: Sendable {
    /// Weighted means `sum_i w_i x_ij` (weights summing to 1).
    let means: [Double]
    /// The value subtracted from each column: its mean with an intercept, else 0.
    let centers: [Double]
    /// The divisor of each column: its population sd when standardizing, else 1.
    let scales: [Double]
    /// `sum_i w_i z_ij^2` of each standardized column `z_j = (x_j - center_j) / scale_j`.
    let curvatures: [Double]
    /// Whether each column varies over the rows with positive weight.
    let varies: [Bool]

    /// Whether every mean is finite. A non-finite design value always makes its column's mean
    /// non-finite (`0 * inf` is NaN too), so when this holds the design has none, and callers need
    /// not scan it again.
    var finite: Bool { means.allSatisfy { $0.isFinite } }

    /// Computes the statistics of `x` under `weights` (summing to 1).
    ///
    /// - Complexity: O(n p) dense, O(nnz + p) sparse; two passes for accurate variances.
    init(_ x: DesignMatrix, weights w: [Double], center: Bool, standardize: Bool) {
        let p = x.columnCount
        var means = [Double](repeating: 0, count: p)
        var variances = [Double](repeating: 0, count: p)
        var varies = [Bool](repeating: false, count: p)
        switch x {
        case .dense(let m):
            (means, variances, varies) = Self.dense(m, weights: w)
        case .sparse(let m):
            let positiveRows = w.reduce(0) { $0 + ($1 > 0 ? 1 : 0) }
            for j in 0..<p {
                let lo = m.columnStarts[j], hi = m.columnStarts[j + 1]
                var mean = 0.0, storedWeight = 0.0
                for k in lo..<hi {
                    let i = Int(m.rowIndices[k])
                    mean += w[i] * m.values[k]
                    storedWeight += w[i]
                }
                var ss = 0.0
                var first: Double? = nil
                var differs = false
                var positiveStored = 0
                for k in lo..<hi where w[Int(m.rowIndices[k])] > 0 {
                    let d = m.values[k] - mean
                    ss += w[Int(m.rowIndices[k])] * d * d
                    positiveStored += 1
                    if let f = first { if m.values[k] != f { differs = true } } else { first = m.values[k] }
                }
                // Rows not stored hold zeros; their total weight is 1 - storedWeight.
                ss += max(0, 1 - storedWeight) * mean * mean
                if !differs, let f = first, f != 0, positiveStored < positiveRows { differs = true }
                means[j] = mean
                variances[j] = ss
                varies[j] = differs
            }
        }
        self.means = means
        self.varies = varies
        self.centers = center ? means : [Double](repeating: 0, count: p)
        var scales = [Double](repeating: 1, count: p)
        var curvatures = [Double](repeating: 0, count: p)
        for j in 0..<p where varies[j] {
            if standardize { scales[j] = variances[j].squareRoot() }
            let s2 = scales[j] * scales[j]
            curvatures[j] = center ? variances[j] / s2 : (variances[j] + means[j] * means[j]) / s2
        }
        self.scales = scales
        self.curvatures = curvatures
    }
}

extension ColumnStatistics {
    /// Where ``denseColumns(_:values:rows:weights:into:)`` writes each column's results.
    fileprivate struct StatisticsOutputs: @unchecked Sendable {
        let means: UnsafeMutablePointer<Double>
        let variances: UnsafeMutablePointer<Double>
        let varies: UnsafeMutablePointer<Bool>
    }

    /// The statistics of every column of a dense design; columns are independent, so large designs
    /// are split in two halves on two threads (the same bits).
    ///
    /// - Complexity: O(n p).
    fileprivate static func dense(_ m: DenseMatrix, weights w: [Double]) -> (means: [Double], variances: [Double], varies: [Bool]) {
        let n = m.rowCount, p = m.columnCount
        var means = [Double](repeating: 0, count: p)
        var variances = [Double](repeating: 0, count: p)
        var varies = [Bool](repeating: false, count: p)
        means.withUnsafeMutableBufferPointer { meanOut in
            variances.withUnsafeMutableBufferPointer { varianceOut in
                varies.withUnsafeMutableBufferPointer { variesOut in
                    m.values.withUnsafeBufferPointer { v in
                        w.withUnsafeBufferPointer { wp in
                            let values = UnsafeSendablePointer(v.baseAddress!), weights = UnsafeSendablePointer(wp.baseAddress!)
                            let outputs = StatisticsOutputs(means: meanOut.baseAddress!, variances: varianceOut.baseAddress!,
                                                            varies: variesOut.baseAddress!)
                            let run = { @Sendable (columns: Range<Int>) in
                                denseColumns(columns, values: values.pointer, rows: n, weights: weights.pointer, into: outputs)
                            }
                            if n * p >= 1 << 20 && p >= 2 {
                                DispatchQueue.concurrentPerform(iterations: 2) { run($0 == 0 ? 0..<(p / 2) : (p / 2)..<p) }
                            } else {
                                run(0..<p)
                            }
                        }
                    }
                }
            }
        }
        return (means, variances, varies)
    }

    /// The weighted mean, weighted sum of squared deviations and whether two rows of positive weight
    /// differ, for the given columns of a dense column-major design.
    ///
    /// - Complexity: O(n) per column.
    fileprivate static func denseColumns(
        _ columns: Range<Int>, values: UnsafePointer<Double>, rows n: Int, weights wp: UnsafePointer<Double>,
        into out: StatisticsOutputs
    ) {
        for j in columns {
            let col = values + j * n
            let mean = Kernels.nativeDot(col, wp, count: n)
            // Rows of weight zero add nothing to the sum of squares.
            let ss = Kernels.nativeCenteredWeightedSquares(col, center: mean, wp, count: n)
            // Whether two rows of positive weight differ (usually found within the first rows).
            var differs = false
            var first = 0
            while first < n && wp[first] <= 0 { first += 1 }
            if first < n {
                let f = col[first]
                var i = first + 1
                while i < n && !(wp[i] > 0 && col[i] != f) { i += 1 }
                differs = i < n
            }
            out.means[j] = mean
            out.variances[j] = ss
            out.varies[j] = differs
        }
    }
}
