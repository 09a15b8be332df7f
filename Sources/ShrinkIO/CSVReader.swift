/// Reads delimited text (RFC 4180 CSV, or semicolon/tab separated) into a ``DataTable``.
///
/// The file is read once, forward (memory-mapped when it is a regular file), and parsed in one
/// pass, by several threads when it is big (see ``CSVParser``); numbers are parsed exactly, as
/// the fields are scanned (a fast path for short decimals, `strtod` for the rare hard cases). A
/// UTF-8 byte order mark is skipped; NUL bytes and invalid UTF-8 are refused.
public struct CSVReader: Sendable {
    /// The field separator; `nil` sniffs it from the first line.
    public var delimiter: CSVDelimiter?
    /// Whether the first row holds the column names (otherwise columns are named `x1...xp`).
    public var hasHeader: Bool
    /// Called now and then while reading with the bytes read so far and the total.
    public var progress: (@Sendable (_ done: Int, _ total: Int) -> Void)?
    /// The threads that parse a big file (1...64), `nil` for one per processor (at most 8). The
    /// table is the same, bit for bit, whatever the number.
    public var threads: Int?

    /// Creates a reader; by default the delimiter is sniffed and the first row is a header.
    public init(delimiter: CSVDelimiter? = nil, hasHeader: Bool = true,
                progress: (@Sendable (_ done: Int, _ total: Int) -> Void)? = nil) {
        self.delimiter = delimiter
        self.hasHeader = hasHeader
        self.progress = progress
    }

    /// Reads the file at `path`, or standard input when `path` is `-`.
    ///
    /// - Throws: ``DataError`` naming the file, line and column of the problem.
    public func read(path: String) throws -> DataTable {
        try FileBytes.withBytes(path) { bytes, release in
            try parse(bytes, source: FileBytes.displayName(path), release: release)
        }
    }

    /// Parses `bytes`; `source` names the data in error messages.
    ///
    /// - Throws: ``DataError`` naming the source, line and column of the problem.
    public func parse(_ bytes: [UInt8], source: String) throws -> DataTable {
        try bytes.withUnsafeBufferPointer { try parse($0, source: source, release: { _ in }) }
    }

    /// Parses text; `source` names the data in error messages.
    ///
    /// - Throws: ``DataError`` naming the source, line and column of the problem.
    public func parse(_ text: String, source: String) throws -> DataTable {
        try parse(Array(text.utf8), source: source)
    }

    /// Parses a buffer, reporting progress and releasing the parsed bytes as it goes.
    func parse(_ all: UnsafeBufferPointer<UInt8>, source: String, release: (Int) -> Void) throws -> DataTable {
        var body = all
        var skipped = 0
        if all.count >= 3, all[0] == 0xEF, all[1] == 0xBB, all[2] == 0xBF {
            body = UnsafeBufferPointer(rebasing: all[3...])
            skipped = 3
        }
        let separator = delimiter ?? CSVDelimiter.sniff(body)
        var parser = CSVParser(file: source, delimiter: separator.byte, hasHeader: hasHeader)
        if let threads { parser.threads = min(max(1, threads), 64) }
        let total = all.count
        return try parser.parse(body) { offset in
            release(skipped + offset)
            progress?(skipped + offset, total)
        }
    }
}
