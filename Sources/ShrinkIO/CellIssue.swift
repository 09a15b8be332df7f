/// The first cell of a column that is not a finite number, kept to explain why the column
/// cannot be used as numeric data.
public struct CellIssue: Equatable, Sendable {
    /// Why the cell is not numeric: ``DataError/Kind/missingValue``, ``DataError/Kind/notFinite``
    /// or ``DataError/Kind/notANumber``.
    public let kind: DataError.Kind
    /// The 1-based line on which the cell starts.
    public let line: Int
    /// The 1-based column number.
    public let column: Int
    /// The cell's text (shortened when long).
    public let text: String

    /// Creates an issue for the cell at `line`, `column` holding `text`.
    public init(kind: DataError.Kind, line: Int, column: Int, text: String) {
        self.kind = kind
        self.line = line
        self.column = column
        self.text = text
    }

    /// The error this issue raises when the column is used as numeric data.
    public func error(file: String, columnName: String) -> DataError {
        let message: String
        switch kind {
        case .missingValue:
            message = text.isEmpty
                ? "missing value (empty cell); use --drop-missing or --impute mean"
                : "missing value \(quoted(text)); use --drop-missing or --impute mean"
        case .notFinite:
            message = "\(quoted(text)) is not a finite number"
        default:
            message = "\(quoted(text)) is not a number"
        }
        return DataError(kind, file: file, line: line, column: column, columnName: columnName,
                         message: message)
    }
}
