import Shrink

extension DataTable {
    /// Resolves a user's column reference: an exact column name, else a 1-based index written
    /// `#3` or `3`.
    ///
    /// - Parameter role: What the column is for (`"target"`, `"weights"`...), used in messages.
    /// - Throws: ``DataError`` (``DataError/Kind/unknownColumn``) listing the available names.
    public func resolveColumn(_ reference: String, role: String) throws -> Int {
        if let j = columnIndex(named: reference) { return j }
        let digits = reference.hasPrefix("#") ? String(reference.dropFirst()) : reference
        if let k = Int(digits), !digits.isEmpty, digits.allSatisfy(\.isASCII) {
            guard k >= 1, k <= columnCount else {
                throw DataError(.unknownColumn, file: source,
                                message: "\(role) column #\(k) is out of range (the file has \(columnCount) column\(columnCount == 1 ? "" : "s"))")
            }
            return k - 1
        }
        var message = "no \(role) column named \(quoted(reference))"
        if let near = columnNames.first(where: { $0.lowercased() == reference.lowercased() }) {
            message += " (did you mean \(quoted(near))?)"
        }
        throw DataError(.unknownColumn, file: source, message: message + "; the columns are " + listedNames())
    }

    /// Returns the column names quoted and comma separated, shortened after 20 names.
    func listedNames(_ names: [String]? = nil) -> String {
        let all = names ?? columnNames
        let shown = all.prefix(20).map { quoted($0) }.joined(separator: ", ")
        return all.count > 20 ? shown + ", ... (\(all.count - 20) more)" : shown
    }

    /// Returns the numeric columns with these names as a dense n x k matrix, in the given order.
    ///
    /// - Throws: ``DataError`` naming the missing columns, or the first non-numeric cell.
    public func matrix(columns names: [String]) throws -> DenseMatrix {
        let missing = names.filter { columnIndex(named: $0) == nil }
        if !missing.isEmpty {
            throw DataError(.unknownColumn, file: source,
                            message: "missing column\(missing.count == 1 ? "" : "s") " + listedNames(missing))
        }
        return try matrix(indices: names.compactMap { columnIndex(named: $0) })
    }

    /// Returns the numeric columns at these 0-based indices as a dense matrix.
    ///
    /// - Throws: ``DataError`` locating the first non-numeric cell of a chosen column.
    func matrix(indices: [Int]) throws -> DenseMatrix {
        var values: [Double] = []
        values.reserveCapacity(rowCount * indices.count)
        for j in indices { values += try numericColumn(j) }
        return DenseMatrix(rowCount: rowCount, columnCount: indices.count, columnMajor: values)
    }
}
