import Foundation
import Testing
import Shrink
@testable import ShrinkIO

/// Writing and reading model documents.
@Suite struct ModelDocumentTests {
    /// A document holding awkward doubles.
    static func awkwardDocument() -> ModelDocument {
        let specials: [Double] = [0.1 + 0.2, 1e-300, Double.leastNonzeroMagnitude, -0.0, 1.0 / 3, 2.2250738585072014e-308,
                                  1.7976931348623157e308, -123456789.12345679, 1e22, 4.35]
        let points = [
            ModelDocument.Point(lambda: 1e22, intercept: 0.1 + 0.2, coefficients: Array(repeating: 0, count: 10),
                                df: 0, devRatio: 0, dualityGap: nil, kktViolation: Double.leastNonzeroMagnitude),
            ModelDocument.Point(lambda: 1e-300, intercept: -0.0, coefficients: specials, df: 9,
                                devRatio: 1.0 / 3, dualityGap: 2.2250738585072014e-308, kktViolation: 0),
        ]
        return ModelDocument(family: "gaussian", alpha: 0.1 + 0.2, features: (1...9).map { "x\($0)" } + ["quote\"\\\n,é"],
                             standardize: false, intercept: true, solver: "naive", nullDeviance: 1e-300,
                             stopReason: "completed", rows: 3, path: points, fitSeconds: Double.leastNonzeroMagnitude)
    }

    /// Returns every double of a document, in a fixed order, as bit patterns.
    static func bits(_ d: ModelDocument) -> [UInt64] {
        var all = [d.alpha, d.nullDeviance, d.fitSeconds]
        for p in d.path {
            all += [p.lambda, p.intercept, p.devRatio, p.dualityGap ?? .nan, p.kktViolation] + p.coefficients
        }
        return all.map(\.bitPattern)
    }

    @Test func roundTripsBitExactly() throws {
        let dir = try TempDirectory()
        let original = Self.awkwardDocument()
        try original.write(to: dir.file("m.json"))
        let back = try ModelDocument(contentsOf: dir.file("m.json"))
        #expect(back == original)
        #expect(Self.bits(back) == Self.bits(original))
        #expect(back.path[0].dualityGap == nil)
        #expect(back.path[1].coefficients[3].sign == .minus)
    }

    @Test func schemaHasTheContractFieldNames() throws {
        let text = try Self.awkwardDocument().jsonText()
        let object = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
        #expect(Set(object.keys) == ["format", "version", "family", "alpha", "features", "standardize", "intercept",
                                     "solver", "nullDeviance", "stopReason", "rows", "path", "fitSeconds"])
        #expect(object["format"] as? String == "shrink-model")
        #expect(object["version"] as? Int == 1)
        let path = try #require(object["path"] as? [[String: Any]])
        #expect(Set(path[0].keys) == ["lambda", "intercept", "coefficients", "df", "devRatio", "dualityGap", "kktViolation"])
        #expect(path[0]["dualityGap"] is NSNull)
        #expect(text.contains("\"intercept\": -0.0,"))
        #expect(text.contains("5e-324"))
    }

    @Test func jsonEncoderOutputIsReadToo() throws {
        let original = Self.awkwardDocument()
        let data = try JSONEncoder().encode(original)
        let back = try ModelDocument(json: Array(data), source: "enc.json")
        #expect(Self.bits(back) == Self.bits(original))
    }

    @Test func fittedPathRoundTripsAndInterpolatesLikeTheCore() throws {
        let x = DenseMatrix(rows: [[1, 2, 0.5], [2, 1, 1.5], [3, 5, 2], [4, 3, 3.5], [5, 8, 1], [6, 2, 0]])
        let y: [Double] = [1.1, 2.3, 2.9, 4.2, 5.1, 5.8]
        let options = ElasticNetOptions(alpha: 0.7)
        let path = try ElasticNet.fit(x: .dense(x), y: y, options: options)
        let doc = try ModelDocument(path: path, features: ["a", "b", "c"], options: options)
        let back = try ModelDocument(json: Array(try doc.jsonText().utf8), source: "m.json")
        #expect(Self.bits(back) == Self.bits(doc))
        #expect(back.path.count == path.points.count)
        #expect(back.alpha == 0.7)
        for lambda in [path.lambdas[0] * 2, path.lambdas[3] * 0.9 + path.lambdas[4] * 0.1, 0] {
            let core = path.coefficients(at: lambda)
            let mine = back.coefficients(at: lambda)
            #expect(mine.intercept.bitPattern == core.intercept.bitPattern)
            #expect(mine.coefficients.map(\.bitPattern) == core.coefficients.map(\.bitPattern))
            let predicted = try back.predict(.dense(x), lambda: lambda)
            #expect(try predicted == path.predict(.dense(x), lambda: lambda))
        }
        #expect(throws: ModelDocumentError.self) {
            try back.predict(.dense(DenseMatrix(rowCount: 1, columnCount: 2, columnMajor: [1, 2])), lambda: 0)
        }
    }

    @Test func refusesToOverwriteWithoutForce() throws {
        let dir = try TempDirectory()
        let target = try dir.write("m.json", "precious")
        let doc = Self.awkwardDocument()
        let e = #expect(throws: ModelDocumentError.self) { try doc.write(to: target) }
        #expect(e?.kind == .fileExists)
        #expect(e?.description == "\(target): already exists; use --force to overwrite it")
        #expect(try String(contentsOfFile: target, encoding: .utf8) == "precious")
        try doc.write(to: target, force: true)
        #expect(try ModelDocument(contentsOf: target) == doc)
        #expect(try dir.listing() == ["m.json"])  // no temporary file left behind
    }

    @Test func atomicWriteReportsUnwritableDirectories() throws {
        let dir = try TempDirectory()
        let e = #expect(throws: ModelDocumentError.self) {
            try Self.awkwardDocument().write(to: dir.file("missing/dir/m.json"))
        }
        #expect(e?.kind == .unwritable)
    }

    @Test func refusesNonFiniteNumbers() throws {
        let p = ModelDocument.Point(lambda: 1, intercept: .nan, coefficients: [0], df: 0, devRatio: 0,
                                    dualityGap: nil, kktViolation: 0)
        let doc = ModelDocument(family: "gaussian", alpha: 1, features: ["a"], standardize: true, intercept: true,
                                solver: "naive", nullDeviance: 1, stopReason: "completed", rows: 1, path: [p],
                                fitSeconds: 0)
        let dir = try TempDirectory()
        let e = #expect(throws: ModelDocumentError.self) { try doc.write(to: dir.file("m.json")) }
        #expect(e?.kind == .nonFiniteValue)
        #expect(try dir.listing().isEmpty)
    }

    /// Reads `text` as a model document named `m.json` and returns the error.
    func readFailure(_ text: String) throws -> ModelDocumentError? {
        let dir = try TempDirectory()
        let path = try dir.write("m.json", text)
        let e = #expect(throws: ModelDocumentError.self) { try ModelDocument(contentsOf: path) }
        #expect(e?.file == path)
        #expect(e?.description.hasPrefix(path + ": ") == true)
        return e
    }

    @Test func refusesTruncatedAndNonJSONFiles() throws {
        let full = try Self.awkwardDocument().jsonText()
        for text in [String(full.prefix(full.count / 2)), String(full.dropLast(3)), "hello", "", "{\"format\":"] {
            #expect(try readFailure(text)?.kind == .notJSON, "text \(text.prefix(20))")
        }
    }

    @Test func refusesOtherFormats() throws {
        let e = try readFailure("{\"format\": \"other-model\", \"version\": 1}")
        #expect(e?.kind == .wrongFormat)
        #expect(e?.message == "not a shrink model: \"format\" is \"other-model\", expected \"shrink-model\"")
        #expect(try readFailure("{\"version\": 1}")?.kind == .wrongFormat)
        #expect(try readFailure("[1, 2, 3]")?.kind == .wrongFormat)
        #expect(try readFailure("{\"format\": 7}")?.kind == .wrongFormat)
    }

    @Test func refusesNewerVersions() throws {
        let text = try Self.awkwardDocument().jsonText().replacingOccurrences(of: "\"version\": 1", with: "\"version\": 2")
        let e = try readFailure(text)
        #expect(e?.kind == .unsupportedVersion)
        #expect(e?.message.contains("version 2, newer than this shrink reads (1)") == true)
        #expect(try readFailure("{\"format\": \"shrink-model\"}")?.kind == .unsupportedVersion)
    }

    @Test func refusesInconsistentContent() throws {
        let text = try Self.awkwardDocument().jsonText()
        let missing = try readFailure(text.replacingOccurrences(of: "\"rows\": 3,", with: ""))
        #expect(missing?.kind == .invalidContent)
        #expect(missing?.message == "missing field \"rows\"")
        let mistyped = try readFailure(text.replacingOccurrences(of: "\"df\": 9", with: "\"df\": \"nine\""))
        #expect(mistyped?.message == "field \"path[1].df\" has the wrong type")
        let short = try readFailure(text.replacingOccurrences(of: "\"x9\", ", with: ""))
        #expect(short?.message == "path point 1 has 10 coefficients for 9 features")
        let increasing = try readFailure(text.replacingOccurrences(of: "\"lambda\": 1e-300", with: "\"lambda\": 1e+23"))
        #expect(increasing?.message.contains("not decreasing") == true)
    }

    @Test func missingModelFile() throws {
        let dir = try TempDirectory()
        let e = #expect(throws: ModelDocumentError.self) { try ModelDocument(contentsOf: dir.file("none.json")) }
        #expect(e?.kind == .unreadable)
    }
}
