#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif
import Dispatch

/// The byte-level RFC 4180 parser behind ``CSVReader``.
///
/// One forward pass over the bytes: quoted fields (with `""` escapes and embedded delimiters and
/// line breaks), LF, CRLF and CR line ends, and blank lines (skipped). Cells are parsed as they
/// are met, straight into column storage, and the UTF-8 check covers each field as it is read,
/// so errors come in file order.
///
/// Two parsers share the work. Runs of simple records (one line, the expected number of fields,
/// no line break or escaped quote inside quotes) go to ``RecordBlock``, which parses numbers
/// during the scan, in blocks of ``blockBytes`` that several threads can parse at once. A block
/// starts after a line feed, which may be inside a quoted field; but the first block of a round
/// starts at a known record start, and a block stops before any record with a line break inside
/// quotes, so a block that runs to its limit ends at a record start: the next block's start is
/// kept only if it is that one (else it and the blocks after it are discarded). The record a
/// block stops at, and the header, go to the general parser here, so the table and every error
/// are exactly those of a sequential parse with the general parser alone (``fastPath`` off).
struct CSVParser {
    let file: String
    let delimiter: UInt8
    let hasHeader: Bool
    /// The number of threads parsing blocks (1: the calling thread only).
    var threads = CSVParser.defaultThreads
    /// The size of a block of the fast path, in bytes.
    var blockBytes = 1 << 20
    /// Whether simple records take the fast path (``RecordBlock``); off, the general parser
    /// reads every record (the reference the tests compare with).
    var fastPath = true
    /// How often ``progress`` is called, in bytes.
    static let reportInterval = 1 << 23

    /// The processors online, at most 8.
    static let defaultThreads: Int = {
        let count = Int(sysconf(Int32(_SC_NPROCESSORS_ONLN)))
        return min(max(count, 1), 8)
    }()

    init(file: String, delimiter: UInt8, hasHeader: Bool) {
        self.file = file
        self.delimiter = delimiter
        self.hasHeader = hasHeader
    }

    /// Parses `bytes` (without a byte order mark), calling `progress` with the offset parsed so
    /// far about every ``reportInterval`` bytes.
    func parse(_ bytes: UnsafeBufferPointer<UInt8>, progress: (Int) -> Void = { _ in }) throws -> DataTable {
        let run = Run(self, bytes)
        return try run.parse(progress: progress)
    }
}

extension CSVParser {
    /// The values of one column, in a box of its own so that threads can append to different
    /// columns at once. The array is held through a pointer, which spares each append the
    /// dynamic exclusivity check of a class property.
    final class ColumnValues {
        private let storage: UnsafeMutablePointer<[Double]>

        init() {
            storage = .allocate(capacity: 1)
            storage.initialize(to: [])
        }

        deinit {
            storage.deinitialize(count: 1)
            storage.deallocate()
        }

        /// The values so far.
        var values: [Double] { storage.pointee }

        @inline(__always)
        func append(_ value: Double) { storage.pointee.append(value) }

        /// Appends a block's values, first mapping the pages they will fill (see ``prefault(_:)``).
        func append(contentsOf values: UnsafeBufferPointer<Double>) {
            prefault(values.count)
            storage.pointee.append(contentsOf: values)
        }

        func reserveCapacity(_ count: Int) {
            storage.pointee.reserveCapacity(count)
            prefaulted = 0
        }

        /// The address up to which the reserved storage is mapped (0: not known).
        private var prefaulted = 0

        /// Maps the pages that `count` more values will fill, in windows of 256 KB, with one
        /// call each (`MADV_POPULATE_WRITE`, Linux 5.14; older kernels ignore it) rather than a
        /// page fault per 4 KB page; never beyond the reserved capacity, so memory stays that of
        /// the values plus at most one window.
        private func prefault(_ count: Int) {
            #if os(Linux)
            let column = storage.pointee
            guard column.capacity >= 1 << 16 else { return }
            let stride = MemoryLayout<Double>.stride
            column.withUnsafeBufferPointer { buffer in
                guard let base = buffer.baseAddress else { return }
                let start = Int(bitPattern: base)
                let needed = start + (column.count + count) * stride
                guard needed > prefaulted else { return }
                let page = 4096
                let from = max(prefaulted, (start + column.count * stride) & ~(page - 1))
                let to = min(start + column.capacity * stride, needed + (1 << 18)) & ~(page - 1)
                if to > from, let pointer = UnsafeMutableRawPointer(bitPattern: from) {
                    _ = madvise(pointer, to - from, 23)  // MADV_POPULATE_WRITE
                }
                prefaulted = max(to, needed)
            }
            #endif
        }
    }

    /// The columns read so far.
    struct Columns {
        var names: [String] = []
        var values: [ColumnValues] = []
        var text: [TextColumn?] = []
        var firstMissing: [CellIssue?] = []
        var firstInfinite: [CellIssue?] = []
        var firstText: [CellIssue?] = []
        var rows = 0
        /// The line on which each data row starts.
        var rowLines: [UInt32] = []
        /// The expected number of fields, or -1 before the first record.
        var expected = -1

        mutating func addColumns(_ count: Int) {
            values += (0..<count).map { _ in ColumnValues() }
            text += Array(repeating: nil, count: count)
            firstMissing += Array(repeating: nil, count: count)
            firstInfinite += Array(repeating: nil, count: count)
            firstText += Array(repeating: nil, count: count)
        }
    }

    /// The state of one parse.
    final class Run {
        private static let quote = UInt8(ascii: "\"")
        private static let lf = UInt8(ascii: "\n")
        private static let cr = UInt8(ascii: "\r")

        let file: String
        let delimiter: UInt8
        let hasHeader: Bool
        let parser: CSVParser
        let bytes: UnsafeBufferPointer<UInt8>
        let n: Int
        var table = Columns()
        /// The offset of the next byte to parse.
        var i = 0
        /// The line of byte `i`.
        var line = 1
        /// The bytes before this offset are known to be valid UTF-8 text.
        var checked = 0
        /// The offset of the first data row.
        var dataStart = 0
        let cells = CellParser()
        var quoted: [UInt8] = []
        var headerNames: [String] = []
        /// Blocks parsed and stored but for their values, which the next round appends.
        var pending: [RecordBlock] = []
        /// Blocks free for parsing.
        var spare: [RecordBlock] = []

        init(_ parser: CSVParser, _ bytes: UnsafeBufferPointer<UInt8>) {
            self.parser = parser
            self.bytes = bytes
            file = parser.file
            delimiter = parser.delimiter
            hasHeader = parser.hasHeader
            n = bytes.count
        }

        func parse(progress: (Int) -> Void) throws -> DataTable {
            try TextEncodingCheck.rejectUTF16(bytes, file: file)
            var nextReport = CSVParser.reportInterval
            var generalRecords = 0  // records for the general parser before trying the fast path again
            var backoff = 1
            while i < n {
                if table.expected < 0 || generalRecords > 0 || !parser.fastPath {
                    try generalRecord()
                    generalRecords -= 1
                } else {
                    let (rows, stoppedEarly) = fastRound()
                    if stoppedEarly {  // the general parser reads the record the fast path stopped at
                        if rows == 0 {
                            generalRecords = backoff
                            backoff = min(2 * backoff, 4096)
                        } else {
                            generalRecords = 1
                            backoff = 1
                        }
                    }
                }
                if i >= nextReport {
                    progress(i)
                    nextReport = i + CSVParser.reportInterval
                }
            }
            progress(n)
            if table.expected < 0 {
                throw DataError(.emptyFile, file: file, message: "the file is empty")
            }
            if table.rows == 0 {
                throw DataError(.noDataRows, file: file, message: "the file has a header row but no data rows")
            }
            flush()
            return DataTable(source: file, columnNames: table.names, rowCount: table.rows, columns: table.values.map(\.values),
                             text: table.text, firstMissing: table.firstMissing,
                             firstInfinite: table.firstInfinite, firstText: table.firstText, rowLines: table.rowLines)
        }

        // MARK: The fast path

        /// Parses blocks of simple records from `i` (on several threads when the rest of the
        /// file is big enough) and stores them in order. Returns the rows of the last block
        /// stored and whether it stopped early, at a record for the general parser.
        ///
        /// A round is pipelined: while its blocks are parsed, the same threads append the values
        /// of the previous round's blocks to the columns (each thread its own columns); all
        /// else about a block (row count, lines, issues, text levels) is stored at once.
        private func fastRound() -> (rows: Int, stoppedEarly: Bool) {
            let isText = table.text.map { $0 != nil }
            let size = max(parser.blockBytes, 1)
            let threads = max(parser.threads, 1)
            var starts = [i]
            var limits: [Int] = []
            let wanted = n - i >= 2 * size ? threads : 1
            while true {
                let start = starts[starts.count - 1]
                let target = start + size
                if target >= n {
                    limits.append(n)
                    break
                }
                if starts.count == wanted {
                    limits.append(target)  // a record may run past the limit
                    break
                }
                // The next block starts after the next line feed.
                guard let found = memchr(bytes.baseAddress! + target, Int32(Self.lf), n - target) else {
                    limits.append(n)
                    break
                }
                let next = UnsafePointer<UInt8>(found.assumingMemoryBound(to: UInt8.self)) - bytes.baseAddress! + 1
                limits.append(next)
                if next >= n { break }
                starts.append(next)
            }
            while spare.count < starts.count { spare.append(RecordBlock(delimiter: delimiter)) }
            let blocks = Array(spare[0..<starts.count])
            let tasks = pending.isEmpty ? starts.count : max(starts.count, threads)
            let jobs = RoundJobs(blocks: blocks, bytes: bytes, starts: starts, limits: limits, isText: isText,
                                 pending: pending, columns: table.values.map { Unmanaged.passUnretained($0) },
                                 tasks: tasks)
            if tasks == 1 {
                jobs.run(0)
            } else {
                DispatchQueue.concurrentPerform(iterations: tasks) { k in jobs.run(k) }
            }
            spare.removeFirst(starts.count)
            spare += pending
            pending = []
            for k in starts.indices {
                let block = blocks[k]
                store(block, isText: isText)
                pending.append(block)
                // A block that reached its limit ends exactly at the next block's start.
                if block.stoppedEarly || k + 1 == starts.count || block.stop != starts[k + 1] {
                    spare += blocks[(k + 1)...]
                    return (block.rows, block.stoppedEarly)
                }
            }
            return (0, false)
        }

        /// The work of one round: task `k` parses block `k` (if any), then appends the pending
        /// blocks' values to the columns `j` with `j % tasks == k`. A block or column is touched
        /// by one task only, and read by none other until all are done (hence the unchecked
        /// sendability); the bytes are read-only. The columns are held unretained (the table keeps
        /// them alive for the round): a retain and release per column and block, on reference
        /// counts that neighbouring columns of the other task share cache lines with, cost about a
        /// tenth of the parse of a 500 x 20,000 file.
        private struct RoundJobs: @unchecked Sendable {
            let blocks: [RecordBlock]
            let bytes: UnsafeBufferPointer<UInt8>
            let starts: [Int]
            let limits: [Int]
            let isText: [Bool]
            let pending: [RecordBlock]
            let columns: [Unmanaged<ColumnValues>]
            let tasks: Int

            func run(_ k: Int) {
                if k < blocks.count {
                    blocks[k].run(bytes, from: starts[k], limit: limits[k], isText: isText)
                }
                for block in pending where block.rows > 0 {
                    var j = k
                    while j < columns.count {
                        columns[j]._withUnsafeGuaranteedRef { $0.append(contentsOf: block.column(j)) }
                        j += tasks
                    }
                }
            }
        }

        /// Appends the values of the pending blocks to the columns.
        private func flush() {
            guard !pending.isEmpty else { return }
            for block in pending where block.rows > 0 {
                for j in table.values.indices { table.values[j].append(contentsOf: block.column(j)) }
            }
            spare += pending
            pending = []
        }

        /// Stores the records of `block` in the table, except for their values (see ``flush()``).
        private func store(_ block: RecordBlock, isText: [Bool]) {
            let rows = block.rows
            defer {
                i = block.stop
                checked = max(checked, i)  // the block read only ASCII bytes or checked UTF-8
            }
            guard rows > 0 else { return }
            append(block, isText: isText, firstLine: line, to: &table)
            line += rows  // a simple record is one line
        }

        /// Stores the rows, lines, issues and text cells of `block` (see ``store(_:isText:)``).
        private func append(_ block: RecordBlock, isText: [Bool], firstLine line: Int, to table: inout Columns) {
            let rows = block.rows
            reserve(&table, adding: rows, position: block.stop)
            let textColumns = isText.indices.filter { isText[$0] }
            if !textColumns.isEmpty {
                let cells = block.textCells
                var k = 0
                for r in 0..<rows {
                    for j in textColumns {
                        let cell = cells[k]
                        k += 1
                        switch cell.length {
                        case RecordBlock.TextCell.missing:
                            table.text[j]!.appendMissing()
                        case RecordBlock.TextCell.number:
                            table.text[j]!.append(TextColumn.canonicalText(block.column(j)[r]))
                        default:
                            let range = cell.offset..<(cell.offset + Int(cell.length))
                            table.text[j]!.append(String(decoding: UnsafeBufferPointer(rebasing: bytes[range]),
                                                         as: UTF8.self).trimmingASCIISpaces())
                        }
                    }
                }
            }
            for issue in block.issues where issue.row < rows {
                let cellIssue = CellIssue(kind: issue.kind, line: line + issue.row, column: issue.column + 1,
                                          text: issue.text)
                if issue.kind == .missingValue {
                    if table.firstMissing[issue.column] == nil { table.firstMissing[issue.column] = cellIssue }
                } else if table.firstInfinite[issue.column] == nil {
                    table.firstInfinite[issue.column] = cellIssue
                }
            }
            for r in 0..<rows { table.rowLines.append(UInt32(clamping: line + r)) }
            table.rows += rows
        }

        /// Makes room for `adding` more rows, for all the rows still to come when the file is big
        /// (estimated from the bytes per row so far, with 5% extra), so that the columns do not
        /// grow by doubling: memory stays close to the parsed matrix.
        private func reserve(_ table: inout Columns, adding: Int, position: Int) {
            let needed = table.rows + adding
            guard needed > table.rowLines.capacity, needed >= 1024, position > dataStart else { return }
            let rate = Double(needed) / Double(position - dataStart)
            let estimate = needed + Int(Double(n - position) * rate * 1.05) + 64
            for column in table.values { column.reserveCapacity(estimate) }
            table.rowLines.reserveCapacity(estimate)
        }

        // MARK: The general parser

        /// Skips blank lines and parses one record (the header or a data row) with the general
        /// parser, which handles everything and raises every error.
        private func generalRecord() throws {
            flush()
            // The state in locals (and the table passed inout): no dynamic exclusivity checks
            // on the properties in the byte loops.
            var i = self.i, line = self.line, checked = self.checked
            var quoted = self.quoted, headerNames = self.headerNames
            self.quoted = []
            self.headerNames = []
            defer {
                self.i = i
                self.line = line
                self.checked = checked
                self.quoted = quoted
                self.headerNames = headerNames
            }
            try record(&i, &line, &checked, &quoted, &headerNames, &table)
        }

        /// The general parser's record (see ``generalRecord()``).
        private func record(_ i: inout Int, _ line: inout Int, _ checked: inout Int, _ quoted: inout [UInt8],
                            _ headerNames: inout [String], _ table: inout Columns) throws {
            while i < n {  // blank lines
                let b = bytes[i]
                guard b == Self.lf || b == Self.cr else { break }
                i += (b == Self.cr && i + 1 < n && bytes[i + 1] == Self.lf) ? 2 : 1
                line += 1
            }
            guard i < n else { return }
            let recordLine = line
            let isHeader = hasHeader && table.expected < 0
            if table.expected >= 0 { reserve(&table, adding: 1, position: i) }
            headerNames.removeAll(keepingCapacity: true)
            var field = 0
            while true {
                let fieldLine = line
                if i < n && bytes[i] == Self.quote {
                    i += 1
                    var bits: UInt8 = 0
                    quoted.removeAll(keepingCapacity: true)
                    let contentStart = i
                    var contentEnd = i
                    var escaped = false  // the field is copied to `quoted` only when it has "" escapes
                    var closed = false
                    while i < n {
                        let c = bytes[i]
                        if c == Self.quote {
                            if i + 1 < n && bytes[i + 1] == Self.quote {  // an escaped quote: copy the field
                                if !escaped { quoted.append(contentsOf: bytes[contentStart..<i]) }
                                escaped = true
                                quoted.append(c)
                                i += 2
                                continue
                            }
                            contentEnd = i
                            i += 1
                            closed = true
                            break
                        }
                        if c == Self.lf || (c == Self.cr && (i + 1 == n || bytes[i + 1] != Self.lf)) { line += 1 }
                        bits |= c | (c &- 1)
                        if escaped { quoted.append(c) }
                        i += 1
                    }
                    try check(i, bits, &checked)
                    guard closed else {
                        throw DataError(.unterminatedQuote, file: file, line: fieldLine, column: field + 1,
                                        columnName: columnName(table, field),
                                        message: "a quoted field is not closed before the end of the file")
                    }
                    if i < n, bytes[i] != delimiter, bytes[i] != Self.lf, bytes[i] != Self.cr {
                        throw DataError(.malformedQuote, file: file, line: line, column: field + 1,
                                        columnName: columnName(table, field),
                                        message: "unexpected text after a closing quote (a quote inside a quoted field must be doubled: \"\")")
                    }
                    if escaped {
                        let cell = quoted
                        cell.withUnsafeBufferPointer { take($0, field: field, line: fieldLine, header: isHeader, &headerNames, &table) }
                    } else {
                        take(UnsafeBufferPointer(rebasing: bytes[contentStart..<contentEnd]), field: field, line: fieldLine,
                             header: isHeader, &headerNames, &table)
                    }
                } else {
                    let start = i
                    var bits: UInt8 = 0
                    while i < n {
                        let c = bytes[i]
                        if c == delimiter || c == Self.lf || c == Self.cr { break }
                        bits |= c | (c &- 1)
                        i += 1
                    }
                    try check(i, bits, &checked)
                    take(UnsafeBufferPointer(rebasing: bytes[start..<i]), field: field, line: fieldLine, header: isHeader,
                         &headerNames, &table)
                }
                field += 1
                if i < n && bytes[i] == delimiter {
                    i += 1
                    continue
                }
                if i < n {
                    i += (bytes[i] == Self.cr && i + 1 < n && bytes[i + 1] == Self.lf) ? 2 : 1
                    line += 1
                }
                break
            }
            if isHeader {
                try setHeader(headerNames, line: recordLine, &table)
                dataStart = i
            } else {
                try endRecord(fields: field, line: recordLine, &table)
            }
        }

        /// Marks the bytes before `end` as checked text: at once when the field just read (whose
        /// bytes OR-ed, each with itself minus one, give `bits`) is ASCII without NUL, as are the
        /// delimiters, quotes and line ends before it; else by the UTF-8 check.
        ///
        /// - Throws: ``DataError`` locating the first byte that is not valid UTF-8 text.
        @inline(__always)
        private func check(_ end: Int, _ bits: UInt8, _ checked: inout Int) throws {
            guard end > checked else { return }
            if bits < 0x80 {
                checked = end
            } else {
                checked = try TextEncodingCheck.validate(bytes, from: checked, count: end - checked, file: file)
            }
        }

        /// Stores one field: a header name, or a cell of the current data row.
        private func take(_ cell: UnsafeBufferPointer<UInt8>, field: Int, line: Int, header: Bool,
                          _ headerNames: inout [String], _ table: inout Columns) {
            if header {
                headerNames.append(String(decoding: cell, as: UTF8.self).trimmingASCIISpaces())
                return
            }
            if table.expected < 0 && field >= table.values.count {  // first row of a headerless file
                table.addColumns(1)
            }
            guard field < table.values.count else { return }  // extra field: reported at the row's end
            switch cells.parse(cell) {
            case .number(let v):
                table.values[field].append(v)
                if table.text[field] != nil { table.text[field]!.append(TextColumn.canonicalText(v)) }
            case .missing:
                table.values[field].append(.nan)
                if table.text[field] != nil { table.text[field]!.appendMissing() }
                if table.firstMissing[field] == nil {
                    table.firstMissing[field] = issue(.missingValue, cell, line: line, field: field)
                }
            case .infinite(let v):
                table.values[field].append(v)
                if table.text[field] != nil { table.text[field]!.append(TextColumn.canonicalText(v)) }
                if table.firstInfinite[field] == nil {
                    table.firstInfinite[field] = issue(.notFinite, cell, line: line, field: field)
                }
            case .text:
                if table.text[field] == nil {
                    var column = TextColumn()
                    for v in table.values[field].values {
                        if v.isNaN { column.appendMissing() } else { column.append(TextColumn.canonicalText(v)) }
                    }
                    table.text[field] = column
                    table.firstText[field] = issue(.notANumber, cell, line: line, field: field)
                }
                table.values[field].append(.nan)
                table.text[field]!.append(String(decoding: cell, as: UTF8.self).trimmingASCIISpaces())
            }
        }

        /// Returns the issue for a cell (its text shortened to 200 bytes).
        private func issue(_ kind: DataError.Kind, _ cell: UnsafeBufferPointer<UInt8>, line: Int, field: Int) -> CellIssue {
            let text = String(decoding: UnsafeBufferPointer(rebasing: cell.prefix(200)), as: UTF8.self)
            return CellIssue(kind: kind, line: line, column: field + 1, text: text)
        }

        /// Checks and installs the header names.
        private func setHeader(_ names: [String], line: Int, _ table: inout Columns) throws {
            var seen: [String: Int] = [:]
            for (j, name) in names.enumerated() {
                if name.isEmpty {
                    throw DataError(.emptyColumnName, file: file, line: line, column: j + 1,
                                    message: "column \(j + 1) has an empty name in the header row")
                }
                if let first = seen[name] {
                    throw DataError(.duplicateColumn, file: file, line: line, column: j + 1, columnName: name,
                                    message: "duplicate column name (column \(first + 1) has the same name)")
                }
                seen[name] = j
            }
            table.names = names
            table.addColumns(names.count)
            table.expected = names.count
        }

        /// Checks the field count of a finished data row.
        private func endRecord(fields: Int, line: Int, _ table: inout Columns) throws {
            if table.expected < 0 {  // headerless: the first row fixes the width
                table.expected = fields
                table.names = (1...fields).map { "x\($0)" }
            }
            guard fields == table.expected else {
                let reference = hasHeader ? "the header has" : "the first row has"
                throw DataError(.raggedRow, file: file, line: line,
                                message: "row has \(fields) field\(fields == 1 ? "" : "s") but \(reference) \(table.expected)")
            }
            table.rows += 1
            table.rowLines.append(UInt32(clamping: line))
        }

        /// Returns the name of column `field` when the header is known.
        private func columnName(_ table: Columns, _ field: Int) -> String? {
            field < table.names.count ? table.names[field] : nil
        }
    }
}

extension String {
    /// Returns the string without leading and trailing ASCII spaces and tabs.
    func trimmingASCIISpaces() -> String {
        let scalars = unicodeScalars
        guard let first = scalars.firstIndex(where: { $0 != " " && $0 != "\t" }),
              let last = scalars.lastIndex(where: { $0 != " " && $0 != "\t" }) else { return "" }
        return String(scalars[first...last])
    }
}
