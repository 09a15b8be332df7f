import Testing
@testable import ShrinkIO

/// Well-formed CSV variants parse into the right names and values.
@Suite struct CSVParsingTests {
    let reader = CSVReader()

    @Test func plainCommaSeparated() throws {
        let t = try reader.parse("a,b,c\n1,2,3\n4,5.5,-6e-1\n", source: "t.csv")
        #expect(t.columnNames == ["a", "b", "c"])
        #expect(t.rowCount == 2)
        #expect(t.columns == [[1, 4], [2, 5.5], [3, -0.6]])
        #expect(t.issues == [nil, nil, nil])
    }

    @Test func quotedFieldsWithEscapesDelimitersAndNewlines() throws {
        let text = "\"name, with comma\",\"say \"\"hi\"\"\",\"multi\nline\"\n\"1.5\",2,\"3\"\n"
        let t = try reader.parse(text, source: "q.csv")
        #expect(t.columnNames == ["name, with comma", "say \"hi\"", "multi\nline"])
        #expect(t.columns == [[1.5], [2], [3]])
    }

    @Test func lineNumbersCountNewlinesInsideQuotes() throws {
        let text = "a,\"b\nc\"\n1,2\n3,x\n"
        let t = try reader.parse(text, source: "q.csv")
        #expect(t.issues[1] == CellIssue(kind: .notANumber, line: 4, column: 2, text: "x"))
    }

    @Test func crlfLineEnds() throws {
        let t = try reader.parse("a,b\r\n1,2\r\n3,4\r\n", source: "crlf.csv")
        #expect(t.columnNames == ["a", "b"])
        #expect(t.columns == [[1, 3], [2, 4]])
    }

    @Test func crOnlyLineEnds() throws {
        let t = try reader.parse("a,b\r1,2\r3,4", source: "cr.csv")
        #expect(t.columns == [[1, 3], [2, 4]])
    }

    @Test func byteOrderMarkIsSkipped() throws {
        let t = try reader.parse("\u{FEFF}a,b\n1,2\n", source: "bom.csv")
        #expect(t.columnNames == ["a", "b"])
    }

    @Test func semicolonIsSniffed() throws {
        let t = try reader.parse("a;b;c\n1;2;3\n", source: "semi.csv")
        #expect(t.columnNames == ["a", "b", "c"])
        #expect(t.columns == [[1], [2], [3]])
    }

    @Test func tabIsSniffed() throws {
        let t = try reader.parse("a\tb\n1\t2\n", source: "tab.tsv")
        #expect(t.columnNames == ["a", "b"])
        #expect(t.columns == [[1], [2]])
    }

    @Test func sniffingIgnoresDelimitersInsideQuotes() throws {
        let t = try reader.parse("\"a,b,c\";d\n1;2\n", source: "s.csv")
        #expect(t.columnNames == ["a,b,c", "d"])
    }

    @Test func explicitDelimiterOverridesSniffing() throws {
        let t = try CSVReader(delimiter: .semicolon).parse("a,b;c\n1;2\n", source: "x.csv")
        #expect(t.columnNames == ["a,b", "c"])
    }

    @Test func headerlessFilesNameColumnsX1ToXp() throws {
        let t = try CSVReader(hasHeader: false).parse("1,2,3\n4,5,6\n", source: "nh.csv")
        #expect(t.columnNames == ["x1", "x2", "x3"])
        #expect(t.rowCount == 2)
        #expect(t.columns == [[1, 4], [2, 5], [3, 6]])
    }

    @Test func noFinalNewlineBlankLinesAndSpaces() throws {
        let t = try reader.parse("a , b\n\n 1 , 2\n\n3,4", source: "s.csv")
        #expect(t.columnNames == ["a", "b"])
        #expect(t.columns == [[1, 3], [2, 4]])
    }

    @Test func numbersParseBitExactly() throws {
        let cells = ["0.1", "-0", "1e-300", "5e-324", "2.2250738585072014e-308", "1.7976931348623157e308",
                     "0.30000000000000004", "+12", ".5", "1E3"]
        let expected: [Double] = [0.1, -0.0, 1e-300, .leastNonzeroMagnitude, 2.2250738585072014e-308,
                                  1.7976931348623157e308, 0.30000000000000004, 12, 0.5, 1000]
        let t = try reader.parse("v\n" + cells.joined(separator: "\n") + "\n", source: "n.csv")
        #expect(t.columns[0].map(\.bitPattern) == expected.map(\.bitPattern))
    }

    @Test func nonNumericColumnsAreKeptWithTheirFirstIssue() throws {
        let t = try reader.parse("id,x\nalpha,1\nbeta,2\n", source: "s.csv")
        #expect(!t.isNumeric(0))
        #expect(t.isNumeric(1))
        #expect(t.issues[0] == CellIssue(kind: .notANumber, line: 2, column: 1, text: "alpha"))
    }

    @Test func readsFilesFromDisk() throws {
        let dir = try TempDirectory()
        let path = try dir.write("d.csv", "a,b\n1,2\n")
        let t = try reader.read(path: path)
        #expect(t.source == path)
        #expect(t.columns == [[1], [2]])
    }
}
