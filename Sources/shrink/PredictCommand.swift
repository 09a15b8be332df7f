import Foundation
import ArgumentParser
import Shrink
import ShrinkIO

/// `shrink predict`: predictions of a saved model for the rows of a CSV or LIBSVM file.
struct PredictCommand: ParsableCommand {
    /// The subcommand's name and help.
    static let configuration = CommandConfiguration(
        commandName: "predict",
        abstract: "Predict the response for each row of a CSV or LIBSVM file (CSV output, header \"prediction\").",
        discussion: """
        Writes one prediction per input row, in order. The data needs the model's columns by \
        name (other columns, such as the target, are ignored); text columns are one-hot encoded \
        with the model's levels, and missing values are imputed only if the model was fitted with \
        --impute mean. A model fitted with --offset needs its offset column too (or the column \
        named by --offset), added to the linear predictor before the inverse link; a multinomial \
        model fitted with --offset C1,...,CK needs those K columns (or --offset D1,...,DK, in \
        class order). Multinomial --type link and response print one column per class.

        Examples:
          shrink fit Examples/diabetes.csv --target y --output model.json
          shrink predict model.json Examples/diabetes.csv --lambda 0.5 --output predictions.csv
          shrink predict model.json new.csv --unseen-levels zero
          shrink predict model.json test.svm --type response
        """)

    @Argument(help: "The model document written by `shrink fit --output`.")
    var model: String

    @Argument(help: "The data: CSV with the model's columns by name, or LIBSVM (- reads standard input).")
    var data: String

    @Option(parsing: .unconditional, help: "The lambda to predict at (interpolated; default: the last of the path).")
    var lambda: Double?

    @Option(name: .customLong("s"), help: ArgumentHelp("Predict at lambda.min or lambda.1se of a model saved by `shrink cv`, or at this lambda.", valueName: "lambda.min|lambda.1se|L"))
    var s: String?

    @Option(help: ArgumentHelp("link (the linear predictor), response (the mean; the same for gaussian) or class (classification models only).",
                               valueName: "type"))
    var type: String = "link"

    @Option(help: ArgumentHelp("Write the predictions to this file instead of standard output.", valueName: "file"))
    var output: String?

    @Flag(help: "Overwrite the --output file if it exists.")
    var force = false

    @Flag(help: "The data has no header row; columns are named x1, x2, ...")
    var noHeader = false

    @Option(help: ArgumentHelp("The CSV field separator: comma, semicolon or tab (default: guessed).", valueName: "separator"))
    var delimiter: String?

    @Option(help: ArgumentHelp("The data format: csv or libsvm (default: libsvm for .svm, .libsvm and .svmlight files, else csv).",
                               valueName: "format"))
    var format: String?

    @Option(help: ArgumentHelp("The column of offsets, for a model fitted with --offset (default: the column of that name); for a multinomial model with per-class offsets, K columns in class order.",
                               valueName: "column"))
    var offset: String?

    @Option(help: ArgumentHelp("A level the model has not seen: error, or zero (all the column's features 0).",
                               valueName: "policy"))
    var unseenLevels: String = "error"

    @Flag(name: .shortAndLong, help: "Print no warnings and no progress.")
    var quiet = false

    /// Checks the choices that do not need the files.
    func validate() throws {
        if !["link", "response", "class"].contains(type) {
            throw ValidationError("--type must be link, response or class, got \"\(type)\"")
        }
        if UnseenLevelPolicy(rawValue: unseenLevels) == nil {
            throw ValidationError("--unseen-levels must be error or zero, got \"\(unseenLevels)\"")
        }
        if let delimiter, CSVDelimiter(rawValue: delimiter) == nil {
            throw ValidationError("--delimiter must be comma, semicolon or tab, got \"\(delimiter)\"")
        }
    }

    /// Reads the model and the data and writes one prediction per row.
    func run() throws {
        Output.isQuiet = quiet
        try Output.checkCanCreate(output, force: force)
        let document = try ModelDocument(contentsOf: model)
        let modelName = model == "-" ? "<stdin>" : model
        if document.family == "multinomial" { return try predictMultinomial(document, source: modelName) }
        guard ["gaussian", "binomial", "poisson"].contains(document.family) else {
            throw CommandFailure.usage("\(modelName): the model's family is \"\(document.family)\"; this version of shrink predicts gaussian, binomial and poisson models")
        }
        if type == "class" && document.family != "binomial" {
            throw CommandFailure.usage("--type class needs a classification model; \(modelName) is a \(document.family) model (use --type link or response)")
        }
        let classes = document.classes ?? []
        if document.family == "binomial" && classes.count != 2 {
            throw CommandFailure.usage("\(modelName): the model's family is \"binomial\" but it records \(classes.count) classes (a binomial model needs \"classes\" with two labels)")
        }
        let at = try chosenLambda(lambda, s: s, in: document, source: modelName)
        if offset != nil && document.offset == nil {
            throw CommandFailure.usage("--offset: \(modelName) was fitted without an offset")
        }
        let (x, offsets, _) = try design(for: document)
        var eta = try document.predict(x, lambda: at)
        if let offsets { for i in eta.indices { eta[i] += offsets[i] } }  // link scale, before the inverse link
        var text = "prediction\n"
        text.reserveCapacity(eta.count * 20)
        for v in eta {
            switch (document.family, type) {
            case ("binomial", "class"): text += classes[v > 0 ? 1 : 0]
            case ("binomial", "response"): text += (1 / (1 + exp(-v))).description
            case ("poisson", "response"): text += exp(v).description
            default: text += v.description  // the linear predictor (gaussian: also the response)
            }
            text += "\n"
        }
        try Output.write(text, to: output, force: force)
    }

    /// Reads the data and builds the model's features from it, and its offsets when the model
    /// was fitted with an offset (one column, or one per class for a multinomial model).
    func design(for document: ModelDocument) throws -> (x: DesignMatrix, offset: [Double]?, classOffsets: [[Double]]?) {
        switch try DataFormat.of(data, given: format) {
        case .libsvm:
            let p = document.features.count
            guard document.features == SparseDataSet.featureNames(count: p) else {
                let shown = document.features.prefix(5).map { "\"\($0)\"" }.joined(separator: ", ")
                throw CommandFailure.usage("\(data): LIBSVM data has features f1, f2, ...; the model's features are \(shown)\(p > 5 ? ", ..." : "")")
            }
            if let name = document.offset {
                throw CommandFailure.usage("\(data): the model was fitted with the offset column \"\(name)\"; LIBSVM data has no columns (use CSV data with that column)")
            }
            if let names = document.offsets {
                throw CommandFailure.usage("\(data): the model was fitted with the offset columns \(names.map { "\"\($0)\"" }.joined(separator: ", ")); LIBSVM data has no columns (use CSV data with those columns)")
            }
            let set = try LIBSVMReader(featureCount: p, progress: Progress.reading(data)).read(path: data)
            if set.ignoredEntries > 0 {
                Output.warn("\(set.source): ignoring \(set.ignoredEntries) entr\(set.ignoredEntries == 1 ? "y" : "ies") with indices above the model's \(p) features (up to \(set.largestIgnoredIndex))")
            }
            return (.sparse(set.x), nil, nil)
        case .csv:
            let reader = CSVReader(delimiter: delimiter.flatMap(CSVDelimiter.init(rawValue:)), hasHeader: !noHeader,
                                   progress: Progress.reading(data))
            let table = try reader.read(path: data)
            let encoding = document.encoding ?? document.features.map { EncodedColumn(numeric: $0) }
            let needed = encoding.map(\.column)
            let missing = needed.filter { table.columnIndex(named: $0) == nil }
            if !missing.isEmpty {
                let shown = missing.prefix(20).map { "\"\($0)\"" }.joined(separator: ", ")
                throw CommandFailure.usage("\(table.source): missing column\(missing.count == 1 ? "" : "s") \(shown)"
                                           + (missing.count > 20 ? ", ... (\(missing.count - 20) more)" : ""))
            }
            let x = try FeatureEncoder.design(table, encoding: encoding, imputation: document.imputation?.values,
                                              unseen: UnseenLevelPolicy(rawValue: unseenLevels) ?? .error)
            let offsets = try offsetColumn(of: document, in: table)
            let classOffsets = try classOffsetColumns(of: document, in: table)
            let known = Set(needed + [document.training?.target, document.training?.weights, offsets?.name].compactMap { $0 }
                            + (classOffsets?.names ?? []))
            let extra = table.columnNames.filter { !known.contains($0) }
            if !extra.isEmpty {
                let shown = extra.prefix(10).map { "\"\($0)\"" }.joined(separator: ", ")
                Output.warn("\(table.source): ignoring \(extra.count) column\(extra.count == 1 ? "" : "s") the model does not use: \(shown)\(extra.count > 10 ? ", ..." : "")")
            }
            return (.dense(x), offsets?.values, classOffsets?.values)
        }
    }
}

/// Returns the lambda to use: `given` (checked to be a finite non-negative number) or the last
/// lambda of the path.
func chosenLambda(_ given: Double?, in document: ModelDocument) throws -> Double {
    guard let given else { return document.path.last?.lambda ?? 0 }
    guard given.isFinite, given >= 0 else {
        throw CommandFailure.usage("--lambda must be a finite non-negative number, got \(given)")
    }
    return given
}
