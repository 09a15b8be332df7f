import Foundation
import Testing
@testable import ShrinkIO

/// Runs the built `shrink` executable.
enum ShrinkTool {
    /// The result of one run.
    struct Run {
        let status: Int32
        let stdout: String
        let stderr: String
    }

    /// The executable: next to the test bundle (same build directory), else in `.build/debug`.
    static let binary: URL? = {
        var candidates: [URL] = []
        var bundle = Bundle.main.bundleURL
        for _ in 0..<3 {  // the bundle itself, or its executable inside `Contents/MacOS`
            candidates.append(bundle.appendingPathComponent("shrink"))
            bundle = bundle.deletingLastPathComponent()
        }
        if let argument = CommandLine.arguments.first {
            candidates.append(URL(fileURLWithPath: argument).deletingLastPathComponent().appendingPathComponent("shrink"))
        }
        candidates.append(packageRoot.appendingPathComponent(".build/debug/shrink"))
        return candidates.first { FileManager.default.isExecutableFile(atPath: $0.path) }
    }()

    /// Runs `shrink` with `arguments`, capturing its output in files (no pipe deadlocks).
    static func run(_ arguments: [String], in dir: TempDirectory, stdin: String? = nil) throws -> Run {
        let binary = try #require(binary, "the shrink executable was not found next to the test bundle")
        let process = Process()
        process.executableURL = binary
        process.arguments = arguments
        let out = dir.file("stdout-\(UUID().uuidString)"), err = dir.file("stderr-\(UUID().uuidString)")
        _ = FileManager.default.createFile(atPath: out, contents: nil)
        _ = FileManager.default.createFile(atPath: err, contents: nil)
        process.standardOutput = try FileHandle(forWritingTo: URL(fileURLWithPath: out))
        process.standardError = try FileHandle(forWritingTo: URL(fileURLWithPath: err))
        if let stdin {
            let input = try dir.write("stdin-\(UUID().uuidString)", stdin)
            process.standardInput = try FileHandle(forReadingFrom: URL(fileURLWithPath: input))
        }
        try process.run()
        process.waitUntilExit()
        defer {
            try? FileManager.default.removeItem(atPath: out)
            try? FileManager.default.removeItem(atPath: err)
        }
        return Run(status: process.terminationStatus,
                   stdout: try String(contentsOfFile: out, encoding: .utf8),
                   stderr: try String(contentsOfFile: err, encoding: .utf8))
    }
}

/// End-to-end runs of the `shrink` executable on Examples/diabetes.csv.
@Suite(.serialized) struct EndToEndTests {
    let diabetes = packageRoot.appendingPathComponent("Examples/diabetes.csv").path

    /// Ordinary least squares with an intercept by the normal equations (Gaussian elimination
    /// with partial pivoting); returns [intercept, b1, ..., bp].
    static func leastSquares(_ table: DataTable, target: String) throws -> [Double] {
        let data = try ModelData(table: table, target: target)
        let n = data.x.rowCount, k = data.x.columnCount + 1
        func column(_ j: Int) -> [Double] { j == 0 ? Array(repeating: 1, count: n) : Array(data.x.column(j - 1)) }
        let columns = (0..<k).map(column)
        var a = (0..<k).map { i in (0..<k).map { j in zip(columns[i], columns[j]).reduce(0) { $0 + $1.0 * $1.1 } } }
        var b = (0..<k).map { i in zip(columns[i], data.y).reduce(0) { $0 + $1.0 * $1.1 } }
        for c in 0..<k {
            let pivot = (c..<k).max { abs(a[$0][c]) < abs(a[$1][c]) }!
            a.swapAt(c, pivot)
            b.swapAt(c, pivot)
            for r in (c + 1)..<k {
                let f = a[r][c] / a[c][c]
                for j in c..<k { a[r][j] -= f * a[c][j] }
                b[r] -= f * b[c]
            }
        }
        var solution = [Double](repeating: 0, count: k)
        for r in stride(from: k - 1, through: 0, by: -1) {
            let rest = ((r + 1)..<k).reduce(0) { $0 + a[r][$1] * solution[$1] }
            solution[r] = (b[r] - rest) / a[r][r]
        }
        return solution
    }

    @Test func versionFlag() throws {
        let run = try ShrinkTool.run(["--version"], in: TempDirectory())
        #expect(run.status == 0)
        #expect(run.stdout == "shrink 0.1.0\n")
    }

    @Test func fitJSONStartsAtTheNullModel() throws {
        let dir = try TempDirectory()
        let run = try ShrinkTool.run(["fit", diabetes, "--target", "y", "--json"], in: dir)
        #expect(run.status == 0, "\(run.stderr)")
        let doc = try ModelDocument(json: Array(run.stdout.utf8), source: "stdout")
        #expect(doc.features == ["age", "sex", "bmi", "bp", "s1", "s2", "s3", "s4", "s5", "s6"])
        #expect(doc.rows == 442)
        #expect(doc.alpha == 1)
        let first = try #require(doc.path.first)
        #expect(first.coefficients.allSatisfy { $0 == 0 })
        #expect(first.df == 0)
        // The core reports 1 - rss/tss, which can round to -2.2e-16 instead of exactly 0.
        #expect(abs(first.devRatio) <= 1e-12)
        #expect(doc.path.count > 1)
    }

    @Test func lambdaZeroIsOrdinaryLeastSquares() throws {
        let dir = try TempDirectory()
        let run = try ShrinkTool.run(["fit", diabetes, "--target", "y", "--lambda", "0", "--json"], in: dir)
        #expect(run.status == 0, "\(run.stderr)")
        let doc = try ModelDocument(json: Array(run.stdout.utf8), source: "stdout")
        let point = try #require(doc.path.first)
        #expect(doc.path.count == 1)
        let ols = try Self.leastSquares(CSVReader().read(path: diabetes), target: "y")
        let fitted = [point.intercept] + point.coefficients
        for (got, want) in zip(fitted, ols) {
            #expect(abs(got - want) <= 1e-6 * abs(want), "got \(got), OLS \(want)")
        }
    }

    @Test func tableOutput() throws {
        let dir = try TempDirectory()
        let run = try ShrinkTool.run(["fit", diabetes, "--target", "y", "--alpha", "1"], in: dir)
        #expect(run.status == 0)
        let lines = run.stdout.split(separator: "\n", omittingEmptySubsequences: false)
        #expect(lines[0] == "Call: shrink fit \(diabetes) --target y --alpha 1")
        #expect(lines[2] == "     Df  %Dev   Lambda")
        #expect(lines[3] == "  1   0  0.00   45.160")
        #expect(lines.contains { $0.hasPrefix("Stop: ") })
    }

    @Test func saveThenPredictPathAndInspect() throws {
        let dir = try TempDirectory()
        let model = dir.file("model.json")
        let fit = try ShrinkTool.run(["fit", diabetes, "--target", "y", "--alpha", "0.5", "--output", model], in: dir)
        #expect(fit.status == 0, "\(fit.stderr)")
        let doc = try ModelDocument(contentsOf: model)

        let again = try ShrinkTool.run(["fit", diabetes, "--target", "y", "--output", model], in: dir)
        #expect(again.status == 2)
        #expect(again.stderr == "shrink: error: \(model): already exists; use --force to overwrite it\n")
        let forced = try ShrinkTool.run(["fit", diabetes, "--target", "y", "--output", model, "--force"], in: dir)
        #expect(forced.status == 0)
        #expect(try ModelDocument(contentsOf: model).alpha == 1)

        let predict = try ShrinkTool.run(["predict", model, diabetes], in: dir)
        #expect(predict.status == 0, "\(predict.stderr)")
        let lines = predict.stdout.split(separator: "\n")
        #expect(lines.first == "prediction")
        #expect(lines.count == 443)
        let saved = try ModelDocument(contentsOf: model)
        let x = try CSVReader().read(path: diabetes).matrix(columns: saved.features)
        let expected = try saved.predict(.dense(x), lambda: saved.lambdas.last!)
        #expect(lines.dropFirst().map { Double(String($0))! } == expected)
        _ = doc

        let path = try ShrinkTool.run(["path", model], in: dir)
        #expect(path.status == 0)
        #expect(path.stdout.contains("     Df  %Dev   Lambda"))
        let inspect = try ShrinkTool.run(["inspect", model, "--lambda", "1"], in: dir)
        #expect(inspect.status == 0)
        #expect(inspect.stdout.contains("Family:     gaussian"))
        #expect(inspect.stdout.contains("Rows:       442"))
    }

    @Test func predictNamesMissingColumns() throws {
        let dir = try TempDirectory()
        let model = dir.file("model.json")
        #expect(try ShrinkTool.run(["fit", diabetes, "--target", "y", "--output", model], in: dir).status == 0)
        let partial = try dir.write("partial.csv", "age,sex,bmi,bp,s1,s2,s3,s4,s6\n1,2,3,4,5,6,7,8,9\n")
        let run = try ShrinkTool.run(["predict", model, partial], in: dir)
        #expect(run.status == 2)
        #expect(run.stderr == "shrink: error: \(partial): missing column \"s5\"\n")
    }

    @Test func errorsAreOneLineWithExitStatus2() throws {
        let dir = try TempDirectory()
        let bad = try dir.write("bad.csv", "a,b,y\n1,2,3\n4,5,x\n7,8,9\n")
        let cases: [([String], String)] = [
            (["fit", diabetes, "--target", "nope"], "no target column named \"nope\""),
            (["fit", bad, "--target", "y"], "bad.csv:3:3 (column \"y\"): \"x\" is not a number"),
            (["fit", diabetes], "missing --target"),
            (["fit", diabetes, "--target", "y", "--alpha", "2"], "--alpha must be in [0, 1]"),
            (["fit", diabetes, "--target", "y", "--solver", "magic"], "--solver must be one of"),
            (["fit", diabetes, "--target", "y", "--penalty-factor", "zz=1"], "\"zz\" is not a feature"),
            (["fit", diabetes, "--target", "y", "--lambda", "1,abc"], "\"abc\" is not a finite"),
            (["fit", dir.file("none.csv"), "--target", "y"], "cannot open"),
            (["predict", diabetes, diabetes], "not valid JSON"),
            (["inspect", dir.file("none.json")], "cannot open"),
        ]
        for (arguments, message) in cases {
            let run = try ShrinkTool.run(arguments, in: dir)
            #expect(run.status == 2, "\(arguments)")
            #expect(run.stderr.hasPrefix("shrink: error: "), "\(arguments)")
            #expect(run.stderr.contains(message), "\(arguments): \(run.stderr)")
            #expect(run.stderr.split(separator: "\n").count == 1, "\(arguments): \(run.stderr)")
            #expect(run.stdout.isEmpty)
        }
    }

    @Test func optionsReachTheFit() throws {
        let dir = try TempDirectory()
        let run = try ShrinkTool.run(
            ["fit", diabetes, "--target", "#11", "--exclude", "age,sex", "--penalty-factor", "bmi=0",
             "--lower-limit", "-100", "--upper-limit", "50", "--nlambda", "20", "--sparse", "--json"], in: dir)
        #expect(run.status == 0, "\(run.stderr)")
        let doc = try ModelDocument(json: Array(run.stdout.utf8), source: "stdout")
        #expect(doc.features == ["bmi", "bp", "s1", "s2", "s3", "s4", "s5", "s6"])
        #expect(doc.solver == "naive")
        #expect(doc.path.first.map { $0.coefficients[0] != 0 } == true)  // bmi is unpenalized
        #expect(doc.path.allSatisfy { $0.coefficients.allSatisfy { $0 >= -100 && $0 <= 50 } })
        #expect(doc.path.count <= 20)
    }
}
