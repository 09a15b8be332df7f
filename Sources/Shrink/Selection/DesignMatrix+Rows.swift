extension DesignMatrix {
    /// Returns the design restricted to `rows` (0-based, increasing), in the same storage.
    ///
    /// - Complexity: O(|rows| p) dense, O(stored entries) sparse.
    func selectingRows(_ rows: [Int]) throws -> DesignMatrix {
        switch self {
        case .dense(let m):
            let n = m.rowCount, k = rows.count
            let values = [Double](unsafeUninitializedCapacity: k * m.columnCount) { dst, initialized in
                initialized = 0
                guard k > 0, m.columnCount > 0 else { return }
                m.values.withUnsafeBufferPointer { src in
                    rows.withUnsafeBufferPointer { rows in
                        for j in 0..<m.columnCount {
                            let from = src.baseAddress! + j * n, to = dst.baseAddress! + j * k
                            for t in 0..<k { to[t] = from[rows[t]] }
                        }
                    }
                }
                initialized = k * m.columnCount
            }
            return .dense(DenseMatrix(rowCount: k, columnCount: m.columnCount, columnMajor: values))
        case .sparse(let m):
            var newIndex = [Int32](repeating: -1, count: m.rowCount)
            for (t, i) in rows.enumerated() { newIndex[i] = Int32(t) }
            var starts = [0], rowIndices: [Int32] = [], values: [Double] = []
            for j in 0..<m.columnCount {
                for e in m.columnStarts[j]..<m.columnStarts[j + 1] {
                    let t = newIndex[Int(m.rowIndices[e])]
                    if t >= 0 {
                        rowIndices.append(t)
                        values.append(m.values[e])
                    }
                }
                starts.append(values.count)
            }
            return .sparse(try SparseMatrix(rowCount: rows.count, columnCount: m.columnCount,
                                            columnStarts: starts, rowIndices: rowIndices, values: values))
        }
    }

    /// Returns column `j` as a dense array.
    ///
    /// - Complexity: O(n).
    func denseColumn(_ j: Int) -> [Double] {
        switch self {
        case .dense(let m):
            return Array(m.column(j))
        case .sparse(let m):
            var out = [Double](repeating: 0, count: m.rowCount)
            for e in m.columnStarts[j]..<m.columnStarts[j + 1] { out[Int(m.rowIndices[e])] = m.values[e] }
            return out
        }
    }
}
