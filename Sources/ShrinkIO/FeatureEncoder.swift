import Shrink

/// Builds the dense design of a ``DataTable`` from a list of ``EncodedColumn``s, at fit and at
/// predict time alike.
public enum FeatureEncoder {
    /// Returns the encoding of these columns of `table`: numeric columns as themselves, text
    /// columns one-hot with their levels sorted by UTF-8 bytes.
    ///
    /// - Parameter rows: The rows used (all when nil); levels only seen in other rows are left out.
    /// - Throws: ``DataError`` when a feature name made from a level is already a column name.
    public static func encoding(of table: DataTable, columns: [Int], rows: [Int]? = nil) throws -> [EncodedColumn] {
        var taken = Set(columns.map { table.columnNames[$0] })
        return try columns.map { j in
            let name = table.columnNames[j]
            guard let text = table.text[j] else { return EncodedColumn(numeric: name) }
            var used = [Bool](repeating: false, count: text.levels.count)
            if let rows {
                for i in rows where text.codes[i] >= 0 { used[Int(text.codes[i])] = true }
            } else {
                for c in text.codes where c >= 0 { used[Int(c)] = true }
            }
            let levels = text.levels.indices.filter { used[$0] }.map { text.levels[$0] }
                .sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
            let encoded = EncodedColumn(categorical: name, levels: levels)
            for feature in encoded.featureNames where !taken.insert(feature).inserted {
                throw DataError(.duplicateColumn, file: table.source, columnName: name,
                                message: "the one-hot feature \(quoted(feature)) has the name of another column or feature; rename the column")
            }
            return encoded
        }
    }

    /// Returns the design for `encoding` from the rows `rows` (all when nil) of `table`.
    ///
    /// - Parameters:
    ///   - imputation: One value per feature that replaces missing cells; when nil, a missing
    ///     cell in a chosen row is an error.
    ///   - unseen: What a level outside a categorical column's levels gives.
    /// - Throws: ``DataError`` for a missing column, a text or infinite cell in a numeric column,
    ///   a missing cell without imputation, or an unseen level (unless `unseen` is `.zero`).
    public static func design(_ table: DataTable, encoding: [EncodedColumn], rows: [Int]? = nil,
                              imputation: [Double]? = nil, unseen: UnseenLevelPolicy = .error) throws -> DenseMatrix {
        let indices = try encoding.map { e -> Int in
            guard let j = table.columnIndex(named: e.column) else {
                throw DataError(.unknownColumn, file: table.source, message: "missing column \(quoted(e.column))")
            }
            return j
        }
        let n = rows?.count ?? table.rowCount
        let p = encoding.reduce(0) { $0 + ($1.levels?.count ?? 1) }
        if let imputation, imputation.count != p {
            throw DataError(.invalidSelection, file: table.source,
                            message: "\(imputation.count) imputation values for \(p) features")
        }
        var values = [Double](repeating: 0, count: n * p)
        var feature = 0
        try values.withUnsafeMutableBufferPointer { out in
            for (e, j) in zip(encoding, indices) {
                if let levels = e.levels {
                    try oneHot(table, column: j, levels: levels, rows: rows, firstFeature: feature,
                               imputation: imputation, unseen: unseen, out: out, n: n)
                    feature += levels.count
                } else {
                    try numeric(table, column: j, rows: rows, feature: feature, imputation: imputation,
                                out: out, n: n)
                    feature += 1
                }
            }
        }
        return DenseMatrix(rowCount: n, columnCount: p, columnMajor: values)
    }

    /// Copies numeric column `j` into feature `feature` of `out`.
    private static func numeric(_ table: DataTable, column j: Int, rows: [Int]?, feature: Int,
                                imputation: [Double]?, out: UnsafeMutableBufferPointer<Double>, n: Int) throws {
        let name = table.columnNames[j]
        if let issue = table.firstText[j] { throw issue.error(file: table.source, columnName: name) }
        if let issue = table.firstInfinite[j] { throw issue.error(file: table.source, columnName: name) }
        let source = table.columns[j]
        let base = feature * n
        if table.firstMissing[j] == nil {
            if let rows {
                for (k, i) in rows.enumerated() { out[base + k] = source[i] }
            } else {
                source.withUnsafeBufferPointer { s in
                    UnsafeMutableRawPointer(out.baseAddress! + base).copyMemory(
                        from: s.baseAddress!, byteCount: n * MemoryLayout<Double>.stride)
                }
            }
            return
        }
        for k in 0..<n {
            let i = rows?[k] ?? k
            var v = source[i]
            if v.isNaN {
                guard let imputation else { throw missingError(table, row: i, column: j) }
                v = imputation[feature]
            }
            out[base + k] = v
        }
    }

    /// Writes the one-hot features of column `j`.
    private static func oneHot(_ table: DataTable, column j: Int, levels: [String], rows: [Int]?,
                               firstFeature: Int, imputation: [Double]?, unseen: UnseenLevelPolicy,
                               out: UnsafeMutableBufferPointer<Double>, n: Int) throws {
        var position: [String: Int] = [:]
        for (k, level) in levels.enumerated() { position[level] = k }
        // Map the table's own codes (or canonical numbers) to feature positions; -1 missing, -2 unseen.
        let text = table.text[j]
        var codeMap: [Int] = []
        if let text { codeMap = text.levels.map { position[$0] ?? -2 } }
        for k in 0..<n {
            let i = rows?[k] ?? k
            var slot: Int
            var cell = ""
            if let text {
                let c = text.codes[i]
                slot = c < 0 ? -1 : codeMap[Int(c)]
                if slot == -2 { cell = text.levels[Int(c)] }
            } else {
                let v = table.columns[j][i]
                if v.isNaN {
                    slot = -1
                } else {
                    cell = TextColumn.canonicalText(v)
                    slot = position[cell] ?? -2
                }
            }
            if slot >= 0 {
                out[(firstFeature + slot) * n + k] = 1
            } else if slot == -1 {
                guard let imputation else { throw missingError(table, row: i, column: j) }
                for f in 0..<levels.count { out[(firstFeature + f) * n + k] = imputation[firstFeature + f] }
            } else if unseen == .error {
                let shown = levels.prefix(10).map { quoted($0) }.joined(separator: ", ")
                    + (levels.count > 10 ? ", ... (\(levels.count - 10) more)" : "")
                throw DataError(.unseenLevel, file: table.source, line: Int(table.rowLines[i]), column: j + 1,
                                columnName: table.columnNames[j],
                                message: "level \(quoted(cell)) was not seen when the model was fitted (its levels are \(shown)); use --unseen-levels zero to encode it as all zeros")
            }
        }
    }

    /// The error for a missing cell at row `i` of column `j`.
    static func missingError(_ table: DataTable, row i: Int, column j: Int) -> DataError {
        DataError(.missingValue, file: table.source, line: Int(table.rowLines[i]), column: j + 1,
                  columnName: table.columnNames[j],
                  message: "missing value; use --drop-missing or --impute mean")
    }

    /// Returns the `--impute mean` value of each feature: a numeric column's mean over the rows
    /// (of `rows`) where it is present; for a one-hot column, each level's share of those rows.
    public static func means(_ table: DataTable, encoding: [EncodedColumn], rows: [Int]? = nil) -> [Double] {
        var result: [Double] = []
        let n = rows?.count ?? table.rowCount
        for e in encoding {
            guard let j = table.columnIndex(named: e.column) else {
                result += Array(repeating: 0, count: e.levels?.count ?? 1)
                continue
            }
            if let levels = e.levels {
                var counts = [Double](repeating: 0, count: levels.count)
                var present = 0.0
                var position: [String: Int] = [:]
                for (k, level) in levels.enumerated() { position[level] = k }
                for k in 0..<n {
                    let i = rows?[k] ?? k
                    let level: String?
                    if let text = table.text[j] {
                        level = text.level(at: i)
                    } else {
                        let v = table.columns[j][i]
                        level = v.isNaN ? nil : TextColumn.canonicalText(v)
                    }
                    guard let level else { continue }
                    present += 1
                    if let f = position[level] { counts[f] += 1 }
                }
                result += counts.map { present > 0 ? $0 / present : 0 }
            } else {
                var sum = 0.0
                var count = 0.0
                let column = table.columns[j]
                for k in 0..<n {
                    let v = column[rows?[k] ?? k]
                    if !v.isNaN {
                        sum += v
                        count += 1
                    }
                }
                result.append(count > 0 ? sum / count : 0)
            }
        }
        return result
    }
}
