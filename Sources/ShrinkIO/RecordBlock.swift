/// Parses a run of simple records (the common case of a big file) into a block of values.
///
/// A simple record is one line (LF or CRLF, or the end of the file) with exactly the expected
/// number of fields, each a number, a missing-value marker, an infinity, or (in a column already
/// known to hold text) text, possibly quoted if the quotes hold no quote or line break. Anything
/// else (a quote elsewhere, a blank line, a bare CR, a ragged row, text in a numeric column,
/// bytes outside ASCII that are not valid UTF-8) stops the run *before* that record, which ``CSVParser`` then reads with its general parser, so
/// the results and the errors are exactly those of the general parser.
///
/// Numbers are parsed as the field is scanned (``NumberScanner``), so most bytes are read once.
/// Values are stored column by column (stride ``rowCapacity``), ready to append to the table.
/// Each thread owns one block: blocks of one file can be parsed concurrently when their
/// starting points are known record starts.
final class RecordBlock {
    /// The first cell of a kind in a column of this block.
    struct Issue {
        let kind: DataError.Kind
        let column: Int
        let row: Int
        let text: String
    }

    /// Where the cell of a text column is: a byte range of text, or a number (its value is in
    /// ``values``), or a missing value.
    struct TextCell {
        static let number: Int32 = -1
        static let missing: Int32 = -2
        /// The offset of the cell's first byte in the file.
        let offset: Int
        /// The cell's length in bytes, or ``number`` or ``missing``.
        let length: Int32
    }

    private static let quote = UInt8(ascii: "\"")
    private static let lf = UInt8(ascii: "\n")
    private static let cr = UInt8(ascii: "\r")

    let delimiter: UInt8
    /// The number of fields of each record.
    private(set) var columnCount = 0
    /// Whether each column holds text.
    private var isText: [Bool] = []
    private var hasText = false
    /// The values, column `j` at `values + j * rowCapacity`.
    private(set) var values: UnsafeMutablePointer<Double>
    private(set) var rowCapacity = 0
    /// The number of complete records parsed.
    private(set) var rows = 0
    /// The offset of the first byte not parsed: the start of the record that stopped the run,
    /// or the end of the last record.
    private(set) var stop = 0
    /// Whether the run stopped at a record it cannot parse (rather than at its limit).
    private(set) var stoppedEarly = false
    /// The first missing and infinite cell of each column (entries for rows >= ``rows`` are
    /// from the record that stopped the run and must be ignored).
    private(set) var issues: [Issue] = []
    /// The cells of the text columns, row by row (a row's cells in column order).
    private(set) var textCells: [TextCell] = []
    /// Per column: bit 0 set once a missing cell was recorded, bit 1 for an infinite one.
    private var recorded: [UInt8] = []

    private let scanner = NumberScanner()
    private let cells = CellParser()

    init(delimiter: UInt8) {
        self.delimiter = delimiter
        values = .allocate(capacity: 0)
    }

    deinit { values.deallocate() }

    /// Parses records from offset `start` (a record start) while they start before `limit`
    /// (a record may run past `limit`), for a table of `isText.count` columns.
    func run(_ bytes: UnsafeBufferPointer<UInt8>, from start: Int, limit: Int, isText: [Bool]) {
        if isText.count != columnCount {
            columnCount = isText.count
            values.deallocate()
            rowCapacity = 256
            values = .allocate(capacity: rowCapacity * columnCount)
            recorded = Array(repeating: 0, count: columnCount)
        }
        self.isText = isText
        hasText = isText.contains(true)
        rows = 0
        issues.removeAll(keepingCapacity: true)
        textCells.removeAll(keepingCapacity: true)
        for j in recorded.indices { recorded[j] = 0 }
        stoppedEarly = false
        guard let base = bytes.baseAddress, start < limit, columnCount > 0 else {
            stop = start
            return
        }
        let end = base + bytes.count
        let limitPointer = base + limit
        let delimiter = self.delimiter
        let last = columnCount - 1
        var p = base + start
        records: while p < limitPointer {
            if rows == rowCapacity { grow() }
            let recordStart = p
            if p.pointee == Self.lf || p.pointee == Self.cr { break records }  // a blank line
            var slot = values + rows
            var j = 0
            while true {
                let cellStart = p
                if !hasText || !isText[j], let (value, next) = scanner.scan(p, end),
                   next == end || next.pointee == delimiter || next.pointee == Self.lf || next.pointee == Self.cr {
                    slot.pointee = value
                    p = next
                } else {
                    guard let next = otherCell(base, cellStart, end, column: j, slot: slot) else {
                        p = recordStart
                        break records
                    }
                    p = next
                }
                if j == last { break }
                guard p < end && p.pointee == delimiter else {  // too few fields
                    p = recordStart
                    break records
                }
                p += 1
                j += 1
                slot += rowCapacity
            }
            if p < end {
                if p.pointee == Self.lf {
                    p += 1
                } else if p.pointee == Self.cr && p + 1 < end && p[1] == Self.lf {
                    p += 2
                } else {  // too many fields, or a bare CR
                    p = recordStart
                    break records
                }
            }
            rows += 1
        }
        stoppedEarly = p < limitPointer
        stop = p - base
    }

    /// Parses a cell that is not a plain number: stores its value in `slot` and returns the
    /// position after it, or nil when the general parser must read the record.
    private func otherCell(_ base: UnsafePointer<UInt8>, _ start: UnsafePointer<UInt8>, _ end: UnsafePointer<UInt8>,
                           column j: Int, slot: UnsafeMutablePointer<Double>) -> UnsafePointer<UInt8>? {
        var p = start
        var bits: UInt8 = 0
        let cell: UnsafeBufferPointer<UInt8>
        if p < end && p.pointee == Self.quote {
            // A quoted field without quotes or line breaks inside; its content is the cell.
            p += 1
            let content = p
            while p < end {
                let c = p.pointee
                if c == Self.quote { break }
                if c == Self.lf || c == Self.cr || c == 0 { return nil }
                bits |= c
                p += 1
            }
            guard p < end else { return nil }  // not closed
            cell = UnsafeBufferPointer(start: content, count: p - content)
            p += 1
            // A doubled quote or text after the closing quote: the general parser's business.
            guard p == end || p.pointee == delimiter || p.pointee == Self.lf || p.pointee == Self.cr else { return nil }
        } else {
            while p < end {
                let c = p.pointee
                if c == delimiter || c == Self.lf || c == Self.cr { break }
                if c == Self.quote || c == 0 { return nil }
                bits |= c
                p += 1
            }
            cell = UnsafeBufferPointer(start: start, count: p - start)
        }
        if bits >= 0x80 {  // not ASCII: leave the UTF-8 check (and its error) to the general parser
            guard (try? TextEncodingCheck.validate(cell, file: "")) != nil else { return nil }
        }
        let text = isText[j]
        switch cells.parse(cell) {
        case .number(let v):
            slot.pointee = v
            if text { textCells.append(TextCell(offset: 0, length: TextCell.number)) }
        case .missing:
            slot.pointee = .nan
            if recorded[j] & 1 == 0 {
                recorded[j] |= 1
                issues.append(Issue(kind: .missingValue, column: j, row: rows, text: Self.text(cell)))
            }
            if text { textCells.append(TextCell(offset: 0, length: TextCell.missing)) }
        case .infinite(let v):
            slot.pointee = v
            if recorded[j] & 2 == 0 {
                recorded[j] |= 2
                issues.append(Issue(kind: .notFinite, column: j, row: rows, text: Self.text(cell)))
            }
            if text { textCells.append(TextCell(offset: 0, length: TextCell.number)) }
        case .text:
            guard text, cell.count <= Int(Int32.max) else { return nil }  // a numeric column turns to text
            slot.pointee = .nan
            textCells.append(TextCell(offset: cell.baseAddress! - base, length: Int32(cell.count)))
        }
        return p
    }

    /// Returns a cell's text as kept in a ``CellIssue`` (at most 200 bytes).
    private static func text(_ cell: UnsafeBufferPointer<UInt8>) -> String {
        String(decoding: UnsafeBufferPointer(rebasing: cell.prefix(200)), as: UTF8.self)
    }

    /// Doubles the rows the block can hold.
    private func grow() {
        let capacity = rowCapacity * 2
        let bigger = UnsafeMutablePointer<Double>.allocate(capacity: capacity * columnCount)
        for j in 0..<columnCount {
            (bigger + j * capacity).update(from: values + j * rowCapacity, count: rows)
        }
        values.deallocate()
        values = bigger
        rowCapacity = capacity
    }

    /// The values of column `j` for the complete records.
    func column(_ j: Int) -> UnsafeBufferPointer<Double> {
        UnsafeBufferPointer(start: values + j * rowCapacity, count: rows)
    }
}
