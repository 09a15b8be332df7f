import Foundation
import Shrink

extension ModelData {
    /// Splits an `--offset` value into column references: the value itself when it names a
    /// column of `table` (a name may hold commas), else its comma-separated items (names or
    /// `#indices`; one per class for the multinomial family).
    public static func offsetColumns(_ value: String?, in table: DataTable) -> [String] {
        guard let value else { return [] }
        if table.columnIndex(named: value) != nil { return [value] }
        return value.split(separator: ",", omittingEmptySubsequences: false)
            .map { $0.trimmingCharacters(in: .whitespaces) }
    }

    /// Takes the target, weights and features as ``init(table:target:weights:features:excluding:missing:offset:categoricalTarget:)``
    /// and any number of offset columns: none or one as that initializer (``offset``), two or
    /// more as per-class offsets (``classOffsets``, in the order given), which are not features.
    ///
    /// With ``MissingValuePolicy/drop`` a row with a missing offset is dropped like a row with
    /// any other missing cell; otherwise a missing offset is an error locating the cell.
    ///
    /// - Throws: ``DataError`` for an unknown column, an offset column that is also the target,
    ///   the weights, a feature, excluded or given twice, and for an offset cell that is not a
    ///   finite number (file, line, column); as the single-offset initializer otherwise.
    public init(table: DataTable, target: String, weights: String? = nil, features: [String]? = nil,
                excluding excluded: [String] = [], missing: MissingValuePolicy = .error,
                offsets: [String], categoricalTarget: Bool = false) throws {
        guard offsets.count > 1 else {
            try self.init(table: table, target: target, weights: weights, features: features, excluding: excluded,
                          missing: missing, offset: offsets.first, categoricalTarget: categoricalTarget)
            return
        }
        func conflict(_ message: String) -> DataError {
            DataError(.invalidSelection, file: table.source, message: message)
        }
        let t = try table.resolveColumn(target, role: "target")
        let w = try weights.map { try table.resolveColumn($0, role: "weights") }
        var columns: [Int] = []
        for reference in offsets {
            let j = try table.resolveColumn(reference, role: "offset")
            let name = quoted(table.columnNames[j])
            if j == t { throw conflict("the offset column \(name) is also the target column") }
            if j == w { throw conflict("the offset column \(name) is also the weights column") }
            if columns.contains(j) { throw conflict("the offset column \(name) is given twice") }
            columns.append(j)
        }
        var excludedWithOffsets = excluded
        if let features {
            for reference in features {
                let j = try table.resolveColumn(reference, role: "feature")
                if columns.contains(j) {
                    throw conflict("column \(quoted(table.columnNames[j])) is an offset column; it cannot also be a feature")
                }
            }
        } else {
            for reference in excluded {
                let j = try table.resolveColumn(reference, role: "excluded")
                if columns.contains(j) {
                    throw conflict("column \(quoted(table.columnNames[j])) is an offset column; it cannot also be excluded")
                }
            }
            excludedWithOffsets += columns.map { table.columnNames[$0] }
        }
        for j in columns {
            let name = table.columnNames[j]
            if let issue = table.firstText[j] { throw issue.error(file: table.source, columnName: name) }
            if let issue = table.firstInfinite[j] { throw issue.error(file: table.source, columnName: name) }
            if missing != .drop, let issue = table.firstMissing[j] {
                throw DataError(.missingValue, file: table.source, line: issue.line, column: issue.column,
                                columnName: name,
                                message: "missing value in the offset column; use --drop-missing to drop such rows")
            }
        }
        let base = try ModelData(table: table, target: target, weights: weights, features: features,
                                 excluding: excludedWithOffsets, missing: missing, offset: nil,
                                 categoricalTarget: categoricalTarget)
        // The rows the base kept (all, unless dropping rows with missing cells), less those
        // with a missing offset.
        var rows = Array(0..<table.rowCount)
        if missing == .drop {
            let used = [t] + (w.map { [$0] } ?? [])
                + (base.encoding ?? []).compactMap { table.columnIndex(named: $0.column) }
            let withMissing = used.filter { table.firstMissing[$0] != nil }
            if !withMissing.isEmpty {
                rows = rows.filter { i in !withMissing.contains { table.isMissing(row: i, column: $0) } }
            }
        }
        guard rows.count == base.y.count else {
            throw conflict("internal: \(rows.count) rows kept for the offsets, \(base.y.count) for the data")
        }
        let offsetMissing = columns.filter { table.firstMissing[$0] != nil }
        let keep = offsetMissing.isEmpty ? nil
            : rows.indices.filter { r in !offsetMissing.contains { table.isMissing(row: rows[r], column: $0) } }
        if let keep, keep.isEmpty {
            throw DataError(.missingValue, file: table.source,
                            message: "every row has a missing value in a column used; no rows remain after --drop-missing")
        }
        var data = keep.map { base.keepingRows($0) } ?? base
        let finalRows = keep.map { $0.map { rows[$0] } } ?? rows
        data.classOffsets = columns.map { j in finalRows.map { table.columns[j][$0] } }
        data.classOffsetNames = columns.map { table.columnNames[$0] }
        self = data
    }

    /// The data restricted to the rows at `positions` (increasing), counting the others as
    /// dropped. Dense designs only (CSV data); offsets are not carried.
    private func keepingRows(_ positions: [Int]) -> ModelData {
        let m = x
        var values = [Double]()
        values.reserveCapacity(positions.count * m.columnCount)
        for j in 0..<m.columnCount {
            let column = m.column(j)
            let start = column.startIndex
            for i in positions { values.append(column[start + i]) }
        }
        let design = DenseMatrix(rowCount: positions.count, columnCount: m.columnCount, columnMajor: values)
        return ModelData(design: .dense(design), y: positions.map { y[$0] }, featureNames: featureNames,
                         weights: weights.map { w in positions.map { w[$0] } }, targetName: targetName,
                         weightsName: weightsName, encoding: encoding, imputation: imputation,
                         droppedRows: droppedRows + (y.count - positions.count),
                         targetText: targetText.map { text in TextColumn(positions.map { text.level(at: $0) }) })
    }
}
