import Testing
import Shrink
@testable import ShrinkIO

/// LIBSVM / svmlight text is read into a compressed-column design; bad lines are located.
@Suite struct LIBSVMReaderTests {
    let reader = LIBSVMReader()

    @Test func readsIntoCompressedColumns() throws {
        let text = "# a comment\n1.5 1:2 3:-1 # trailing\n\n-2 qid:7 2:4\r\n0\n3 1:1e1 2:0 3:0.5"
        let d = try reader.parse(text, source: "d.svm")
        #expect(d.labels == [1.5, -2, 0, 3])
        #expect(d.featureNames == ["f1", "f2", "f3"])
        let want = try SparseMatrix(rowCount: 4, columnCount: 3,
                                    triplets: [(0, 0, 2), (0, 2, -1), (1, 1, 4), (3, 0, 10), (3, 2, 0.5)])
        #expect(d.x == want)
    }

    @Test func fixedFeatureCountLeavesOutLargerIndices() throws {
        let d = try LIBSVMReader(featureCount: 4).parse("1 2:1 9:3\n0 5:1\n", source: "d.svm")
        #expect(d.x.columnCount == 4)
        #expect(d.x.storedCount == 1)
        #expect(d.ignoredEntries == 2)
        #expect(d.largestIgnoredIndex == 9)
    }

    /// Parses `text` and returns the error.
    func failure(_ text: String) -> DataError? {
        #expect(throws: DataError.self) { try reader.parse(text, source: "d.svm") }
    }

    @Test func badIndicesNameLineAndField() {
        let cases: [(String, String)] = [
            ("1 1:1\n1 0:1\n", "d.svm:2:2: index 0: indices are 1-based"),
            ("1 -3:1\n", "d.svm:1:2: index \"-3\" is not a positive integer"),
            ("1 2:1 2:3\n", "d.svm:1:3: index 2 is not larger than the previous index 2"),
            ("1 3:1 2:3\n", "d.svm:1:3: index 2 is not larger than the previous index 3"),
            ("1 1.5:1\n", "d.svm:1:2: index \"1.5\" is not a positive integer"),
            ("1 99999999999999999999:1\n", "d.svm:1:2: index \"99999999999999999999\" is too large"),
            ("1 2147483648:1\n", "d.svm:1:2: index \"2147483648\" is too large"),
            ("1 :1\n", "d.svm:1:2: \":1\" has no index before the colon"),
            ("1 2:\n", "d.svm:1:2: index 2 has no value after the colon"),
            ("1 2:abc\n", "d.svm:1:2: value \"abc\" of index 2 is not a finite number"),
            ("1 2:nan\n", "d.svm:1:2: value \"nan\" of index 2 is not a finite number"),
            ("1 2:1e999\n", "d.svm:1:2: value \"1e999\" of index 2 is not a finite number"),
            ("1 2\n", "d.svm:1:2: \"2\" is not index:value"),
            ("yes 1:2\n", "d.svm:1:1: label \"yes\" is not a finite number"),
            ("1:2 3:4\n", "d.svm:1:1: the line starts with \"1:2\", not a label"),
        ]
        for (text, message) in cases {
            let e = failure(text)
            #expect(e?.kind == .badSparseEntry, "\(text)")
            #expect(e?.description.hasPrefix(message) == true, "\(text): \(e?.description ?? "no error")")
        }
    }

    @Test func emptyAndBinaryInput() {
        for text in ["", "\n\n", "# only a comment\n"] {
            #expect(failure(text)?.kind == .emptyFile)
        }
        let e = #expect(throws: DataError.self) { try reader.parse([0x31, 0x20, 0x31, 0x3A, 0x00, 0x0A], source: "b.svm") }
        #expect(e?.kind == .binaryData)
        var rng = SplitMix(seed: 3)
        for _ in 0..<300 {
            let bytes = (0..<Int(rng.next() % 300)).map { _ in UInt8(truncatingIfNeeded: rng.next()) }
            _ = try? reader.parse(bytes, source: "junk")
        }
    }
}

extension LIBSVMReaderTests {
    /// Found by fuzzing: one entry at index 1,222,222,222 made a 10 GB column-offset array.
    @Test func hugeIndexWithFewEntriesIsRefused() throws {
        let e = #expect(throws: DataError.self) { try reader.parse("1 1222222222:2\n", source: "big.svm") }
        #expect(e?.description.hasPrefix("big.svm: the largest index, 1222222222, is far beyond the data (1 non-zero entries)") == true)
        let limited = try LIBSVMReader(featureCount: 10).parse("1 1222222222:2\n", source: "big.svm")
        #expect(limited.ignoredEntries == 1)
        #expect(try reader.parse("1 16777216:1\n", source: "ok.svm").x.columnCount == 1 << 24)
    }
}
