import Foundation
import Testing
import Shrink
import ShrinkIO

/// Multinomial models through every subcommand that reads them (path, inspect, predict) and
/// per-class offsets (`--offset C1,...,CK`) against R glmnet with an n x K offset matrix
/// (scripts/make_multinomial_offset_fixtures.R, thresh = 1e-14).
@Suite("Multinomial models and per-class offsets on the command line")
struct MultinomialCLITests {
    let wine = packageRoot.appendingPathComponent("Examples/wine.csv").path
    /// The offset columns in the classes' order (barbera, barolo, grignolino); the file holds
    /// them in another order.
    static let offsetOption = "off_barbera,off_barolo,off_grignolino"

    /// A fixture file of `Fixtures/multinomial_offset`.
    static func fixture(_ name: String, _ ext: String) throws -> URL {
        try #require(Bundle.module.url(forResource: name, withExtension: ext, subdirectory: "Fixtures/multinomial_offset"))
    }

    /// A glmnet multinomial path with offsets: per lambda K intercepts and K coefficient vectors.
    struct Reference: Decodable {
        let classes: [String]
        let alpha: Double
        let grouped: Bool
        let lambda: [Double]
        let a0: [[Double]]
        let beta: [[[Double]]]
        let df: [Int]
        let devRatio: [Double]
        let predictLambdaIndex: Int
        let predictResponse: [[Double]]

        static func load(_ name: String) throws -> Reference {
            try JSONDecoder().decode(Reference.self, from: Data(contentsOf: fixture(name, "json")))
        }

        /// `--lambda` with these lambdas (shortest round-trip text).
        var lambdaOption: String { lambda.map(\.description).joined(separator: ",") }
    }

    /// Fits the fixture data with the reference's settings and lambdas through the CLI.
    static func fitLikeReference(_ reference: Reference, _ dir: TempDirectory, model: String) throws -> ShrinkTool.Run {
        try ShrinkTool.run(["fit", fixture("wine_offsets", "csv").path, "--target", "cultivar", "--family", "multinomial",
                            "--multinomial-penalty", reference.grouped ? "grouped" : "ungrouped",
                            "--alpha", reference.alpha.description, "--offset", offsetOption,
                            "--lambda", reference.lambdaOption, "--tolerance", "1e-12", "--output", model, "-q"], in: dir)
    }

    /// The fixture data as the fit sees it: design, class indices and offsets in class order.
    static func fixtureData() throws -> (data: ModelData, labels: ClassLabels, offsets: [[Double]]) {
        let table = try CSVReader().read(path: fixture("wine_offsets", "csv").path)
        let data = try ModelData(table: table, target: "cultivar",
                                 offsets: ModelData.offsetColumns(offsetOption, in: table), categoricalTarget: true)
        return (data, data.classLabels(), try #require(data.classOffsets))
    }

    /// The path with an n x K offset matrix matches glmnet's at its lambdas (intercepts and
    /// coefficients within 1e-6 of the point's largest magnitude while the deviance ratio is
    /// below 0.98, 2e-5 beyond; deviance ratios within 5e-8), its objective is never above
    /// glmnet's by more than 1e-10 (relative) and glmnet's is within 1e-7 of it, and the KKT
    /// conditions hold at every point (standardized scale, 1e-6).
    @Test(arguments: ["ungrouped", "grouped_enet"])
    func offsetPathMatchesGlmnet(name: String) throws {
        let dir = try TempDirectory()
        let reference = try Reference.load(name)
        let model = dir.file("model.json")
        let run = try Self.fitLikeReference(reference, dir, model: model)
        #expect(run.status == 0, "\(run.stderr)")
        let document = try ModelDocument(contentsOf: model)
        #expect(document.classes == reference.classes)
        #expect(document.offsets == ["off_barbera", "off_barolo", "off_grignolino"])
        #expect(document.offset == nil)
        #expect(!document.features.contains { $0.hasPrefix("off_") } && document.features.count == 13)
        #expect(document.path.count == reference.lambda.count)
        let (data, labels, offsets) = try Self.fixtureData()
        var options = ElasticNetOptions(alpha: reference.alpha)
        options.lambdas = reference.lambda
        for (k, point) in document.path.enumerated() where k < reference.lambda.count {
            #expect(point.lambda == reference.lambda[k])
            let a0 = try #require(point.classIntercepts), b = try #require(point.classCoefficients)
            let ours = a0 + b.flatMap { $0 }
            let theirs = reference.a0[k] + reference.beta[k].flatMap { $0 }
            let scale = theirs.map(abs).max() ?? 1
            let worst = zip(ours, theirs).map { abs($0 - $1) }.max() ?? 0
            // Near separation (deviance ratio above 0.98) the problem is ill-conditioned and
            // glmnet's coefficients are accurate only to about 1e-5 relative (measured: up to 1.2e-5
            // at the last points, while our objective is the lower one and our KKT certificate tighter).
            let tolerance = reference.devRatio[k] < 0.98 ? 1e-6 : 2e-5
            #expect(worst <= tolerance * scale, "\(name) lambda \(k + 1): max difference \(worst) (scale \(scale))")
            #expect(abs(point.devRatio - reference.devRatio[k]) <= 5e-8, "\(name) lambda \(k + 1) devRatio")
            #expect(point.df == reference.df[k])
            let objective = { (a: [Double], c: [[Double]]) in
                try Multinomial.objective(x: data.design, y: labels.indices, classCount: 3, options: options,
                                          grouped: reference.grouped, offsets: offsets, lambda: reference.lambda[k],
                                          intercepts: a, coefficients: c)
            }
            let mine = try objective(a0, b), glmnet = try objective(reference.a0[k], reference.beta[k])
            #expect(mine <= glmnet * (1 + 1e-10), "\(name) lambda \(k + 1): objective \(mine) above glmnet's \(glmnet)")
            #expect(glmnet - mine <= 1e-7 * mine, "\(name) lambda \(k + 1): glmnet \(glmnet), Shrink \(mine)")
            let violation = Self.kktViolation(data.x, labels.indices, offsets, a0, b, lambda: reference.lambda[k],
                                              alpha: reference.alpha, grouped: reference.grouped)
            #expect(violation <= 1e-6, "\(name) lambda \(k + 1): KKT violation \(violation)")
        }
        // Without the offsets the path differs (the offsets are used).
        let plain = try ShrinkTool.run(["fit", Self.fixture("wine_offsets", "csv").path, "--target", "cultivar",
                                        "--family", "multinomial", "--exclude", "off_barbera,off_barolo,off_grignolino",
                                        "--lambda", reference.lambdaOption, "--json", "-q"], in: dir)
        #expect(plain.status == 0, "\(plain.stderr)")
        let plainModel = try ModelDocument(json: Array(plain.stdout.utf8), source: "stdout")
        #expect(plainModel.path[1].classIntercepts != document.path[1].classIntercepts)
    }

    /// The largest KKT violation of the multinomial objective (weights 1/n, standardized scale):
    /// intercept gradients, and per coefficient (ungrouped) or per feature's K coefficients
    /// (grouped) the subgradient condition of the elastic-net penalty.
    static func kktViolation(_ x: DenseMatrix, _ y: [Int], _ offsets: [[Double]], _ a0: [Double], _ b: [[Double]],
                             lambda: Double, alpha: Double, grouped: Bool) -> Double {
        let n = x.rowCount, p = x.columnCount, K = a0.count
        var prob = [[Double]](repeating: [Double](repeating: 0, count: K), count: n)
        for i in 0..<n {
            let eta = (0..<K).map { k in a0[k] + offsets[k][i] + (0..<p).reduce(0) { $0 + x[i, $1] * b[k][$1] } }
            let m = eta.max()!
            let e = eta.map { Foundation.exp($0 - m) }
            let total = e.reduce(0, +)
            prob[i] = e.map { $0 / total }
        }
        let w = 1 / Double(n)
        var worst = 0.0
        for k in 0..<K {
            worst = max(worst, abs((0..<n).reduce(0) { $0 + w * (prob[$1][k] - (y[$1] == k ? 1 : 0)) }))
        }
        for j in 0..<p {
            let mean = (0..<n).reduce(0) { $0 + x[$1, j] } / Double(n)
            let sd = ((0..<n).reduce(0) { $0 + (x[$1, j] - mean) * (x[$1, j] - mean) } / Double(n)).squareRoot()
            // Gradient of the loss with respect to the standardized coefficients s_j b_kj.
            let g = (0..<K).map { k in (0..<n).reduce(0) { $0 + w * x[$1, j] * (prob[$1][k] - (y[$1] == k ? 1 : 0)) } / sd }
            let c = (0..<K).map { b[$0][j] * sd }
            if grouped {
                let norm = c.reduce(0) { $0 + $1 * $1 }.squareRoot()
                if norm == 0 {
                    worst = max(worst, g.reduce(0) { $0 + $1 * $1 }.squareRoot() - lambda * alpha)
                } else {
                    let r = (0..<K).map { g[$0] + lambda * (1 - alpha) * c[$0] + lambda * alpha * c[$0] / norm }
                    worst = max(worst, r.reduce(0) { $0 + $1 * $1 }.squareRoot())
                }
            } else {
                for k in 0..<K {
                    if c[k] == 0 {
                        worst = max(worst, abs(g[k]) - lambda * alpha)
                    } else {
                        worst = max(worst, abs(g[k] + lambda * (1 - alpha) * c[k] + lambda * alpha * (c[k] > 0 ? 1 : -1)))
                    }
                }
            }
        }
        return worst
    }

    /// `predict` adds each class's offset column to its linear predictor: probabilities match
    /// glmnet's predict(newoffset =) within 1e-6, links are intercept + x'b + offset; the columns
    /// can be renamed with `--offset C1,...,CK`; wrong counts, absent or bad cells are errors.
    @Test func predictWithOffsets() throws {
        let dir = try TempDirectory()
        let reference = try Reference.load("ungrouped")
        let model = dir.file("model.json")
        let data = try Self.fixture("wine_offsets", "csv").path
        let fit = try Self.fitLikeReference(reference, dir, model: model)
        #expect(fit.status == 0, "\(fit.stderr)")
        let lambda = reference.lambda[reference.predictLambdaIndex - 1]
        let response = try ShrinkTool.run(["predict", model, data, "--lambda", lambda.description, "--type", "response"], in: dir)
        #expect(response.status == 0, "\(response.stderr)")
        #expect(!response.stderr.contains("off_"), "the offset columns are used, not ignored: \(response.stderr)")
        let lines = response.stdout.split(separator: "\n")
        #expect(lines.first == "barbera,barolo,grignolino")
        let probabilities = lines.dropFirst().map { $0.split(separator: ",").compactMap { Double($0) } }
        #expect(probabilities.count == reference.predictResponse.count)
        for (ours, theirs) in zip(probabilities, reference.predictResponse) {
            #expect(ours.count == 3)
            for (a, b) in zip(ours, theirs) { #expect(abs(a - b) <= 1e-6, "\(ours) vs glmnet \(theirs)") }
        }
        // Links: intercept + x'b + the class's offset.
        let document = try ModelDocument(contentsOf: model)
        let (a0, b) = document.classCoefficients(at: lambda)
        let (modelData, _, offsets) = try Self.fixtureData()
        let link = try ShrinkTool.run(["predict", model, data, "--lambda", lambda.description], in: dir)
        let eta = link.stdout.split(separator: "\n").dropFirst().map { $0.split(separator: ",").compactMap { Double($0) } }
        let x = modelData.x
        #expect(eta.count == x.rowCount)
        for i in eta.indices {
            for k in 0..<3 {
                let expected = a0[k] + (0..<x.columnCount).reduce(0) { $0 + x[i, $1] * b[k][$1] } + offsets[k][i]
                #expect(abs(eta[i][k] - expected) <= 1e-12 * max(1, abs(expected)))
            }
        }
        // Renamed columns: an error naming the model's columns, unless --offset names the new ones.
        let text = try String(contentsOfFile: data, encoding: .utf8)
        let renamed = try dir.write("renamed.csv", text.replacingOccurrences(of: "off_barolo", with: "prior_barolo"))
        let absent = try ShrinkTool.run(["predict", model, renamed, "--lambda", lambda.description], in: dir)
        #expect(absent.status == 2)
        #expect(absent.stderr.contains("renamed.csv: the model was fitted with the offset columns \"off_barbera\", \"off_barolo\", \"off_grignolino\""), "\(absent.stderr)")
        #expect(absent.stderr.contains("\"off_barolo\"; name the columns of offsets with --offset C1,...,C3 in class order"), "\(absent.stderr)")
        let named = try ShrinkTool.run(["predict", model, renamed, "--lambda", lambda.description,
                                        "--offset", "off_barbera,prior_barolo,off_grignolino"], in: dir)
        #expect(named.status == 0, "\(named.stderr)")
        #expect(named.stdout == link.stdout)
        let short = try ShrinkTool.run(["predict", model, data, "--offset", "off_barbera,off_barolo"], in: dir)
        #expect(short.status == 2)
        #expect(short.stderr.contains("--offset: the model has one offset column per class (\"barbera\", \"barolo\", \"grignolino\"); give 3 columns"), "\(short.stderr)")
        // A bad offset cell is located (file:line:column).
        var rows = text.split(separator: "\n").map(String.init)
        var cells = rows[3].split(separator: ",", omittingEmptySubsequences: false).map(String.init)
        let column = try #require(rows[0].split(separator: ",").firstIndex(of: "off_barolo"))
        cells[column] = "oops"
        rows[3] = cells.joined(separator: ",")
        let bad = try dir.write("bad.csv", rows.joined(separator: "\n") + "\n")
        let badRun = try ShrinkTool.run(["predict", model, bad], in: dir)
        #expect(badRun.status == 2)
        #expect(badRun.stderr.contains("bad.csv:4:\(column + 1) (column \"off_barolo\")"), "\(badRun.stderr)")
        // A multinomial model with a single "offset" (edited by hand) is refused.
        let edited = try String(contentsOfFile: model, encoding: .utf8)
            .replacingOccurrences(of: "\"offsets\": [", with: "\"offset\": \"off_barolo\", \"offsets\": [")
        let single = try ShrinkTool.run(["predict", dir.write("single.json", edited), data], in: dir)
        #expect(single.status == 2 && single.stderr.contains("records one offset column \"off_barolo\""), "\(single.stderr)")
        // A model without offsets refuses --offset.
        let plainModel = dir.file("plain.json")
        _ = try ShrinkTool.run(["fit", wine, "--target", "y", "--family", "multinomial", "--nlambda", "3",
                                "--output", plainModel, "-q"], in: dir)
        let refused = try ShrinkTool.run(["predict", plainModel, wine, "--offset", "alcohol,ash,hue"], in: dir)
        #expect(refused.status == 2 && refused.stderr.contains("was fitted without an offset"), "\(refused.stderr)")
    }

    /// Offsets that do not fit the family or the data are usage errors (status 2) that say what
    /// is expected; a missing offset is dropped with --drop-missing and located without it.
    @Test func offsetErrors() throws {
        let dir = try TempDirectory()
        let data = try Self.fixture("wine_offsets", "csv").path
        func fit(_ extra: [String]) throws -> ShrinkTool.Run {
            try ShrinkTool.run(["fit", data, "--target", "cultivar", "--nlambda", "3", "-q"] + extra, in: dir)
        }
        let one = try fit(["--family", "multinomial", "--offset", "off_barolo"])
        #expect(one.status == 2)
        #expect(one.stderr.contains("--family multinomial needs one offset column per class: --offset C1,...,C3 for the classes \"barbera\", \"barolo\", \"grignolino\", in that order; got 1 (\"off_barolo\")"), "\(one.stderr)")
        let two = try fit(["--family", "multinomial", "--offset", "off_barolo,off_barbera"])
        #expect(two.status == 2 && two.stderr.contains("got 2 (\"off_barolo\", \"off_barbera\")"), "\(two.stderr)")
        let unknown = try fit(["--family", "multinomial", "--offset", "off_barbera,off_barolo,off_nebbiolo"])
        #expect(unknown.status == 2 && unknown.stderr.contains("off_nebbiolo"), "\(unknown.stderr)")
        let twice = try fit(["--family", "multinomial", "--offset", "off_barbera,off_barolo,off_barolo"])
        #expect(twice.status == 2 && twice.stderr.contains("the offset column \"off_barolo\" is given twice"), "\(twice.stderr)")
        let feature = try fit(["--family", "multinomial", "--offset", Self.offsetOption, "--features", "alcohol,off_barolo"])
        #expect(feature.status == 2 && feature.stderr.contains("column \"off_barolo\" is an offset column; it cannot also be a feature"), "\(feature.stderr)")
        let gaussian = try ShrinkTool.run(["fit", data, "--target", "alcohol", "--features", "ash,hue",
                                           "--offset", Self.offsetOption, "-q"], in: dir)
        #expect(gaussian.status == 2 && gaussian.stderr.contains("--offset takes one column for --family gaussian, got 3"), "\(gaussian.stderr)")
        // Cross-validation takes the per-class offsets (each fold fits and predicts with its rows'),
        // refuses a wrong count like fit, and the model records them.
        let cv = try ShrinkTool.run(["cv", data, "--target", "cultivar", "--family", "multinomial",
                                     "--offset", Self.offsetOption, "--nlambda", "8", "--folds", "3", "--json", "-q"], in: dir)
        #expect(cv.status == 0, "\(cv.stderr)")
        #expect(cv.stdout.contains("\"offsets\": [\"off_barbera\", \"off_barolo\", \"off_grignolino\"]"), "\(cv.stdout.prefix(400))")
        let cvOne = try ShrinkTool.run(["cv", data, "--target", "cultivar", "--family", "multinomial",
                                        "--offset", "off_barolo", "--nlambda", "3", "-q"], in: dir)
        #expect(cvOne.status == 2 && cvOne.stderr.contains("needs one offset column per class"), "\(cvOne.stderr)")
        // A missing offset cell.
        let text = try String(contentsOfFile: data, encoding: .utf8)
        var rows = text.split(separator: "\n").map(String.init)
        var cells = rows[6].split(separator: ",", omittingEmptySubsequences: false).map(String.init)
        let column = try #require(rows[0].split(separator: ",").firstIndex(of: "off_grignolino"))
        cells[column] = "NA"
        rows[6] = cells.joined(separator: ",")
        let gap = try dir.write("gap.csv", rows.joined(separator: "\n") + "\n")
        let located = try ShrinkTool.run(["fit", gap, "--target", "cultivar", "--family", "multinomial",
                                          "--offset", Self.offsetOption, "--nlambda", "3", "-q"], in: dir)
        #expect(located.status == 2)
        #expect(located.stderr.contains("gap.csv:7:\(column + 1) (column \"off_grignolino\")"), "\(located.stderr)")
        let model = dir.file("dropped.json")
        let dropped = try ShrinkTool.run(["fit", gap, "--target", "cultivar", "--family", "multinomial",
                                          "--offset", Self.offsetOption, "--nlambda", "3", "--drop-missing",
                                          "--output", model, "-q"], in: dir)
        #expect(dropped.status == 0, "\(dropped.stderr)")
        let document = try ModelDocument(contentsOf: model)
        #expect(document.rows == 177 && document.training?.droppedRows == 1)
    }

    /// `shrink path` of a multinomial model: Df (features non-zero in any class) and one column
    /// of non-zeros per class, as the model's coefficients say; --plot draws one panel per class.
    @Test func pathTableAndPlot() throws {
        let dir = try TempDirectory()
        let model = dir.file("model.json")
        let fit = try ShrinkTool.run(["fit", wine, "--target", "y", "--family", "multinomial", "--nlambda", "12",
                                      "--output", model, "-q"], in: dir)
        #expect(fit.status == 0, "\(fit.stderr)")
        let document = try ModelDocument(contentsOf: model)
        let plot = dir.file("path.svg")
        let run = try ShrinkTool.run(["path", model, "--plot", plot], in: dir)
        #expect(run.status == 0, "\(run.stderr)")
        let lines = run.stdout.split(separator: "\n").map(String.init)
        let header = try #require(lines.first { $0.contains("%Dev") })
        #expect(header.split(separator: " ") == ["Df", "0", "1", "2", "%Dev", "Lambda"])
        let rows = lines.filter { $0.first == " " && !$0.contains("%Dev") }.map { $0.split(separator: " ").map(String.init) }
        #expect(rows.count == document.path.count)
        for (row, point) in zip(rows, document.path) {
            let b = try #require(point.classCoefficients)
            let union = (0..<document.features.count).filter { j in b.contains { $0[j] != 0 } }.count
            #expect(row[1] == String(union) && row[1] == String(point.df))
            #expect(Array(row[2...4]) == b.map { String($0.filter { $0 != 0 }.count) })
            #expect(row[5] == Self.percent(point.devRatio))
        }
        #expect(rows.contains { Int($0[1])! > 0 })
        let svg = try String(contentsOfFile: plot, encoding: .utf8)
        #expect(svg.components(separatedBy: "<svg ").count - 1 == 4, "an outer SVG and three panels")
        for label in ["Class 0:", "Class 1:", "Class 2:"] { #expect(svg.contains(label)) }
        #expect(svg.contains("height=\"1200\""))
    }

    /// `shrink inspect` of a multinomial model lists the intercepts and the non-zero coefficients
    /// of every class at the chosen lambda (as ``ModelDocument/classCoefficients(at:)``, "." for
    /// zero) and the non-zeros per class.
    @Test func inspectListsEveryClass() throws {
        let dir = try TempDirectory()
        let model = dir.file("model.json")
        let fit = try ShrinkTool.run(["fit", wine, "--target", "y", "--family", "multinomial", "--nlambda", "12",
                                      "--output", model, "-q"], in: dir)
        #expect(fit.status == 0, "\(fit.stderr)")
        let document = try ModelDocument(contentsOf: model)
        for lambda in [document.path[3].lambda, 0.5 * (document.path[5].lambda + document.path[6].lambda)] {
            let run = try ShrinkTool.run(["inspect", model, "--lambda", lambda.description], in: dir)
            #expect(run.status == 0, "\(run.stderr)")
            let (a0, b) = document.classCoefficients(at: lambda)
            let nonzero = (0..<document.features.count).filter { j in b.contains { $0[j] != 0 } }
            let counts = b.map { $0.filter { $0 != 0 }.count }
            #expect(run.stdout.contains("Non-zero features: \(nonzero.count) of 13 (non-zero coefficients per class: \"0\" \(counts[0]), \"1\" \(counts[1]), \"2\" \(counts[2]))"), "\(run.stdout)")
            #expect(!run.stdout.contains("Intercept:  0.0"))
            let lines = run.stdout.split(separator: "\n").map(String.init)
            let intercept = try #require(lines.first { $0.hasPrefix("  (Intercept)") }).split(separator: " ").dropFirst()
            #expect(intercept.compactMap { Double($0) } == a0)
            for j in nonzero {
                let name = document.features[j]
                let row = try #require(lines.first { $0.hasPrefix("  \(name) ") })
                let cells = row.dropFirst(2 + name.count).split(separator: " ").map(String.init)
                #expect(cells == b.map { $0[j] == 0 ? "." : $0[j].description }, "\(row)")
            }
            let listed = lines.drop { !$0.hasPrefix("  (Intercept)") }.count - 1
            #expect(listed == nonzero.count)
        }
    }

    /// 100 * ratio with 2 decimals, as the path table prints %Dev.
    static func percent(_ ratio: Double) -> String {
        let text = String(format: "%.2f", 100 * ratio)
        return text == "-0.00" ? "0.00" : text
    }

    /// Every subcommand with a multinomial model or target: the ones that do not apply say so.
    @Test func subcommandsThatDoNotApply() throws {
        let dir = try TempDirectory()
        let compare = try ShrinkTool.run(["compare", wine, "--target", "y", "--family", "multinomial", "-q"], in: dir)
        #expect(compare.status == 2)
        #expect(compare.stderr.contains("shrink compare supports --family gaussian, binomial and poisson"), "\(compare.stderr)")
        let ridge = try ShrinkTool.run(["ridge", wine, "--target", "y", "--family", "multinomial", "-q"], in: dir)
        #expect(ridge.status == 2 && ridge.stderr.contains("--family"), "\(ridge.stderr)")
    }
}
