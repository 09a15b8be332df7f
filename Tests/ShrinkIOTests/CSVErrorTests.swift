import Testing
@testable import ShrinkIO

/// Malformed input gives a ``DataError`` naming the file, line and column.
@Suite struct CSVErrorTests {
    let reader = CSVReader()

    /// Parses `text` and returns the thrown error.
    func failure(_ text: String, source: String = "data.csv") -> DataError? {
        failure(Array(text.utf8), source: source)
    }

    /// Parses `bytes` and returns the thrown error.
    func failure(_ bytes: [UInt8], source: String = "data.csv") -> DataError? {
        #expect(throws: DataError.self) { try reader.parse(bytes, source: source) }
    }

    /// Parses `text` and returns the error of using column `column` as numbers.
    func columnFailure(_ text: String, column: Int) throws -> DataError? {
        let table = try reader.parse(text, source: "data.csv")
        return #expect(throws: DataError.self) { try table.numericColumn(column) }
    }

    @Test func emptyFile() {
        for text in ["", "\u{FEFF}", "\n\n", "\r\n"] {
            let e = failure(text)
            #expect(e?.kind == .emptyFile)
            #expect(e?.description == "data.csv: the file is empty")
        }
        let headerless = #expect(throws: DataError.self) { try CSVReader(hasHeader: false).parse("\n", source: "x") }
        #expect(headerless?.kind == .emptyFile)
    }

    @Test func headerOnly() {
        for text in ["a,b,c", "a,b,c\n", "a,b,c\n\n\n"] {
            let e = failure(text)
            #expect(e?.kind == .noDataRows)
            #expect(e?.description == "data.csv: the file has a header row but no data rows")
        }
    }

    @Test func rowWithTooFewFields() {
        let e = failure("a,b,c\n1,2,3\n4,5\n6,7,8\n")
        #expect(e?.kind == .raggedRow)
        #expect(e?.line == 3)
        #expect(e?.description == "data.csv:3: row has 2 fields but the header has 3")
    }

    @Test func rowWithTooManyFields() {
        let e = failure("a,b\n1,2\n3,4\n5,6,7,8\n")
        #expect(e?.description == "data.csv:4: row has 4 fields but the header has 2")
    }

    @Test func raggedHeaderlessFile() {
        let e = #expect(throws: DataError.self) {
            try CSVReader(hasHeader: false).parse("1,2\n3\n", source: "data.csv")
        }
        #expect(e?.description == "data.csv:2: row has 1 field but the first row has 2")
    }

    @Test func unterminatedQuote() {
        let e = failure("a,b\n1,2\n3,\"4\n5,6\n")
        #expect(e?.kind == .unterminatedQuote)
        #expect(e?.line == 3)
        #expect(e?.column == 2)
        #expect(e?.description == "data.csv:3:2 (column \"b\"): a quoted field is not closed before the end of the file")
    }

    @Test func textAfterClosingQuote() {
        let e = failure("a,b\n\"1\"x,2\n")
        #expect(e?.kind == .malformedQuote)
        #expect(e?.line == 2)
        #expect(e?.column == 1)
    }

    @Test func notANumber() throws {
        let header = "age,sex,bmi\n"
        let rows = (2..<17).map { "\($0),1,2\n" }.joined() + "40,1,abc\n"
        let e = try columnFailure(header + rows, column: 2)
        #expect(e?.kind == .notANumber)
        #expect(e?.description == "data.csv:17:3 (column \"bmi\"): \"abc\" is not a number")
    }

    @Test func missingValues() throws {
        for cell in ["", "NA", "na", "NaN", "nan", "null", "N/A", "  "] {
            let e = try columnFailure("a,b\n1,2\n3,\(cell)\n", column: 1)
            #expect(e?.kind == .missingValue, "cell \(cell)")
            #expect(e?.line == 3)
            #expect(e?.column == 2)
            #expect(e?.columnName == "b")
            #expect(e?.description.hasPrefix("data.csv:3:2 (column \"b\"): missing value") == true)
        }
    }

    @Test func infiniteValues() throws {
        for cell in ["Inf", "-inf", "Infinity", "1e999", "-1e400"] {
            let e = try columnFailure("a,b\n1,\(cell)\n", column: 1)
            #expect(e?.kind == .notFinite, "cell \(cell)")
            #expect(e?.description == "data.csv:2:2 (column \"b\"): \"\(cell)\" is not a finite number")
        }
    }

    @Test func otherNonNumbers() throws {
        for cell in ["0x1p3", "1,5", "1.2.3", "e5", "--1", "12abc"] {
            let e = try columnFailure("a;b\n1;\(cell)\n", column: 1)
            #expect(e?.kind == .notANumber, "cell \(cell)")
        }
    }

    @Test func firstIssueOfTheTable() throws {
        let table = try reader.parse("a,b\n1,2\n3,x\ny,4\n", source: "data.csv")
        let e = #expect(throws: DataError.self) { try table.requireNumeric() }
        #expect(e?.line == 3)
        #expect(e?.column == 2)
    }

    @Test func duplicateColumnNames() {
        let e = failure("a,b,a\n1,2,3\n")
        #expect(e?.kind == .duplicateColumn)
        #expect(e?.description == "data.csv:1:3 (column \"a\"): duplicate column name (column 1 has the same name)")
    }

    @Test func emptyColumnName() {
        let e = failure("a,,c\n1,2,3\n")
        #expect(e?.kind == .emptyColumnName)
        #expect(e?.column == 2)
    }

    @Test func nulBytes() {
        let e = failure([0x61, 0x2C, 0x62, 0x0A, 0x31, 0x00, 0x32, 0x0A])
        #expect(e?.kind == .binaryData)
        #expect(e?.line == 2)
        #expect(e?.description.contains("binary") == true)
    }

    @Test func invalidUTF8() {
        let e = failure(Array("a,b\n1,2\n3,".utf8) + [0xFF, 0xC3, 0x28] + Array("\n".utf8))
        #expect(e?.kind == .invalidUTF8)
        #expect(e?.line == 3)
        #expect(e?.description.contains("UTF-8") == true)
    }

    @Test func truncatedAndOverlongUTF8() {
        #expect(failure(Array("a\n".utf8) + [0xE2, 0x82])?.kind == .invalidUTF8)
        #expect(failure(Array("a\n".utf8) + [0xC0, 0xAF])?.kind == .invalidUTF8)
        #expect(failure(Array("a\n".utf8) + [0xED, 0xA0, 0x80])?.kind == .invalidUTF8)
    }

    @Test func validMultibyteUTF8IsAccepted() throws {
        let t = try reader.parse("größe,€,😀\n1,2,3\n", source: "u.csv")
        #expect(t.columnNames == ["größe", "€", "😀"])
    }

    @Test func utf16() {
        #expect(failure([0xFF, 0xFE, 0x61, 0x00])?.kind == .binaryData)
    }

    @Test func randomBinaryGarbageNeverCrashes() {
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<200 {
            let bytes = (0..<Int.random(in: 0..<300, using: &generator)).map { _ in UInt8.random(in: 0...255, using: &generator) }
            _ = try? reader.parse(bytes, source: "junk.bin")
        }
    }

    @Test func missingFile() throws {
        let dir = try TempDirectory()
        let e = #expect(throws: DataError.self) { try reader.read(path: dir.file("nope.csv")) }
        #expect(e?.kind == .unreadable)
        #expect(e?.description.contains("nope.csv: cannot open: no such file") == true)
        let d = #expect(throws: DataError.self) { try reader.read(path: dir.path) }
        #expect(d?.kind == .unreadable)
    }
}
