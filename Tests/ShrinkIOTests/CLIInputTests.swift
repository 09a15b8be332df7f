import Foundation
import Testing
@testable import ShrinkIO

/// End-to-end runs of `shrink` on data choices and on bad input: every bad input gives one
/// line naming the file (and the line/column or value), exit status 2, and no crash.
@Suite(.serialized) struct CLIInputTests {
    let diabetes = packageRoot.appendingPathComponent("Examples/diabetes.csv").path

    /// Runs `shrink` and expects a one-line error with status 2 that contains every `parts`.
    func expectError(_ arguments: [String], _ parts: [String], in dir: TempDirectory, stdin: String? = nil,
                     sourceLocation: SourceLocation = #_sourceLocation) throws {
        let run = try ShrinkTool.run(arguments, in: dir, stdin: stdin)
        #expect(run.status == 2, "\(arguments): \(run.stderr)", sourceLocation: sourceLocation)
        #expect(run.stderr.hasPrefix("shrink: error: "), "\(arguments): \(run.stderr)", sourceLocation: sourceLocation)
        #expect(run.stderr.split(separator: "\n").count == 1, "\(arguments): \(run.stderr)", sourceLocation: sourceLocation)
        for part in parts {
            #expect(run.stderr.contains(part), "\(arguments): \(run.stderr) lacks \(part)", sourceLocation: sourceLocation)
        }
    }

    @Test func badCSVInput() throws {
        let dir = try TempDirectory()
        var garbage = [UInt8](repeating: 0, count: 512)
        var rng = SplitMix(seed: 11)
        for k in garbage.indices { garbage[k] = UInt8(truncatingIfNeeded: rng.next()) }
        garbage[3] = 0
        let files: [(String, [UInt8], [String], [String])] = [
            ("empty.csv", [], [], ["empty.csv: the file is empty"]),
            ("header.csv", Array("a,y\n".utf8), [], ["header.csv: the file has a header row but no data rows"]),
            ("ragged.csv", Array("a,y\n1,2\n3\n".utf8), [], ["ragged.csv:3: row has 1 field but the header has 2"]),
            ("text.csv", Array("a,y\n1,2\n3,abc\n".utf8), [], ["text.csv:3:2 (column \"y\"): \"abc\" is not a number"]),
            ("nan.csv", Array("a,y\n1,2\nNaN,3\n".utf8), [], ["nan.csv:3:1 (column \"a\"): missing value"]),
            ("inf.csv", Array("a,y\n1,2\nInf,3\n".utf8), [], ["inf.csv:3:1 (column \"a\"): \"Inf\" is not a finite number"]),
            ("nan-target.csv", Array("a,y\n1,2\n3,NA\n".utf8), ["--impute", "mean"],
             ["nan-target.csv:3:2 (column \"y\"): missing value in the target column"]),
            ("dup.csv", Array("a,y,a\n1,2,3\n".utf8), [], ["dup.csv:1:3 (column \"a\"): duplicate column name"]),
            ("constant.csv", Array("a,y\n1,2\n3,2\n4,2\n".utf8), [], ["constant.csv: ", "constant"]),
            ("one.csv", Array("a,y\n1,2\n".utf8), [], ["one.csv: "]),
            ("nofeatures.csv", Array("y\n1\n2\n".utf8), [], ["nofeatures.csv: no feature columns"]),
            ("garbage.csv", garbage, [], ["garbage.csv:"]),
            ("quote.csv", Array("a,y\n1,\"2\n".utf8), [], ["quote.csv:2:2 (column \"y\"): a quoted field is not closed"]),
        ]
        for (name, bytes, extra, parts) in files {
            let path = try dir.write(name, bytes)
            try expectError(["fit", path, "--target", "y"] + extra, parts, in: dir)
        }
        try expectError(["fit", diabetes, "--target", "nope"], ["diabetes.csv: no target column named \"nope\""], in: dir)
        try expectError(["fit", diabetes, "--target", "y", "--target", "age"], ["--target is given 2 times"], in: dir)
        try expectError(["fit", diabetes, "--target", "#99"], ["target column #99 is out of range"], in: dir)
        try expectError(["fit", diabetes, "--target", "y", "--features", "age,age"], ["\"age\" is chosen as a feature twice"], in: dir)
        try expectError(["fit", diabetes, "--target", "y", "--features", "y"], ["\"y\" is the target"], in: dir)
        try expectError(["fit", diabetes, "--target", "y", "--delimiter", "pipe"], ["--delimiter must be comma, semicolon or tab"], in: dir)
        try expectError(["fit", diabetes, "--target", "y", "--impute", "median"], ["--impute must be mean"], in: dir)
        try expectError(["fit", diabetes, "--target", "y", "--format", "xls"], ["--format must be csv or libsvm"], in: dir)
    }

    @Test func badLIBSVMInput() throws {
        let dir = try TempDirectory()
        let cases: [(String, [String])] = [
            ("1 0:1\n", ["bad.svm:1:2: index 0: indices are 1-based"]),
            ("1 1:1\n2 -1:1\n", ["bad.svm:2:2: index \"-1\" is not a positive integer"]),
            ("1 3:1 2:1\n", ["bad.svm:1:3: index 2 is not larger than the previous index 3"]),
            ("1 x:1\n", ["bad.svm:1:2: index \"x\" is not a positive integer"]),
            ("1 4294967297:1\n", ["bad.svm:1:2: index \"4294967297\" is too large"]),
            ("", ["bad.svm: the file has no data lines"]),
            ("1\n2\n", ["bad.svm: the data has no features"]),
        ]
        for (text, parts) in cases {
            let path = dir.file("bad.svm")
            try? FileManager.default.removeItem(atPath: path)
            try dir.write("bad.svm", text)
            try expectError(["fit", path], parts, in: dir)
        }
        let ok = try dir.write("ok.svm", "1 1:1\n2 1:2\n")
        try expectError(["fit", ok, "--target", "y"], ["--target cannot be used with LIBSVM data"], in: dir)
    }

    @Test func badModelFiles() throws {
        let dir = try TempDirectory()
        let model = dir.file("model.json")
        #expect(try ShrinkTool.run(["fit", diabetes, "--target", "y", "--output", model], in: dir).status == 0)
        let text = try String(contentsOfFile: model, encoding: .utf8)
        let truncated = try dir.write("truncated.json", String(text.prefix(text.count / 2)))
        let binomial = try dir.write("binomial.json", text.replacingOccurrences(of: "\"gaussian\"", with: "\"binomial\""))
        let newer = try dir.write("newer.json", text.replacingOccurrences(of: "\"version\": 1", with: "\"version\": 9"))
        let other = try dir.write("other.json", "{\"format\": \"something-else\", \"version\": 1}")
        let badEncoding = try dir.write("encoding.json", text.replacingOccurrences(
            of: "{\"column\": \"age\", \"type\": \"numeric\"}", with: "{\"column\": \"age\", \"type\": \"ordinal\"}"))
        for command in [["predict"], ["inspect"], ["path"]] {
            let data = command == ["predict"] ? [diabetes] : []
            try expectError(command + [truncated] + data, ["truncated.json: not valid JSON"], in: dir)
            try expectError(command + [newer] + data, ["newer.json: the model has version 9"], in: dir)
            try expectError(command + [other] + data, ["other.json: not a shrink model"], in: dir)
            try expectError(command + [badEncoding] + data, ["encoding.json: encoding[0] (column \"age\") has unknown type \"ordinal\""], in: dir)
        }
        try expectError(["predict", binomial, diabetes], ["binomial.json: the model's family is \"binomial\""], in: dir)
        let inspect = try ShrinkTool.run(["inspect", binomial], in: dir)
        #expect(inspect.status == 0)
        #expect(inspect.stdout.hasPrefix("Family:     binomial\n"))
        try expectError(["predict", model, diabetes, "--type", "class"], ["--type class needs a classification model"], in: dir)
        try expectError(["predict", model, diabetes, "--type", "odds"], ["--type must be link, response or class"], in: dir)
    }

    @Test func stdinDelimiterFeaturesAndQuiet() throws {
        let dir = try TempDirectory()
        let csv = "a;b;y\n1;5;2\n2;3;4\n3;8;7\n4;1;8\n"
        let piped = try ShrinkTool.run(["fit", "-", "--target", "y", "--features", "a", "--lambda", "0", "--json",
                                        "--delimiter", "semicolon"], in: dir, stdin: csv)
        #expect(piped.status == 0, "\(piped.stderr)")
        let doc = try ModelDocument(json: Array(piped.stdout.utf8), source: "stdout")
        #expect(doc.features == ["a"])
        #expect(doc.training?.data == "<stdin>")
        #expect(doc.training?.rows == 4)
        // Least squares of y on a: slope 10.5 / 5 = 2.1, intercept 5.25 - 2.1 * 2.5 = 0.
        #expect(abs(doc.path[0].coefficients[0] - 2.1) < 1e-9)
        #expect(abs(doc.path[0].intercept) < 1e-9)
        // A wrong explicit delimiter makes one column named "a;b;y".
        try expectError(["fit", "-", "--target", "y", "--delimiter", "comma"], ["<stdin>: no target column named \"y\""],
                        in: dir, stdin: csv)
        // Warnings go to standard error unless --quiet.
        let missing = try dir.write("m.csv", "a,b,y\n1,2,3\n,4,5\n2,2,7\n3,1,1\n")
        let loud = try ShrinkTool.run(["fit", missing, "--target", "y", "--drop-missing"], in: dir)
        #expect(loud.stderr == "shrink: warning: dropped 1 row with missing values (--drop-missing)\n")
        let quiet = try ShrinkTool.run(["fit", missing, "--target", "y", "--drop-missing", "--quiet"], in: dir)
        #expect(quiet.status == 0)
        #expect(quiet.stderr.isEmpty)
    }

    @Test func oneHotModelPredictsNewDataTheSameWay() throws {
        let dir = try TempDirectory()
        let train = try dir.write("train.csv", "x,city,y\n1,Oslo,3\n2,Rome,5\n3,Oslo,6\n4,Bern,9\n5,Rome,10\n6,Bern,14\n")
        let model = dir.file("m.json")
        let fit = try ShrinkTool.run(["fit", train, "--target", "y", "--lambda", "0.01", "--output", model], in: dir)
        #expect(fit.status == 0, "\(fit.stderr)")
        let doc = try ModelDocument(contentsOf: model)
        #expect(doc.features == ["x", "city=Bern", "city=Oslo", "city=Rome"])
        #expect(doc.encoding?[1] == EncodedColumn(categorical: "city", levels: ["Bern", "Oslo", "Rome"]))
        let new = try dir.write("new.csv", "id,city,x\n7,Rome,2\n8,Paris,1\n")
        try expectError(["predict", model, new], ["new.csv:3:2 (column \"city\"): level \"Paris\" was not seen"], in: dir)
        let run = try ShrinkTool.run(["predict", model, new, "--unseen-levels", "zero"], in: dir)
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stderr == "shrink: warning: \(new): ignoring 1 column the model does not use: \"id\"\n")
        let (a0, b) = doc.coefficients(at: 0.01)
        let want = [a0 + 2 * b[0] + b[3], a0 + 1 * b[0]]
        #expect(run.stdout == "prediction\n" + want.map { "\($0)\n" }.joined())
        try expectError(["predict", model, try dir.write("nocity.csv", "x\n1\n")], ["nocity.csv: missing column \"city\""], in: dir)
    }

    @Test func libsvmFitAndPredict() throws {
        let dir = try TempDirectory()
        let data = try dir.write("d.svm", "1 1:1 3:2\n2 2:1\n# comment\n4 1:2 2:1 3:1\n3 qid:1 3:1\n")
        let model = dir.file("m.json")
        let fit = try ShrinkTool.run(["fit", data, "--lambda", "0.001", "--output", model], in: dir)
        #expect(fit.status == 0, "\(fit.stderr)")
        let doc = try ModelDocument(contentsOf: model)
        #expect(doc.features == ["f1", "f2", "f3"])
        #expect(doc.training?.format == "libsvm")
        #expect(doc.training?.target == "label")
        let run = try ShrinkTool.run(["predict", model, data], in: dir)
        #expect(run.status == 0)
        #expect(run.stdout.split(separator: "\n").count == 5)
        // The same data as CSV, read with --format, gives the same predictions.
        let csv = try dir.write("d.txt", "f1,f2,f3\n1,0,2\n0,1,0\n2,1,1\n0,0,1\n")
        let fromCSV = try ShrinkTool.run(["predict", model, csv, "--format", "csv"], in: dir)
        #expect(fromCSV.stdout == run.stdout)
    }

    @Test func helpHasExamplesAndCompletionsWork() throws {
        let dir = try TempDirectory()
        for command in ["fit", "predict", "path", "inspect"] {
            let run = try ShrinkTool.run([command, "--help"], in: dir)
            #expect(run.status == 0)
            #expect(run.stdout.contains("Examples:"), "\(command)")
            #expect(run.stdout.contains("shrink \(command) "), "\(command)")
        }
        for shell in ["bash", "zsh", "fish"] {
            let run = try ShrinkTool.run(["--generate-completion-script", shell], in: dir)
            #expect(run.status == 0)
            #expect(run.stdout.contains("predict"), "\(shell)")
        }
    }

    @Test func savedModelRecordsMetadata() throws {
        let dir = try TempDirectory()
        let model = dir.file("m.json")
        let fit = try ShrinkTool.run(["fit", diabetes, "--target", "y", "--nlambda", "5", "--output", model], in: dir)
        #expect(fit.status == 0)
        let doc = try ModelDocument(contentsOf: model)
        #expect(doc.training?.shrinkVersion == "0.1.0")
        #expect(doc.training?.rows == 442)
        let date = try #require(doc.training?.date)
        #expect(date.count == 20 && date.hasSuffix("Z") && date.dropFirst(10).hasPrefix("T"))
        #expect(doc.encoding?.count == 10)
        #expect(doc.imputation == nil)
        let std = try #require(doc.standardization)
        // bmi: population mean and sd of the column, computed here independently.
        let table = try CSVReader().read(path: diabetes)
        let bmi = table.columns[table.columnIndex(named: "bmi")!]
        let mean = bmi.reduce(0, +) / Double(bmi.count)
        let sd = (bmi.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Double(bmi.count)).squareRoot()
        #expect(abs(std.means[2] - mean) <= 1e-12 * mean)
        #expect(abs(std.scales[2] - sd) <= 1e-12 * sd)
        #expect(TrainingInfo.iso8601(86_400 * 365) == "1971-01-01T00:00:00Z")
    }
}
