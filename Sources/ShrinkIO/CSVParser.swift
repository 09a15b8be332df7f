/// The byte-level RFC 4180 parser behind ``CSVReader``.
///
/// One forward pass over the bytes: quoted fields (with `""` escapes and embedded delimiters and
/// line breaks), LF, CRLF and CR line ends, and blank lines (skipped). Cells are parsed as they
/// are met, straight into column storage; the UTF-8 check runs a little ahead of the parser, so
/// the bytes are read from memory once.
struct CSVParser {
    let file: String
    let delimiter: UInt8
    let hasHeader: Bool
    /// How often ``progress`` is called, in bytes.
    static let reportInterval = 1 << 23
    /// How far ahead of the parser the UTF-8 check runs, in bytes.
    private static let checkAhead = 1 << 20

    private static let quote = UInt8(ascii: "\"")
    private static let lf = UInt8(ascii: "\n")
    private static let cr = UInt8(ascii: "\r")

    /// The columns read so far.
    private struct Columns {
        var names: [String] = []
        var values: [[Double]] = []
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
            values += Array(repeating: [], count: count)
            text += Array(repeating: nil, count: count)
            firstMissing += Array(repeating: nil, count: count)
            firstInfinite += Array(repeating: nil, count: count)
            firstText += Array(repeating: nil, count: count)
        }
    }

    /// Parses `bytes` (without a byte order mark), calling `progress` with the offset parsed so
    /// far about every ``reportInterval`` bytes.
    func parse(_ bytes: UnsafeBufferPointer<UInt8>, progress: (Int) -> Void = { _ in }) throws -> DataTable {
        let n = bytes.count
        let cells = CellParser()
        var table = Columns()
        var quoted: [UInt8] = []
        var headerNames: [String] = []
        var i = 0
        var line = 1
        var checked = 0
        var nextReport = Self.reportInterval
        var dataStart = 0
        try TextEncodingCheck.rejectUTF16(bytes, file: file)
        while i < n {
            if i + Self.checkAhead > checked && checked < n {
                checked = try TextEncodingCheck.validate(bytes, from: checked, count: 4 * Self.checkAhead, file: file)
            }
            if i >= nextReport {
                progress(i)
                nextReport = i + Self.reportInterval
            }
            let b = bytes[i]
            if b == Self.lf || b == Self.cr {  // blank line
                i += (b == Self.cr && i + 1 < n && bytes[i + 1] == Self.lf) ? 2 : 1
                line += 1
                continue
            }
            let recordLine = line
            let isHeader = hasHeader && table.expected < 0
            headerNames.removeAll(keepingCapacity: true)
            var field = 0
            while true {
                let fieldLine = line
                if i < n && bytes[i] == Self.quote {
                    i += 1
                    quoted.removeAll(keepingCapacity: true)
                    var closed = false
                    while i < n {
                        let c = bytes[i]
                        if c == Self.quote {
                            if i + 1 < n && bytes[i + 1] == Self.quote {
                                quoted.append(c)
                                i += 2
                                continue
                            }
                            i += 1
                            closed = true
                            break
                        }
                        if c == Self.lf || (c == Self.cr && (i + 1 == n || bytes[i + 1] != Self.lf)) { line += 1 }
                        quoted.append(c)
                        i += 1
                    }
                    if i > checked { checked = try TextEncodingCheck.validate(bytes, from: checked, count: i - checked, file: file) }
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
                    quoted.withUnsafeBufferPointer { cell in
                        take(cell, field: field, line: fieldLine, header: isHeader, names: &headerNames,
                             table: &table, cells: cells)
                    }
                } else {
                    let start = i
                    while i < n {
                        let c = bytes[i]
                        if c == delimiter || c == Self.lf || c == Self.cr { break }
                        i += 1
                    }
                    if i > checked { checked = try TextEncodingCheck.validate(bytes, from: checked, count: i - checked, file: file) }
                    take(UnsafeBufferPointer(rebasing: bytes[start..<i]), field: field, line: fieldLine,
                         header: isHeader, names: &headerNames, table: &table, cells: cells)
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
                try setHeader(headerNames, line: recordLine, table: &table)
                dataStart = i
            } else {
                try endRecord(fields: field, line: recordLine, table: &table)
                if table.rows == 4096 { reserve(&table, parsed: i - dataStart, remaining: n - i) }
            }
        }
        progress(n)
        if table.expected < 0 {
            throw DataError(.emptyFile, file: file, message: "the file is empty")
        }
        if table.rows == 0 {
            throw DataError(.noDataRows, file: file, message: "the file has a header row but no data rows")
        }
        return DataTable(source: file, columnNames: table.names, rowCount: table.rows, columns: table.values,
                         text: table.text, firstMissing: table.firstMissing,
                         firstInfinite: table.firstInfinite, firstText: table.firstText, rowLines: table.rowLines)
    }

    /// Stores one field: a header name, or a cell of the current data row.
    @inline(__always)
    private func take(_ cell: UnsafeBufferPointer<UInt8>, field: Int, line: Int, header: Bool,
                      names: inout [String], table: inout Columns, cells: CellParser) {
        if header {
            names.append(String(decoding: cell, as: UTF8.self).trimmingASCIISpaces())
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
                for v in table.values[field] {
                    if v.isNaN { column.appendMissing() } else { column.append(TextColumn.canonicalText(v)) }
                }
                table.text[field] = column
                table.firstText[field] = issue(.notANumber, cell, line: line, field: field)
            }
            table.values[field].append(.nan)
            table.text[field]!.append(String(decoding: cell, as: UTF8.self).trimmingASCIISpaces())
        }
    }

    /// Reserves room for the rows still to come, estimated from the bytes per row so far (5%
    /// extra), so that big files do not grow their columns by repeated doubling.
    private func reserve(_ table: inout Columns, parsed: Int, remaining: Int) {
        guard parsed > 0 else { return }
        let estimate = table.rows + Int(Double(remaining) / Double(parsed) * Double(table.rows) * 1.05)
        for j in table.values.indices { table.values[j].reserveCapacity(estimate) }
        table.rowLines.reserveCapacity(estimate)
    }

    /// Returns the issue for a cell (its text shortened to 200 bytes).
    private func issue(_ kind: DataError.Kind, _ cell: UnsafeBufferPointer<UInt8>, line: Int, field: Int) -> CellIssue {
        let text = String(decoding: UnsafeBufferPointer(rebasing: cell.prefix(200)), as: UTF8.self)
        return CellIssue(kind: kind, line: line, column: field + 1, text: text)
    }

    /// Checks and installs the header names.
    private func setHeader(_ names: [String], line: Int, table: inout Columns) throws {
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
    private func endRecord(fields: Int, line: Int, table: inout Columns) throws {
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

extension String {
    /// Returns the string without leading and trailing ASCII spaces and tabs.
    func trimmingASCIISpaces() -> String {
        let scalars = unicodeScalars
        guard let first = scalars.firstIndex(where: { $0 != " " && $0 != "\t" }),
              let last = scalars.lastIndex(where: { $0 != " " && $0 != "\t" }) else { return "" }
        return String(scalars[first...last])
    }
}
