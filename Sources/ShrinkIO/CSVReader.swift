/// Reads delimited text (RFC 4180 CSV, or semicolon/tab separated) into a ``DataTable``.
///
/// The file is read whole as bytes and parsed in one pass; numbers are parsed with `strtod`.
/// A UTF-8 byte order mark is skipped; NUL bytes and invalid UTF-8 are refused.
public struct CSVReader: Sendable {
    /// The field separator; `nil` sniffs it from the first line.
    public var delimiter: CSVDelimiter?
    /// Whether the first row holds the column names (otherwise columns are named `x1...xp`).
    public var hasHeader: Bool

    /// Creates a reader; by default the delimiter is sniffed and the first row is a header.
    public init(delimiter: CSVDelimiter? = nil, hasHeader: Bool = true) {
        self.delimiter = delimiter
        self.hasHeader = hasHeader
    }

    /// Reads the file at `path`, or standard input when `path` is `-`.
    ///
    /// - Throws: ``DataError`` naming the file, line and column of the problem.
    public func read(path: String) throws -> DataTable {
        let bytes = try FileBytes.read(path)
        return try parse(bytes, source: FileBytes.displayName(path))
    }

    /// Parses `bytes`; `source` names the data in error messages.
    ///
    /// - Throws: ``DataError`` naming the source, line and column of the problem.
    public func parse(_ bytes: [UInt8], source: String) throws -> DataTable {
        try bytes.withUnsafeBufferPointer { all in
            try TextEncodingCheck.validate(all, file: source)
            var body = all
            if all.count >= 3, all[0] == 0xEF, all[1] == 0xBB, all[2] == 0xBF {
                body = UnsafeBufferPointer(rebasing: all[3...])
            }
            let separator = delimiter ?? CSVDelimiter.sniff(body)
            let parser = CSVParser(file: source, delimiter: separator.byte, hasHeader: hasHeader)
            return try parser.parse(body)
        }
    }

    /// Parses text; `source` names the data in error messages.
    ///
    /// - Throws: ``DataError`` naming the source, line and column of the problem.
    public func parse(_ text: String, source: String) throws -> DataTable {
        try parse(Array(text.utf8), source: source)
    }
}
