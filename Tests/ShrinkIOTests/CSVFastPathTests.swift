#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation
import Testing
@testable import ShrinkIO

/// The fast path (``RecordBlock`` and ``NumberScanner``, on one or several threads, with blocks of
/// any size) gives exactly the table, or exactly the error, of the general parser alone.
@Suite struct CSVFastPathTests {
    /// What parsing gave: a table or an error.
    enum Result: Equatable {
        case table(Snapshot)
        case error(DataError)
    }

    /// A table compared bit for bit (NaN cells included).
    struct Snapshot: Equatable {
        let names: [String]
        let rows: Int
        let bits: [[UInt64]]
        let text: [TextColumn?]
        let firstMissing: [CellIssue?]
        let firstInfinite: [CellIssue?]
        let firstText: [CellIssue?]
        let rowLines: [UInt32]

        init(_ t: DataTable) {
            names = t.columnNames
            rows = t.rowCount
            bits = t.columns.map { $0.map(\.bitPattern) }
            text = t.text
            firstMissing = t.firstMissing
            firstInfinite = t.firstInfinite
            firstText = t.firstText
            rowLines = t.rowLines
        }
    }

    /// Parses `bytes` with the general parser only (`reference`) or with the fast path.
    static func parse(_ bytes: [UInt8], header: Bool = true, delimiter: UInt8 = 0x2C, fast: Bool,
                      threads: Int = 1, block: Int = 1 << 20) -> Result {
        var parser = CSVParser(file: "f.csv", delimiter: delimiter, hasHeader: header)
        parser.fastPath = fast
        parser.threads = threads
        parser.blockBytes = block
        do {
            let table = try bytes.withUnsafeBufferPointer { try parser.parse($0) }
            #expect(table.columns.allSatisfy { $0.count == table.rowCount })
            #expect(table.rowLines.count == table.rowCount)
            return .table(Snapshot(table))
        } catch let error as DataError {
            return .error(error)
        } catch {
            Issue.record("unexpected error \(error)")
            return .error(DataError(.unreadable, file: "", message: "\(error)"))
        }
    }

    /// Checks that every fast configuration agrees with the general parser on `bytes`.
    static func checkAgreement(_ bytes: [UInt8], header: Bool = true, delimiter: UInt8 = 0x2C,
                               _ label: String = "") {
        let reference = parse(bytes, header: header, delimiter: delimiter, fast: false)
        for (threads, block) in [(1, 1 << 20), (1, 1), (1, 16), (2, 1), (2, 23), (3, 64), (2, 1 << 20)] {
            let got = parse(bytes, header: header, delimiter: delimiter, fast: true, threads: threads, block: block)
            #expect(got == reference, "threads \(threads), block \(block): \(label.isEmpty ? String(decoding: bytes, as: UTF8.self) : label)")
        }
    }

    /// A random cell: numbers of many spellings, missing and infinite markers, text, quoted
    /// fields (with delimiters, quotes and line breaks inside), blanks, and rare bad bytes.
    static func randomCell(_ rng: inout SplitMix) -> [UInt8] {
        func digits(_ count: Int) -> String { (0..<count).map { _ in String(rng.next() % 10) }.joined() }
        let choice = rng.next() % 40
        let text: String
        switch choice {
        case 0..<12:
            text = (rng.next() % 3 == 0 ? "-" : "") + digits(1 + Int(rng.next() % 3)) + "." + digits(Int(rng.next() % 19))
        case 12..<16: text = String(Int(rng.next() % 2000) - 1000)
        case 16..<19: text = "\(digits(1 + Int(rng.next() % 20)))e\(Int(rng.next() % 700) - 350)"
        case 19: text = "+" + digits(1 + Int(rng.next() % 25))
        case 20: text = "0.000" + digits(Int(rng.next() % 22))
        case 21: text = ["", "NA", "nan", "N/A", "null", "  "][Int(rng.next() % 6)]
        case 22: text = ["Inf", "-inf", "1e999", "-Infinity"][Int(rng.next() % 4)]
        case 23: text = ["abc", "x y", "größe", "1.2.3", "e5", "-", ".", "1e", "0x10"][Int(rng.next() % 9)]
        case 24: text = " " + digits(3) + "\t"
        case 25: text = "\"" + digits(2) + "\""
        case 26: text = "\"a,b\""
        case 27: text = "\"line\nbreak\""
        case 28: text = "\"say \"\"hi\"\"\""
        case 29: text = "\"unclosed"
        case 30: text = "x\"y"
        case 31: return Array("1".utf8) + [rng.next() % 2 == 0 ? 0x00 : 0xFF]
        case 32: text = "."  + digits(1 + Int(rng.next() % 5))
        case 33: text = digits(1 + Int(rng.next() % 4)) + "."
        case 34: text = "\"\"\"1\"x"
        default: text = "0." + digits(17)
        }
        return Array(text.utf8)
    }

    /// A random file of `rows` records of about `columns` fields, with LF, CRLF or CR line ends,
    /// blank lines, ragged rows, an optional header and an optional missing final newline.
    static func randomFile(_ rng: inout SplitMix, columns: Int, rows: Int, oddity: UInt64) -> [UInt8] {
        var bytes: [UInt8] = []
        let crlf = rng.next() % 4 == 0
        func end() {
            if oddity > 0 && rng.next() % (40 * oddity) == 0 {
                bytes += rng.next() % 2 == 0 ? [0x0D] : [0x0A, 0x0A]  // bare CR, blank line
            } else {
                bytes += crlf ? [0x0D, 0x0A] : [0x0A]
            }
        }
        bytes += (1...columns).map { "c\($0)" }.joined(separator: ",").utf8
        end()
        for _ in 0..<rows {
            var count = columns
            if oddity > 0 && rng.next() % (60 * oddity) == 0 { count += rng.next() % 2 == 0 ? 1 : -1 }
            for j in 0..<max(count, 1) {
                if j > 0 { bytes.append(0x2C) }
                if oddity > 0 && rng.next() % oddity == 0 {
                    bytes += randomCell(&rng)
                } else {
                    bytes += Array(("0." + (0..<17).map { _ in String(rng.next() % 10) }.joined()).utf8)
                }
            }
            end()
        }
        if rng.next() % 3 == 0, bytes.last == 0x0A { bytes.removeLast() }
        return bytes
    }

    @Test func randomFilesAgreeWithTheGeneralParser() {
        var rng = SplitMix(seed: 2026)
        for trial in 0..<600 {
            let columns = 1 + Int(rng.next() % 5)
            let rows = Int(rng.next() % 30)
            let oddity: UInt64 = [0, 2, 5, 20, 100][trial % 5]
            let bytes = Self.randomFile(&rng, columns: columns, rows: rows, oddity: oddity)
            Self.checkAgreement(bytes, header: trial % 7 != 0, "trial \(trial)")
        }
    }

    @Test func textColumnsInTheFastPath() {
        // A text column stays on the fast path (its cells are interned in order when stored).
        var rows = "id,x,group\n"
        for k in 0..<300 {
            let group = ["a", "b", " c ", "1", "NA", "2.50", "Inf", ""][k % 8]
            rows += "\(k),\(Double(k) / 7),\(k < 5 ? "\(k % 3)" : k == 5 ? "first" : group)\n"
        }
        Self.checkAgreement(Array(rows.utf8))
        let table = try? CSVReader().parse(rows, source: "t.csv")
        #expect(table?.text[2]?.levels.prefix(4) == ["0", "1", "2", "first"])
        #expect(table?.firstText[2]?.line == 7)
    }

    @Test func specialFiles() {
        let cases = ["", "\n", "a", "a\n", "a\n1", "a\n\n\n1\n\n", "a,b\n1,2", "a,b\r\n1,2\r\n", "a,b\r1,2\r3,4",
                     "a\n1\n2\r\n3\r4", "a,b\n1,\n,2\n", "a\n\"1\"\n2\n", "a,b\n1,2,3\n", "a,b\n1\n",
                     "a,b\n1,2\n3,\"4\n5,6\n", "a,b\n1,2\n\"3\"x,4\n", "a\n1e5\n1E-5\n+1\n-0\n.5\n5.\n",
                     "x\n" + String(repeating: "9", count: 400) + "\n", "x\n0." + String(repeating: "0", count: 400) + "1\n"]
        for text in cases {
            Self.checkAgreement(Array(text.utf8), "\(text.debugDescription)")
            Self.checkAgreement(Array(text.utf8), header: false, "headerless \(text.debugDescription)")
        }
        Self.checkAgreement(Array("a;b\n1,5;2\n3;4\n".utf8), delimiter: 0x3B)
        Self.checkAgreement(Array("a\tb\n1\t 2\n3\t4\n".utf8), delimiter: 0x09)
        Self.checkAgreement(Array("a,b\n1,2\n".utf8) + [0xC3, 0xA9, 0x2C, 0x33, 0x0A])  // é as text
        Self.checkAgreement(Array("a,b\n1,2\n".utf8) + [0xC3, 0x2C, 0x33, 0x0A])  // invalid UTF-8
        Self.checkAgreement(Array("a,b\n1,2\n3,".utf8) + [0x00] + Array("\n".utf8))  // NUL
    }

    @Test func quotedNumbersStayOnTheFastPath() {
        var text = ""
        for k in 0..<500 { text += "\"\(k).5\",\"-\(k)e-3\",\"\",\" 7 \"\r\n" }
        let bytes = Array(text.utf8)
        let block = RecordBlock(delimiter: 0x2C)
        bytes.withUnsafeBufferPointer { block.run($0, from: 0, limit: $0.count, isText: [false, false, false, false]) }
        #expect(block.rows == 500 && !block.stoppedEarly && block.stop == bytes.count)
        #expect(block.column(0)[499] == 499.5 && block.column(1)[2] == -0.002 && block.column(3)[0] == 7)
        #expect(block.column(2).allSatisfy { $0.isNaN })
        Self.checkAgreement(Array("a,b,c,d\r\n".utf8) + bytes)
        // A line break or an escaped quote inside quotes stops the block before that record.
        for odd in ["\"1\n2\",3\n", "\"1\"\"\",3\n", "\"1\"x,3\n", "\"1,3\n"] {
            let more = Array("1,2\n\"3\",4\n\(odd)5,6\n".utf8)
            more.withUnsafeBufferPointer { block.run($0, from: 0, limit: $0.count, isText: [false, false]) }
            #expect(block.rows == 2 && block.stoppedEarly, "\(odd)")
            Self.checkAgreement(Array("a,b\n".utf8) + more, odd)
        }
    }

    @Test func errorsNameTheFirstBadRecordInFileOrder() {
        // Many blocks on two threads: the first error in file order wins, whichever block sees
        // a problem first.
        var text = "a,b,c\n"
        for k in 0..<5000 { text += "\(k).25,\(k),-\(k)e-3\n" }
        text += "1,2\n"  // line 5002: too few fields
        for k in 0..<5000 { text += "\(k),\(k),\"\(k)\n" }  // unterminated quotes later
        for threads in [1, 2, 4] {
            let got = Self.parse(Array(text.utf8), fast: true, threads: threads, block: 4096)
            guard case .error(let e) = got else {
                Issue.record("no error")
                continue
            }
            #expect(e.kind == .raggedRow)
            #expect(e.line == 5002)
        }
    }

    @Test func fuzzInputsAgreeWithTheGeneralParser() throws {
        for url in try FuzzRegressionTests.inputs("CSV") {
            let bytes = [UInt8](try Data(contentsOf: url))
            Self.checkAgreement(bytes, url.lastPathComponent)
            Self.checkAgreement(bytes, header: false, url.lastPathComponent)
        }
    }

    @Test func bigFileOnSeveralThreadsIsBitIdenticalToStrtod() throws {
        // 20,000 rows of '%.17g' numbers and some short ones, parsed with 2 threads in blocks
        // of 64 KB; every cell must be the double strtod gives.
        var rng = SplitMix(seed: 17)
        var text = "a,b,c,d\n"
        var cells: [String] = []
        for _ in 0..<20_000 {
            var row: [String] = []
            for j in 0..<4 {
                let v = Double(bitPattern: rng.next() >> 2 | 0x3000_0000_0000_0000) * (rng.next() % 2 == 0 ? 1 : -1)
                let cell = j == 3 ? String(Int(rng.next() % 100_000)) : String(format17: v * 1e-200)
                row.append(cell)
            }
            cells += row
            text += row.joined(separator: ",") + "\n"
        }
        var reader = CSVReader()
        reader.threads = 2
        var parser = CSVParser(file: "big.csv", delimiter: 0x2C, hasHeader: true)
        parser.threads = 2
        parser.blockBytes = 1 << 16
        let bytes = Array(text.utf8)
        let table = try bytes.withUnsafeBufferPointer { try parser.parse($0) }
        #expect(table.rowCount == 20_000)
        var mismatches = 0
        for (k, cell) in cells.enumerated() {
            let want = cell.withCString { strtod($0, nil) }
            if table.columns[k % 4][k / 4].bitPattern != want.bitPattern { mismatches += 1 }
        }
        #expect(mismatches == 0)
        #expect(table.rowLines.first == 2 && table.rowLines.last == 20_001)
        #expect(try reader.parse(bytes, source: "big.csv") == table)
    }
}
