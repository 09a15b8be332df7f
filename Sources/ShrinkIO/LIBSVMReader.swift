import Shrink

/// Reads the LIBSVM / svmlight sparse text format straight into a compressed-column design.
///
/// Each line is `label index:value index:value ...`: the label and values are decimal numbers,
/// the indices 1-based and strictly increasing. `#` starts a comment (to the end of the line),
/// a `qid:N` token is ignored, blank lines are skipped, fields are separated by spaces or tabs,
/// lines end with LF, CRLF or CR. Errors name the file, line and field (the label is field 1).
public struct LIBSVMReader: Sendable {
    /// The number of features: larger indices are left out (and counted); nil takes the
    /// largest index of the file.
    public var featureCount: Int?
    /// Called now and then while reading with the bytes read so far and the total.
    public var progress: (@Sendable (_ done: Int, _ total: Int) -> Void)?

    /// Creates a reader.
    public init(featureCount: Int? = nil, progress: (@Sendable (_ done: Int, _ total: Int) -> Void)? = nil) {
        self.featureCount = featureCount
        self.progress = progress
    }

    /// Reads the file at `path`, or standard input when `path` is `-`.
    ///
    /// - Throws: ``DataError`` naming the file, line and field of the problem.
    public func read(path: String) throws -> SparseDataSet {
        try FileBytes.withBytes(path) { bytes, release in
            try parse(bytes, source: FileBytes.displayName(path), release: release)
        }
    }

    /// Parses text; `source` names the data in error messages.
    ///
    /// - Throws: ``DataError`` naming the source, line and field of the problem.
    public func parse(_ text: String, source: String) throws -> SparseDataSet {
        try parse(Array(text.utf8), source: source)
    }

    /// Parses bytes; `source` names the data in error messages.
    ///
    /// - Throws: ``DataError`` naming the source, line and field of the problem.
    public func parse(_ bytes: [UInt8], source: String) throws -> SparseDataSet {
        try bytes.withUnsafeBufferPointer { try parse($0, source: source, release: { _ in }) }
    }

    /// The number of features always accepted; more need at least 1 stored entry per 16 features.
    static let columnsWithoutQuestion = 1 << 24

    private static let space = UInt8(ascii: " ")
    private static let tab = UInt8(ascii: "\t")
    private static let lf = UInt8(ascii: "\n")
    private static let cr = UInt8(ascii: "\r")
    private static let hash = UInt8(ascii: "#")
    private static let colon = UInt8(ascii: ":")

    /// Parses a buffer into rows (compressed by row), then transposes to columns.
    func parse(_ bytes: UnsafeBufferPointer<UInt8>, source: String, release: (Int) -> Void) throws -> SparseDataSet {
        let n = bytes.count
        let cells = CellParser()
        let limit = featureCount ?? Int(Int32.max)
        var labels: [Double] = []
        var rowStarts: [Int] = [0]
        var indices: [Int32] = []
        var values: [Double] = []
        var largest = 0
        var ignored = 0
        var largestIgnored = 0
        var line = 1
        var i = 0
        var nextReport = CSVParser.reportInterval
        func fail(_ field: Int, _ message: String) -> DataError {
            DataError(.badSparseEntry, file: source, line: line, column: field, message: message)
        }
        func text(_ lo: Int, _ hi: Int) -> String {
            quoted(String(decoding: UnsafeBufferPointer(rebasing: bytes[lo..<min(hi, lo + 200)]), as: UTF8.self))
        }
        while i < n {
            if i >= nextReport {
                release(i)
                progress?(i, n)
                nextReport = i + CSVParser.reportInterval
            }
            // One line: tokens up to the line end or a comment.
            var field = 0
            var previous = 0
            var sawLabel = false
            while i < n {
                let c = bytes[i]
                if c == Self.space || c == Self.tab { i += 1; continue }
                if c == Self.lf || c == Self.cr || c == Self.hash { break }
                let start = i
                var colonAt = -1
                while i < n {
                    let d = bytes[i]
                    if d == Self.space || d == Self.tab || d == Self.lf || d == Self.cr || d == Self.hash { break }
                    if d == Self.colon && colonAt < 0 { colonAt = i }
                    if d == 0 { throw DataError(.binaryData, file: source, line: line, message: "the file contains NUL bytes; it looks like a binary file, not LIBSVM text") }
                    i += 1
                }
                field += 1
                if !sawLabel {
                    guard colonAt < 0 else {
                        throw fail(field, "the line starts with \(text(start, i)), not a label (each line is: label index:value ...)")
                    }
                    switch cells.parse(UnsafeBufferPointer(rebasing: bytes[start..<i])) {
                    case .number(let v): labels.append(v)
                    default: throw fail(field, "label \(text(start, i)) is not a finite number")
                    }
                    sawLabel = true
                    continue
                }
                guard colonAt >= 0 else {
                    throw fail(field, "\(text(start, i)) is not index:value")
                }
                let key = UnsafeBufferPointer(rebasing: bytes[start..<colonAt])
                if key.elementsEqual("qid".utf8) { continue }
                // The index: digits only, 1-based, increasing, at most Int32.max.
                var index = 0
                var digits = 0
                for d in key {
                    guard d >= 0x30 && d <= 0x39 else {
                        throw fail(field, "index \(text(start, colonAt)) is not a positive integer")
                    }
                    if index <= Int(Int32.max) { index = index * 10 + Int(d - 0x30) }
                    digits += 1
                }
                guard digits > 0 else { throw fail(field, "\(text(start, i)) has no index before the colon") }
                guard index >= 1 else {
                    throw fail(field, "index 0: indices are 1-based (convert a 0-based file by adding 1 to each index)")
                }
                guard index <= Int(Int32.max) else {
                    throw fail(field, "index \(text(start, colonAt)) is too large (at most \(Int32.max))")
                }
                guard index > previous else {
                    throw fail(field, "index \(index) is not larger than the previous index \(previous); indices must be increasing")
                }
                previous = index
                let value: Double
                switch cells.parse(UnsafeBufferPointer(rebasing: bytes[(colonAt + 1)..<i])) {
                case .number(let v): value = v
                case .missing where colonAt + 1 == i: throw fail(field, "index \(index) has no value after the colon")
                default: throw fail(field, "value \(text(colonAt + 1, i)) of index \(index) is not a finite number")
                }
                if index > limit {
                    ignored += 1
                    largestIgnored = max(largestIgnored, index)
                    continue
                }
                if value != 0 {
                    indices.append(Int32(index - 1))
                    values.append(value)
                }
                largest = max(largest, index)
            }
            if i < n && bytes[i] == Self.hash {
                while i < n && bytes[i] != Self.lf && bytes[i] != Self.cr { i += 1 }
            }
            if sawLabel { rowStarts.append(indices.count) }
            if i < n {
                i += (bytes[i] == Self.cr && i + 1 < n && bytes[i + 1] == Self.lf) ? 2 : 1
                line += 1
            }
        }
        progress?(n, n)
        guard !labels.isEmpty else {
            throw DataError(.emptyFile, file: source, message: "the file has no data lines (label index:value ...)")
        }
        guard labels.count <= Int(Int32.max) else {
            throw DataError(.badSparseEntry, file: source, message: "more than \(Int32.max) rows")
        }
        let p = featureCount ?? largest
        // The design keeps one offset per column: refuse indices far beyond what the data fills.
        let allowed = max(Self.columnsWithoutQuestion, 16 * (indices.count + labels.count))
        if featureCount == nil && p > allowed {
            throw DataError(.badSparseEntry, file: source,
                            message: "the largest index, \(p), is far beyond the data (\(indices.count) non-zero entries); at most \(allowed) features are read from this file")
        }
        // Transpose the rows into columns (counting sort by column; rows stay increasing).
        var starts = [Int](repeating: 0, count: p + 1)
        for c in indices { starts[Int(c) + 1] += 1 }
        for j in 0..<p { starts[j + 1] += starts[j] }
        var next = starts
        var rowIndices = [Int32](repeating: 0, count: indices.count)
        var columnValues = [Double](repeating: 0, count: indices.count)
        for r in 0..<labels.count {
            for k in rowStarts[r]..<rowStarts[r + 1] {
                let j = Int(indices[k])
                rowIndices[next[j]] = Int32(r)
                columnValues[next[j]] = values[k]
                next[j] += 1
            }
        }
        indices = []
        values = []
        let x = try SparseMatrix(rowCount: labels.count, columnCount: p, columnStarts: starts,
                                 rowIndices: rowIndices, values: columnValues)
        return SparseDataSet(source: source, x: x, labels: labels, ignoredEntries: ignored,
                             largestIgnoredIndex: largestIgnored)
    }
}
