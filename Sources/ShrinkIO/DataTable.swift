/// A table read from a delimited text file: named columns stored column by column.
///
/// A column is numeric when every cell is a finite number; other columns keep the first
/// offending cell (``CellIssue``) so that using them reports the exact line and column.
public struct DataTable: Sendable, Equatable {
    /// The file as named by the user (`<stdin>` for standard input), used in error messages.
    public let source: String
    /// The column names, in file order (`x1...xp` for files without a header).
    public let columnNames: [String]
    /// The number of data rows.
    public let rowCount: Int
    /// The values of each column; a non-numeric cell holds NaN.
    public let columns: [[Double]]
    /// The first non-numeric cell of each column, `nil` for numeric columns.
    public let issues: [CellIssue?]

    /// Creates a table; every column must have `rowCount` values.
    public init(source: String, columnNames: [String], rowCount: Int, columns: [[Double]],
                issues: [CellIssue?]) {
        self.source = source
        self.columnNames = columnNames
        self.rowCount = rowCount
        self.columns = columns
        self.issues = issues
    }

    /// The number of columns.
    public var columnCount: Int { columnNames.count }

    /// Whether every cell of column `index` (0-based) is a finite number.
    public func isNumeric(_ index: Int) -> Bool { issues[index] == nil }

    /// Returns the 0-based index of the column with this exact name.
    public func columnIndex(named name: String) -> Int? { columnNames.firstIndex(of: name) }

    /// Returns the values of column `index` (0-based).
    ///
    /// - Throws: ``DataError`` locating the column's first non-numeric cell.
    public func numericColumn(_ index: Int) throws -> [Double] {
        if let issue = issues[index] {
            throw issue.error(file: source, columnName: columnNames[index])
        }
        return columns[index]
    }

    /// Throws the first non-numeric cell of the table (by line), if any.
    public func requireNumeric() throws {
        let first = issues.indices.compactMap { j in issues[j].map { (j, $0) } }
            .min { ($0.1.line, $0.1.column) < ($1.1.line, $1.1.column) }
        if let (j, issue) = first { throw issue.error(file: source, columnName: columnNames[j]) }
    }
}
