/// A design matrix (observations in rows, features in columns), dense or sparse.
///
/// Every solver reads the design through this type; the storage decides which kernels run.
public enum DesignMatrix: Sendable, Equatable {
    /// Dense column-major storage.
    case dense(DenseMatrix)
    /// Sparse compressed-column storage.
    case sparse(SparseMatrix)

    /// The number of rows (observations).
    public var rowCount: Int {
        switch self {
        case .dense(let m): m.rowCount
        case .sparse(let m): m.rowCount
        }
    }

    /// The number of columns (features).
    public var columnCount: Int {
        switch self {
        case .dense(let m): m.columnCount
        case .sparse(let m): m.columnCount
        }
    }

    /// Returns `X * coefficients + intercept` for every row.
    ///
    /// - Complexity: O(n p) dense, O(stored entries) sparse.
    public func linearPredictor(intercept: Double, coefficients: [Double]) -> [Double] {
        precondition(coefficients.count == columnCount, "coefficient count differs from column count")
        return linearPredictor(intercept: intercept, coefficients: SparseCoefficients(dense: coefficients))
    }

    /// Returns `X * coefficients + intercept` for every row, from sparse coefficients.
    ///
    /// - Complexity: O(n) per non-zero coefficient dense, O(its column's stored entries) sparse.
    public func linearPredictor(intercept: Double, coefficients: SparseCoefficients) -> [Double] {
        precondition(coefficients.count == columnCount, "coefficient count differs from column count")
        var eta = [Double](repeating: intercept, count: rowCount)
        eta.withUnsafeMutableBufferPointer { out in
            switch self {
            case .dense(let m):
                m.values.withUnsafeBufferPointer { v in
                    for (j, c) in zip(coefficients.indices, coefficients.values) {
                        Kernels.axpy(c, v.baseAddress! + j * m.rowCount, out.baseAddress!, count: m.rowCount)
                    }
                }
            case .sparse(let m):
                m.values.withUnsafeBufferPointer { v in
                    m.rowIndices.withUnsafeBufferPointer { r in
                        for (j, c) in zip(coefficients.indices, coefficients.values) {
                            let lo = m.columnStarts[j]
                            Kernels.sparseAxpy(c, v.baseAddress! + lo, r.baseAddress! + lo,
                                               count: m.columnStarts[j + 1] - lo, out.baseAddress!)
                        }
                    }
                }
            }
        }
        return eta
    }
}
