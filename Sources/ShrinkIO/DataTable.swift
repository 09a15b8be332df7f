/// A table read from a delimited text file: named columns stored column by column.
///
/// Each cell is a number, a missing value (empty, `NA`, `N/A`, `NaN`, `null`) or text. A column
/// with a text cell is a text column (``text``), usable as a one-hot encoded feature; the others
/// are numeric. The first cell of each kind that is not a finite number is kept
/// (``CellIssue``) so that errors name the exact line and column.
public struct DataTable: Sendable, Equatable {
    /// The file as named by the user (`<stdin>` for standard input), used in error messages.
    public let source: String
    /// The column names, in file order (`x1...xp` for files without a header).
    public let columnNames: [String]
    /// The number of data rows.
    public let rowCount: Int
    /// The values of each column: NaN for missing and text cells, ±infinity for infinite ones.
    public let columns: [[Double]]
    /// The levels of each text column, `nil` for numeric columns.
    public let text: [TextColumn?]
    /// The first missing cell of each column.
    public let firstMissing: [CellIssue?]
    /// The first infinite cell of each column.
    public let firstInfinite: [CellIssue?]
    /// The first text cell of each column (set exactly for text columns).
    public let firstText: [CellIssue?]
    /// The 1-based line on which each data row starts.
    public let rowLines: [UInt32]
    /// The first cell of each column that is not a finite number (missing, infinite or text).
    public let issues: [CellIssue?]
    /// The index of the first column with each name.
    private let columnLookup: [String: Int]

    /// Creates a table; every column must have `rowCount` values.
    public init(source: String, columnNames: [String], rowCount: Int, columns: [[Double]],
                text: [TextColumn?], firstMissing: [CellIssue?], firstInfinite: [CellIssue?],
                firstText: [CellIssue?], rowLines: [UInt32]) {
        self.source = source
        self.columnNames = columnNames
        self.rowCount = rowCount
        self.columns = columns
        self.text = text
        self.firstMissing = firstMissing
        self.firstInfinite = firstInfinite
        self.firstText = firstText
        self.rowLines = rowLines
        issues = (0..<columnNames.count).map { j in
            [firstMissing[j], firstInfinite[j], firstText[j]].compactMap { $0 }
                .min { ($0.line, $0.column) < ($1.line, $1.column) }
        }
        var lookup: [String: Int] = [:]
        for (j, name) in columnNames.enumerated() where lookup[name] == nil { lookup[name] = j }
        columnLookup = lookup
    }

    /// Creates a table of numeric columns (NaN marks a missing cell, at an unknown line).
    public init(source: String, columnNames: [String], columns: [[Double]]) {
        let n = columns.first?.count ?? 0
        let missing: [CellIssue?] = columns.enumerated().map { j, values in
            values.firstIndex(where: \.isNaN).map { CellIssue(kind: .missingValue, line: $0 + 2, column: j + 1, text: "") }
        }
        self.init(source: source, columnNames: columnNames, rowCount: n, columns: columns,
                  text: Array(repeating: nil, count: columns.count), firstMissing: missing,
                  firstInfinite: Array(repeating: nil, count: columns.count),
                  firstText: Array(repeating: nil, count: columns.count),
                  rowLines: (0..<n).map { UInt32(clamping: $0 + 2) })
    }

    /// The number of columns.
    public var columnCount: Int { columnNames.count }

    /// Whether every cell of column `index` (0-based) is a finite number.
    public func isNumeric(_ index: Int) -> Bool { issues[index] == nil }

    /// Whether column `index` (0-based) holds text (and so can only be used one-hot encoded).
    public func isText(_ index: Int) -> Bool { text[index] != nil }

    /// Returns the 0-based index of the column with this exact name.
    ///
    /// - Complexity: O(1) on average (a dictionary built with the table).
    public func columnIndex(named name: String) -> Int? { columnLookup[name] }

    /// Returns the values of column `index` (0-based).
    ///
    /// - Throws: ``DataError`` locating the column's first cell that is not a finite number.
    public func numericColumn(_ index: Int) throws -> [Double] {
        if let issue = issues[index] {
            throw issue.error(file: source, columnName: columnNames[index])
        }
        return columns[index]
    }

    /// Throws the first cell of the table (by line) that is not a finite number, if any.
    public func requireNumeric() throws {
        let all = issues
        let first = all.indices.compactMap { j in all[j].map { (j, $0) } }
            .min { ($0.1.line, $0.1.column) < ($1.1.line, $1.1.column) }
        if let (j, issue) = first { throw issue.error(file: source, columnName: columnNames[j]) }
    }

    /// Whether cell (`row`, `column`) is missing.
    @inlinable
    public func isMissing(row: Int, column: Int) -> Bool {
        if let t = text[column] { return t.codes[row] < 0 }
        return columns[column][row].isNaN
    }
}
