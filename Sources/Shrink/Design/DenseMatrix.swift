/// A dense matrix of doubles stored column by column.
public struct DenseMatrix: Sendable, Equatable {
    /// The number of rows (observations).
    public let rowCount: Int
    /// The number of columns (features).
    public let columnCount: Int
    /// The entries in column-major order: entry (i, j) is `values[j * rowCount + i]`.
    public private(set) var values: [Double]

    /// Creates a matrix from entries in column-major order.
    ///
    /// - Precondition: `values.count == rowCount * columnCount`.
    public init(rowCount: Int, columnCount: Int, columnMajor values: [Double]) {
        precondition(rowCount >= 0 && columnCount >= 0, "negative matrix dimension")
        precondition(values.count == rowCount * columnCount,
                     "expected \(rowCount * columnCount) values, got \(values.count)")
        self.rowCount = rowCount
        self.columnCount = columnCount
        self.values = values
    }

    /// Creates a matrix from an array of rows, all of the same length.
    ///
    /// - Precondition: every row has the same number of entries.
    public init(rows: [[Double]]) {
        let n = rows.count
        let p = rows.first?.count ?? 0
        var v = [Double](repeating: 0, count: n * p)
        for (i, row) in rows.enumerated() {
            precondition(row.count == p, "row \(i) has \(row.count) entries, expected \(p)")
            for j in 0..<p { v[j * n + i] = row[j] }
        }
        self.init(rowCount: n, columnCount: p, columnMajor: v)
    }

    /// Returns entry (`row`, `column`).
    @inlinable
    public subscript(row: Int, column: Int) -> Double {
        values[column * rowCount + row]
    }

    /// Returns the entries of one column.
    ///
    /// - Complexity: O(`rowCount`).
    public func column(_ j: Int) -> ArraySlice<Double> {
        values[(j * rowCount)..<((j + 1) * rowCount)]
    }
}
