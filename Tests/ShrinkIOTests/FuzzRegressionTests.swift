import Foundation
import Testing
@testable import ShrinkIO

/// Replays the inputs kept from fuzzing (scripts/fuzz.sh) through the readers: each must give
/// a result or a ``DataError`` / ``ModelDocumentError``, never a crash.
@Suite struct FuzzRegressionTests {
    /// The files of `Fixtures/fuzz/<target>`.
    static func inputs(_ target: String) throws -> [URL] {
        let root = try #require(Bundle.module.url(forResource: "fuzz", withExtension: nil, subdirectory: "Fixtures"))
        let dir = root.appendingPathComponent(target)
        let names = (try? FileManager.default.contentsOfDirectory(atPath: dir.path)) ?? []
        return names.sorted().map { dir.appendingPathComponent($0) }
    }

    @Test func csvInputs() throws {
        for url in try Self.inputs("CSV") {
            let bytes = [UInt8](try Data(contentsOf: url))
            for reader in [CSVReader(), CSVReader(hasHeader: false), CSVReader(delimiter: .tab)] {
                do {
                    let table = try reader.parse(bytes, source: url.lastPathComponent)
                    #expect(table.columns.allSatisfy { $0.count == table.rowCount })
                    for j in 0..<min(table.columnCount, 4) {
                        for policy in MissingValuePolicy.allCases {
                            _ = try? ModelData(table: table, target: "#\(j + 1)", missing: policy)
                        }
                    }
                } catch is DataError {}
            }
        }
    }

    @Test func libsvmInputs() throws {
        for url in try Self.inputs("LIBSVM") {
            let bytes = [UInt8](try Data(contentsOf: url))
            for reader in [LIBSVMReader(), LIBSVMReader(featureCount: 3)] {
                do {
                    let set = try reader.parse(bytes, source: url.lastPathComponent)
                    #expect(set.labels.count == set.x.rowCount)
                } catch is DataError {}
            }
        }
    }

    @Test func modelInputs() throws {
        let seed = try #require(Bundle.module.url(forResource: "seed-model", withExtension: "json", subdirectory: "Fixtures/fuzz"))
        let document = try ModelDocument(json: [UInt8](try Data(contentsOf: seed)), source: "seed-model.json")
        #expect(document.encoding?.count == 3)
        for url in try Self.inputs("Model") {
            do {
                let document = try ModelDocument(json: [UInt8](try Data(contentsOf: url)), source: url.lastPathComponent)
                let text = try document.jsonText()
                #expect(try ModelDocument(json: Array(text.utf8), source: "again").jsonText() == text)
            } catch is ModelDocumentError {}
        }
    }
}
