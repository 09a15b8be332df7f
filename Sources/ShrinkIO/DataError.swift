/// An error in a data file or in the choice of its columns, located by file, line and column.
///
/// The description reads like a compiler diagnostic:
/// `data.csv:17:3 (column "bmi"): "abc" is not a number`.
public struct DataError: Error, Equatable, Sendable, CustomStringConvertible {
    /// What went wrong.
    public enum Kind: String, Equatable, Sendable {
        /// The file could not be opened or read.
        case unreadable
        /// The file has no content.
        case emptyFile
        /// The file has a header row but no data rows.
        case noDataRows
        /// A row has a different number of fields than the header.
        case raggedRow
        /// A quoted field is not closed before the end of the file.
        case unterminatedQuote
        /// A closing quote is followed by something other than a delimiter or line end.
        case malformedQuote
        /// The file holds NUL bytes or another binary encoding.
        case binaryData
        /// The file is not valid UTF-8.
        case invalidUTF8
        /// Two columns have the same name.
        case duplicateColumn
        /// A header cell is empty.
        case emptyColumnName
        /// A cell is empty or a missing-value marker (NA, NaN, null, ...).
        case missingValue
        /// A cell is infinite or overflows a double.
        case notFinite
        /// A cell is not a number.
        case notANumber
        /// A categorical cell holds a level the model was not fitted with.
        case unseenLevel
        /// A LIBSVM line is malformed (bad label, index or value).
        case badSparseEntry
        /// A column named by the user does not exist.
        case unknownColumn
        /// The chosen columns conflict (e.g. the weights column is the target).
        case invalidSelection
    }

    /// What went wrong.
    public let kind: Kind
    /// The file as named by the user (`<stdin>` for standard input).
    public let file: String
    /// The 1-based line, when the error is located in the file.
    public let line: Int?
    /// The 1-based column (field) number, when the error is located in a field.
    public let column: Int?
    /// The name of the column, when known.
    public let columnName: String?
    /// The message, without the location prefix.
    public let message: String

    /// Creates an error; `line`, `column` and `columnName` locate it when known.
    public init(_ kind: Kind, file: String, line: Int? = nil, column: Int? = nil,
                columnName: String? = nil, message: String) {
        self.kind = kind
        self.file = file
        self.line = line
        self.column = column
        self.columnName = columnName
        self.message = message
    }

    /// `file[:line[:column]][ (column "name")]: message`.
    public var description: String {
        var s = file
        if let line {
            s += ":\(line)"
            if let column { s += ":\(column)" }
        }
        if let columnName { s += " (column \(quoted(columnName)))" }
        return s + ": " + message
    }
}

/// Returns `text` in double quotes, with control characters escaped and long text shortened.
func quoted(_ text: String, limit: Int = 60) -> String {
    var out = "\""
    var count = 0
    for scalar in text.unicodeScalars {
        if count == limit { out += "..."; break }
        count += 1
        switch scalar {
        case "\"": out += "\\\""
        case "\\": out += "\\\\"
        case "\n": out += "\\n"
        case "\r": out += "\\r"
        case "\t": out += "\\t"
        default:
            if scalar.value < 0x20 || scalar.value == 0x7F {
                out += "\\u{" + String(scalar.value, radix: 16) + "}"
            } else {
                out.unicodeScalars.append(scalar)
            }
        }
    }
    return out + "\""
}
