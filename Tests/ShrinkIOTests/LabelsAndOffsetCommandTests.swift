import Foundation
import Testing
import Shrink
import ShrinkIO

/// `shrink fit/cv/predict` with text or numeric class labels and with `--offset`, end to end,
/// against R glmnet fixtures (scripts/make_offset_fixtures.R, thresh = 1e-14).
@Suite("Class labels and offsets on the command line")
struct LabelsAndOffsetCommandTests {
    /// A fixture file of `Fixtures/offset`.
    static func fixture(_ name: String, _ ext: String) throws -> URL {
        try #require(Bundle.module.url(forResource: name, withExtension: ext, subdirectory: "Fixtures/offset"))
    }

    /// A glmnet path: lambdas, intercepts and coefficients (one array per lambda), and CV results.
    struct GlmnetPath: Decodable {
        let lambda: [Double]
        let a0: [Double]
        let beta: [[Double]]
        let cvm: [Double]?
        let cvsd: [Double]?

        static func load(_ name: String) throws -> GlmnetPath {
            try JSONDecoder().decode(GlmnetPath.self, from: Data(contentsOf: fixture(name, "json")))
        }

        /// `--lambda` with these lambdas (shortest round-trip text).
        var lambdaOption: String { lambda.map(\.description).joined(separator: ",") }
    }

    /// The values of the `prediction` column of `shrink predict` output.
    static func column(_ stdout: String) -> [String] {
        stdout.split(separator: "\n").dropFirst().map(String.init)
    }

    /// Writes the binomial fixture with its labels replaced as `relabel` says.
    static func relabelled(_ dir: TempDirectory, _ name: String, _ relabel: [String: String]) throws -> String {
        let text = try String(contentsOf: fixture("binomial_offset", "csv"), encoding: .utf8)
        var lines = text.split(separator: "\n").map(String.init)
        for k in 1..<lines.count {
            var cells = lines[k].split(separator: ",", omittingEmptySubsequences: false).map(String.init)
            cells[cells.count - 1] = relabel[cells[cells.count - 1]] ?? cells[cells.count - 1]
            lines[k] = cells.joined(separator: ",")
        }
        return try dir.write(name, lines.joined(separator: "\n") + "\n")
    }

    /// Text labels: the classes are recorded sorted ("no", "yes"), "yes" is modelled, and
    /// `predict --type class` returns the labels (the sign of the link chooses).
    @Test func textLabelsRoundTrip() throws {
        let dir = try TempDirectory()
        let data = try Self.fixture("binomial_offset", "csv").path
        let model = dir.file("model.json")
        let fit = try ShrinkTool.run(["fit", data, "--target", "label", "--family", "binomial", "--exclude", "off",
                                      "--nlambda", "10", "--output", model, "-q"], in: dir)
        #expect(fit.status == 0, "\(fit.stderr)")
        let document = try ModelDocument(contentsOf: model)
        #expect(document.classes == ["no", "yes"])
        #expect(document.features == ["x1", "x2", "x3", "x4"])
        #expect(document.offset == nil)
        let inspect = try ShrinkTool.run(["inspect", model], in: dir)
        #expect(inspect.stdout.contains("Classes:    \"no\", \"yes\""), "\(inspect.stdout)")
        let link = try ShrinkTool.run(["predict", model, data, "-q"], in: dir)
        let cls = try ShrinkTool.run(["predict", model, data, "--type", "class", "-q"], in: dir)
        #expect(link.status == 0 && cls.status == 0, "\(link.stderr)\(cls.stderr)")
        let eta = Self.column(link.stdout).compactMap(Double.init)
        let predicted = Self.column(cls.stdout)
        #expect(eta.count == 100 && predicted.count == 100)
        for i in eta.indices { #expect(predicted[i] == (eta[i] > 0 ? "yes" : "no")) }
        // The modelled class is "yes": the predictions agree with the labels far above chance.
        let table = try CSVReader().read(path: data)
        let labelColumn = try #require(table.columnIndex(named: "label"))
        let truth = try #require(table.text[labelColumn])
        let agree = (0..<100).filter { truth.level(at: $0) == predicted[$0] }.count
        #expect(agree >= 70, "\(agree) of 100 predicted labels agree")
    }

    /// Relabelling the classes: numbers (2/4) sort numerically, "B"/"M" as text: same fit;
    /// "a"/"B" sort as R does ("a" first, unlike byte order), so the other class is modelled.
    @Test func relabelledTargets() throws {
        let dir = try TempDirectory()
        func fit(_ data: String, _ name: String) throws -> ModelDocument {
            let model = dir.file(name)
            let run = try ShrinkTool.run(["fit", data, "--target", "label", "--family", "binomial", "--exclude", "off",
                                          "--nlambda", "10", "--output", model, "-q"], in: dir)
            #expect(run.status == 0, "\(run.stderr)")
            return try ModelDocument(contentsOf: model)
        }
        let base = try fit(Self.fixture("binomial_offset", "csv").path, "base.json")
        let numeric = try fit(Self.relabelled(dir, "n.csv", ["no": "2", "yes": "4"]), "n.json")
        let letters = try fit(Self.relabelled(dir, "m.csv", ["no": "B", "yes": "M"]), "m.json")
        let flipped = try fit(Self.relabelled(dir, "a.csv", ["no": "B", "yes": "a"]), "a.json")
        #expect(numeric.classes == ["2", "4"])
        #expect(letters.classes == ["B", "M"])
        #expect(flipped.classes == ["a", "B"])
        #expect(numeric.path == base.path)
        #expect(letters.path == base.path)
        #expect(flipped.path.count == base.path.count)
        for (f, b) in zip(flipped.path, base.path) {
            #expect(abs(f.intercept + b.intercept) <= 1e-9)
            for j in b.coefficients.indices { #expect(abs(f.coefficients[j] + b.coefficients[j]) <= 1e-9) }
        }
        let cls = try ShrinkTool.run(["predict", dir.file("n.json"), dir.file("n.csv"), "--type", "class", "-q"], in: dir)
        #expect(Set(Self.column(cls.stdout)) == ["2", "4"])
    }

    /// One class, three classes and missing labels give clear errors naming the file, column and labels.
    @Test func labelErrors() throws {
        let dir = try TempDirectory()
        let one = try Self.relabelled(dir, "one.csv", ["no": "yes"])
        let run1 = try ShrinkTool.run(["fit", one, "--target", "label", "--family", "binomial"], in: dir)
        #expect(run1.status == 2)
        #expect(run1.stderr.contains("one.csv: column \"label\": --family binomial needs exactly two distinct target values, found 1 (every row is yes)"), "\(run1.stderr)")
        let text = try String(contentsOfFile: one, encoding: .utf8)
        var lines = text.split(separator: "\n").map(String.init)
        lines[3] = lines[3].replacingOccurrences(of: ",yes", with: ",no")
        lines[5] = lines[5].replacingOccurrences(of: ",yes", with: ",maybe")
        let three = try dir.write("three.csv", lines.joined(separator: "\n") + "\n")
        let run3 = try ShrinkTool.run(["fit", three, "--target", "label", "--family", "binomial"], in: dir)
        #expect(run3.status == 2)
        #expect(run3.stderr.contains("three.csv: column \"label\""), "\(run3.stderr)")
        #expect(run3.stderr.contains("found 3 (maybe, no, yes)"), "\(run3.stderr)")
        lines[5] = lines[5].replacingOccurrences(of: ",maybe", with: ",")
        let gap = try dir.write("gap.csv", lines.joined(separator: "\n") + "\n")
        let runGap = try ShrinkTool.run(["fit", gap, "--target", "label", "--family", "binomial"], in: dir)
        #expect(runGap.status == 2)
        #expect(runGap.stderr.contains("gap.csv:6:6 (column \"label\")") && runGap.stderr.contains("missing value in the target column"), "\(runGap.stderr)")
        let dropped = try ShrinkTool.run(["fit", gap, "--target", "label", "--family", "binomial", "--drop-missing", "--nlambda", "3"], in: dir)
        #expect(dropped.status == 0, "\(dropped.stderr)")
        #expect(dropped.stderr.contains("dropped 1 row"))
        let gaussian = try ShrinkTool.run(["fit", Self.fixture("binomial_offset", "csv").path, "--target", "label"], in: dir)
        #expect(gaussian.status == 2)
        #expect(gaussian.stderr.contains("(column \"label\"): \"yes\" is not a number") || gaussian.stderr.contains("(column \"label\"): \"no\" is not a number"), "\(gaussian.stderr)")
    }

    /// Poisson with offset log(exposure): the path matches glmnet's at its lambdas, the model
    /// records the offset column, which is not a feature.
    @Test func poissonOffsetMatchesGlmnet() throws {
        let dir = try TempDirectory()
        let reference = try GlmnetPath.load("poisson_exposure")
        let model = dir.file("model.json")
        let run = try ShrinkTool.run(["fit", Self.fixture("poisson_exposure", "csv").path, "--target", "count",
                                      "--family", "poisson", "--offset", "log_exposure", "--exclude", "exposure,fold",
                                      "--lambda", reference.lambdaOption, "--tolerance", "1e-12", "--output", model, "-q"], in: dir)
        #expect(run.status == 0, "\(run.stderr)")
        let document = try ModelDocument(contentsOf: model)
        #expect(document.offset == "log_exposure")
        #expect(document.features == ["x1", "x2", "x3", "x4", "x5"])
        Self.expectPath(document, matches: reference, tolerance: 1e-6)
    }

    /// Binomial with text labels, an offset and alpha 0.5 matches glmnet (modelling "yes").
    @Test func binomialOffsetMatchesGlmnet() throws {
        let dir = try TempDirectory()
        let reference = try GlmnetPath.load("binomial_offset")
        let model = dir.file("model.json")
        let run = try ShrinkTool.run(["fit", Self.fixture("binomial_offset", "csv").path, "--target", "label",
                                      "--family", "binomial", "--offset", "off", "--alpha", "0.5",
                                      "--lambda", reference.lambdaOption, "--tolerance", "1e-12", "--output", model, "-q"], in: dir)
        #expect(run.status == 0, "\(run.stderr)")
        let document = try ModelDocument(contentsOf: model)
        #expect(document.classes == ["no", "yes"])
        #expect(document.offset == "off")
        Self.expectPath(document, matches: reference, tolerance: 1e-6)
    }

    /// Each point's intercept and coefficients within `tolerance` of glmnet's, relative to the
    /// largest of them in magnitude.
    static func expectPath(_ document: ModelDocument, matches reference: GlmnetPath, tolerance: Double) {
        #expect(document.path.count == reference.lambda.count)
        for (k, point) in document.path.enumerated() where k < reference.lambda.count {
            #expect(abs(point.lambda - reference.lambda[k]) <= 1e-15 * reference.lambda[k])
            let ours = [point.intercept] + point.coefficients
            let theirs = [reference.a0[k]] + reference.beta[k]
            let scale = theirs.map(abs).max() ?? 1
            let worst = zip(ours, theirs).map { abs($0 - $1) }.max() ?? 0
            #expect(worst <= tolerance * scale, "lambda \(k + 1): max difference \(worst) (scale \(scale))")
        }
    }

    /// `shrink cv --offset`: fold fits and held-out predictions use the rows' offsets; cvm and
    /// cvsd match cv.glmnet on the same folds and lambdas.
    @Test func cvOffsetMatchesCvGlmnet() throws {
        let dir = try TempDirectory()
        let reference = try GlmnetPath.load("poisson_exposure")
        let run = try ShrinkTool.run(["cv", Self.fixture("poisson_exposure", "csv").path, "--target", "count",
                                      "--family", "poisson", "--offset", "log_exposure", "--exclude", "exposure",
                                      "--foldid", "fold", "--lambda", reference.lambdaOption, "--tolerance", "1e-12",
                                      "--json", "-q"], in: dir)
        #expect(run.status == 0, "\(run.stderr)")
        let json = try #require(try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any])
        let cvm = try #require(json["cvm"] as? [Double]), cvsd = try #require(json["cvsd"] as? [Double])
        let expectedCVM = try #require(reference.cvm), expectedSD = try #require(reference.cvsd)
        #expect(cvm.count == expectedCVM.count)
        for (a, b) in zip(cvm, expectedCVM) { #expect(abs(a - b) <= 1e-6 * abs(b)) }
        for (a, b) in zip(cvsd, expectedSD) { #expect(abs(a - b) <= 1e-6 * abs(b)) }
        let model = try #require(json["model"] as? [String: Any])
        #expect(model["offset"] as? String == "log_exposure")
    }

    /// `shrink cv --foldid` reads the fold ids from the parsed table, so standard input works and
    /// gives the same curve as the file; `--json` reports the in-process time.
    @Test func cvFoldIDsFromStandardInput() throws {
        let dir = try TempDirectory()
        let path = try Self.fixture("poisson_exposure", "csv").path
        let common = ["--target", "count", "--family", "poisson", "--offset", "log_exposure", "--exclude", "exposure",
                      "--foldid", "fold", "--json", "-q"]
        let file = try ShrinkTool.run(["cv", path] + common, in: dir)
        let piped = try ShrinkTool.run(["cv", "-"] + common, in: dir, stdin: try String(contentsOfFile: path, encoding: .utf8))
        #expect(file.status == 0 && piped.status == 0, "\(file.stderr) \(piped.stderr)")
        let a = try #require(try JSONSerialization.jsonObject(with: Data(file.stdout.utf8)) as? [String: Any])
        let b = try #require(try JSONSerialization.jsonObject(with: Data(piped.stdout.utf8)) as? [String: Any])
        let cvmA = a["cvm"] as? [Double], cvmB = b["cvm"] as? [Double]
        #expect(cvmA != nil && cvmA == cvmB)
        #expect(a["indexMin"] as? Int == b["indexMin"] as? Int)
        let seconds = try #require(a["cvSeconds"] as? Double)
        #expect(seconds > 0)
    }

    /// `shrink compare` honours --family (text labels) and --offset; its saved model records both.
    @Test func compareWithLabelsAndOffset() throws {
        let dir = try TempDirectory()
        let model = dir.file("model.json")
        let run = try ShrinkTool.run(["compare", Self.fixture("binomial_offset", "csv").path, "--target", "label",
                                      "--family", "binomial", "--offset", "off", "--folds", "3", "--subsamples", "4",
                                      "--alpha-grid", "0.5", "--output", model, "-q"], in: dir)
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.contains("(deviance, 3 folds"), "binomial measures: \(run.stdout)")
        let document = try ModelDocument(contentsOf: model)
        #expect(document.family == "binomial")
        #expect(document.classes == ["no", "yes"])
        #expect(document.offset == "off")
        #expect(document.features == ["x1", "x2", "x3", "x4"])
    }

    /// A gaussian fit with an offset gives the library's fit with the same offset.
    @Test func gaussianOffsetMatchesLibrary() throws {
        let dir = try TempDirectory()
        let data = try Self.fixture("poisson_exposure", "csv").path
        let model = dir.file("model.json")
        let run = try ShrinkTool.run(["fit", data, "--target", "count", "--offset", "log_exposure",
                                      "--features", "x1,x2,x3,x4,x5", "--nlambda", "20", "--output", model, "-q"], in: dir)
        #expect(run.status == 0, "\(run.stderr)")
        let document = try ModelDocument(contentsOf: model)
        let table = try CSVReader().read(path: data)
        let modelData = try ModelData(table: table, target: "count", features: ["x1", "x2", "x3", "x4", "x5"])
        var options = ElasticNetOptions()
        options.lambdaCount = 20
        let offsetColumn = try #require(table.columnIndex(named: "log_exposure"))
        options.offset = try table.numericColumn(offsetColumn)
        let path = try ElasticNet.fit(x: modelData.design, y: modelData.y, options: options)
        #expect(document.path.count == path.points.count)
        for (ours, library) in zip(document.path, path.points) {
            #expect(ours.lambda == library.lambda)
            #expect(abs(ours.intercept - library.intercept) <= 1e-12 * max(1, abs(library.intercept)))
            for (a, b) in zip(ours.coefficients, library.coefficients.dense) { #expect(abs(a - b) <= 1e-12 * max(1, abs(b))) }
        }
        // Without the offset the fit differs (the offset is used).
        let plain = try ElasticNet.fit(x: modelData.design, y: modelData.y, options: ElasticNetOptions())
        #expect(plain.points.last!.intercept != path.points.last!.intercept)
    }

    /// `predict` adds the offset column to the link before the inverse link; a missing offset
    /// column is an error unless `--offset` names another one.
    @Test func predictWithOffset() throws {
        let dir = try TempDirectory()
        let data = try Self.fixture("poisson_exposure", "csv").path
        let model = dir.file("model.json")
        let fit = try ShrinkTool.run(["fit", data, "--target", "count", "--family", "poisson", "--offset", "log_exposure",
                                      "--exclude", "exposure,fold", "--nlambda", "10", "--output", model, "-q"], in: dir)
        #expect(fit.status == 0, "\(fit.stderr)")
        let document = try ModelDocument(contentsOf: model)
        let table = try CSVReader().read(path: data)
        let lambda = document.path[5].lambda
        let (a0, b) = document.coefficients(at: lambda)
        let indices = try (1...5).map { try #require(table.columnIndex(named: "x\($0)")) }
        let columns = try indices.map { try table.numericColumn($0) }
        let offsetColumn = try #require(table.columnIndex(named: "log_exposure"))
        let offsets = try table.numericColumn(offsetColumn)
        let link = try ShrinkTool.run(["predict", model, data, "--lambda", "\(lambda)"], in: dir)
        let mean = try ShrinkTool.run(["predict", model, data, "--lambda", "\(lambda)", "--type", "response"], in: dir)
        #expect(link.status == 0 && mean.status == 0, "\(link.stderr)\(mean.stderr)")
        #expect(!link.stderr.contains("log_exposure"), "the offset column is used, not ignored: \(link.stderr)")
        let eta = Self.column(link.stdout).compactMap(Double.init)
        let mu = Self.column(mean.stdout).compactMap(Double.init)
        #expect(eta.count == table.rowCount && mu.count == table.rowCount)
        for i in eta.indices {
            let expected = a0 + (0..<5).reduce(0) { $0 + b[$1] * columns[$1][i] } + offsets[i]
            #expect(abs(eta[i] - expected) <= 1e-12 * max(1, abs(expected)))
            #expect(abs(mu[i] - exp(expected)) <= 1e-12 * exp(expected))
        }
        let inspect = try ShrinkTool.run(["inspect", model], in: dir)
        #expect(inspect.stdout.contains("Offset:     column \"log_exposure\""), "\(inspect.stdout)")
        // The new data names the column differently.
        let text = try String(contentsOfFile: data, encoding: .utf8)
        let renamed = try dir.write("renamed.csv", text.replacingOccurrences(of: "log_exposure", with: "log_t"))
        let missing = try ShrinkTool.run(["predict", model, renamed, "--lambda", "\(lambda)"], in: dir)
        #expect(missing.status == 2)
        #expect(missing.stderr.contains("renamed.csv: the model was fitted with the offset column \"log_exposure\""), "\(missing.stderr)")
        #expect(missing.stderr.contains("--offset COLUMN"))
        let named = try ShrinkTool.run(["predict", model, renamed, "--lambda", "\(lambda)", "--offset", "log_t"], in: dir)
        #expect(named.status == 0, "\(named.stderr)")
        #expect(named.stdout == link.stdout)
        // A missing offset cell is located.
        var lines = text.split(separator: "\n").map(String.init)
        var cells = lines[4].split(separator: ",", omittingEmptySubsequences: false).map(String.init)
        cells[6] = "NA"
        lines[4] = cells.joined(separator: ",")
        let gap = try dir.write("gap.csv", lines.joined(separator: "\n") + "\n")
        let gapRun = try ShrinkTool.run(["predict", model, gap], in: dir)
        #expect(gapRun.status == 2)
        #expect(gapRun.stderr.contains("gap.csv:5:7 (column \"log_exposure\")"), "\(gapRun.stderr)")
        // A model without an offset refuses --offset.
        let plainModel = dir.file("plain.json")
        _ = try ShrinkTool.run(["fit", data, "--target", "count", "--family", "poisson", "--features", "x1,x2",
                                "--nlambda", "3", "--output", plainModel, "-q"], in: dir)
        let refused = try ShrinkTool.run(["predict", plainModel, data, "--offset", "log_exposure"], in: dir)
        #expect(refused.status == 2)
        #expect(refused.stderr.contains("was fitted without an offset"), "\(refused.stderr)")
    }
}
