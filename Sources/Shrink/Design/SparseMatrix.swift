/// A sparse matrix of doubles in compressed sparse column (CSC) form.
///
/// Column `j` holds the entries `values[columnStarts[j]..<columnStarts[j+1]]` at rows
/// `rowIndices[...]` (0-based, strictly increasing within a column).
public struct SparseMatrix: Sendable, Equatable {
    /// The number of rows (observations).
    public let rowCount: Int
    /// The number of columns (features).
    public let columnCount: Int
    /// Offsets into `rowIndices` and `values`; `columnCount + 1` entries, starting at 0.
    public let columnStarts: [Int]
    /// The row of each stored entry.
    public let rowIndices: [Int32]
    /// The value of each stored entry.
    public let values: [Double]

    /// The number of stored entries.
    public var storedCount: Int { values.count }

    /// Creates a CSC matrix after checking its structure.
    ///
    /// - Throws: ``ShrinkError/invalidInput(_:)`` when the arrays are inconsistent: wrong lengths,
    ///   decreasing column starts, or row indices out of range or not increasing within a column.
    public init(
        rowCount: Int, columnCount: Int, columnStarts: [Int], rowIndices: [Int32], values: [Double]
    ) throws {
        guard rowCount >= 0, columnCount >= 0, rowCount <= Int(Int32.max) else {
            throw ShrinkError.invalidInput("sparse matrix dimensions \(rowCount) x \(columnCount) are invalid")
        }
        guard columnStarts.count == columnCount + 1, columnStarts.first == 0,
              columnStarts.last == values.count, rowIndices.count == values.count else {
            throw ShrinkError.invalidInput("sparse matrix arrays have inconsistent lengths")
        }
        for j in 0..<columnCount {
            let lo = columnStarts[j], hi = columnStarts[j + 1]
            guard lo <= hi else {
                throw ShrinkError.invalidInput("sparse matrix column starts decrease at column \(j + 1)")
            }
            var previous: Int32 = -1
            for k in lo..<hi {
                let r = rowIndices[k]
                guard r > previous, Int(r) < rowCount else {
                    throw ShrinkError.invalidInput(
                        "sparse matrix column \(j + 1) has row index \(r) out of order or range")
                }
                previous = r
            }
        }
        self.rowCount = rowCount
        self.columnCount = columnCount
        self.columnStarts = columnStarts
        self.rowIndices = rowIndices
        self.values = values
    }

    /// Creates a CSC matrix from (row, column, value) triplets; duplicates are summed.
    ///
    /// - Throws: ``ShrinkError/invalidInput(_:)`` when an index is out of range.
    public init(rowCount: Int, columnCount: Int, triplets: [(row: Int, column: Int, value: Double)]) throws {
        var counts = [Int](repeating: 0, count: columnCount + 1)
        for t in triplets {
            guard t.row >= 0, t.row < rowCount, t.column >= 0, t.column < columnCount else {
                throw ShrinkError.invalidInput(
                    "entry (\(t.row + 1), \(t.column + 1)) is outside a \(rowCount) x \(columnCount) matrix")
            }
            counts[t.column + 1] += 1
        }
        for j in 0..<columnCount { counts[j + 1] += counts[j] }
        let sorted = triplets.sorted { ($0.column, $0.row) < ($1.column, $1.row) }
        var starts = [Int](repeating: 0, count: columnCount + 1)
        var rows: [Int32] = []
        var vals: [Double] = []
        rows.reserveCapacity(sorted.count)
        vals.reserveCapacity(sorted.count)
        var last: (Int, Int) = (-1, -1)
        for t in sorted {
            if (t.column, t.row) == last {
                vals[vals.count - 1] += t.value
            } else {
                rows.append(Int32(t.row))
                vals.append(t.value)
                starts[t.column + 1] = rows.count
                last = (t.column, t.row)
            }
        }
        for j in 0..<columnCount where starts[j + 1] < starts[j] { starts[j + 1] = starts[j] }
        try self.init(rowCount: rowCount, columnCount: columnCount, columnStarts: starts,
                      rowIndices: rows, values: vals)
    }

    /// Creates the sparse form of a dense matrix, keeping its non-zero entries.
    public init(_ dense: DenseMatrix) {
        var starts = [0]
        var rows: [Int32] = []
        var vals: [Double] = []
        for j in 0..<dense.columnCount {
            for i in 0..<dense.rowCount {
                let v = dense[i, j]
                if v != 0 {
                    rows.append(Int32(i))
                    vals.append(v)
                }
            }
            starts.append(rows.count)
        }
        self.rowCount = dense.rowCount
        self.columnCount = dense.columnCount
        self.columnStarts = starts
        self.rowIndices = rows
        self.values = vals
    }
}
