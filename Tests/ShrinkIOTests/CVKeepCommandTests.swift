import Foundation
import Testing

/// `shrink cv --keep`: the out-of-fold predictions and fold ids in the JSON document.
@Suite struct CVKeepCommandTests {
    let diabetes = packageRoot.appendingPathComponent("Examples/diabetes.csv").path
    let wine = packageRoot.appendingPathComponent("Examples/wine.csv").path

    /// The kept predictions are the ones the curve was computed from: the mean squared error of
    /// `y - prevalLink` over all rows is `cvm` at every lambda (equal weights, grouped folds).
    @Test func keptPredictionsReproduceTheCurve() throws {
        let dir = try TempDirectory()
        let run = try ShrinkTool.run(["cv", diabetes, "--target", "y", "--folds", "5", "--seed", "7", "--keep",
                                      "--json", "-q"], in: dir)
        #expect(run.status == 0, "\(run.stderr)")
        let json = try #require(try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any])
        let lambdas = try #require(json["lambda"] as? [Double]), cvm = try #require(json["cvm"] as? [Double])
        let preval = try #require(json["prevalLink"] as? [[Double]]), foldid = try #require(json["foldid"] as? [Int])
        let y = try Self.column("y", of: diabetes)
        #expect(y.count == 442)
        #expect(preval.count == lambdas.count)
        #expect(foldid.count == y.count && Set(foldid) == Set(1...5))
        for (eta, m) in zip(preval, cvm) {
            #expect(eta.count == y.count)
            let mse = zip(y, eta).reduce(0) { $0 + ($1.0 - $1.1) * ($1.0 - $1.1) } / Double(y.count)
            #expect(abs(mse - m) <= 1e-10 * m, "mse \(mse), cvm \(m)")
        }
        // Without --keep the document has neither field.
        let plain = try ShrinkTool.run(["cv", diabetes, "--target", "y", "--folds", "5", "--seed", "7", "--json", "-q"],
                                       in: dir)
        let other = try #require(try JSONSerialization.jsonObject(with: Data(plain.stdout.utf8)) as? [String: Any])
        #expect(other["prevalLink"] == nil && other["foldid"] == nil)
        #expect(other["cvm"] as? [Double] == cvm)
    }

    /// Multinomial CV keeps no predictions: a clear error, not a silently missing field.
    @Test func keepWithMultinomialIsAnError() throws {
        let dir = try TempDirectory()
        let run = try ShrinkTool.run(["cv", wine, "--target", "y", "--family", "multinomial", "--keep", "-q"], in: dir)
        #expect(run.status == 2)
        #expect(run.stderr.contains("--keep is not available with --family multinomial"), "\(run.stderr)")
    }

    /// The numeric column `name` of a CSV file with a header.
    static func column(_ name: String, of path: String) throws -> [Double] {
        let lines = try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n")
        let header = lines[0].split(separator: ",").map { $0.trimmingCharacters(in: CharacterSet(charactersIn: "\" \r")) }
        let j = try #require(header.firstIndex(of: name))
        return try lines.dropFirst().map { line in
            try #require(Double(line.split(separator: ",")[j].trimmingCharacters(in: .whitespaces)))
        }
    }
}
