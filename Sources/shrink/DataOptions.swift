import ArgumentParser
import Shrink
import ShrinkIO

/// The options that choose a training data file and its columns (`fit`, and any command that
/// fits): the file, its format, the target, weights and feature columns, and missing values.
struct DataOptions: ParsableArguments {
    @Argument(help: "The data: CSV with a header row, or LIBSVM (- reads standard input).")
    var data: String

    @Option(help: ArgumentHelp("The response column: a name, or a 1-based index such as #3 (CSV only).",
                               valueName: "column"))
    var target: [String] = []

    @Option(help: ArgumentHelp("A column of non-negative observation weights.", valueName: "column"))
    var weights: String?

    @Option(help: ArgumentHelp("A column of offsets: a known part of the linear predictor (link scale; for poisson typically log(exposure)), not a feature; for --family multinomial one column per class, C1,...,CK in the order of the sorted classes. predict needs them too.",
                               valueName: "column"))
    var offset: String?

    @Option(help: ArgumentHelp("Use only these columns as features, in this order (names or #indices).",
                               valueName: "NAME,..."))
    var features: [String] = []

    @Option(help: ArgumentHelp("Columns that are not features.", valueName: "NAME,..."))
    var exclude: [String] = []

    @Flag(help: "The data has no header row; columns are named x1, x2, ...")
    var noHeader = false

    @Option(help: ArgumentHelp("The CSV field separator: comma, semicolon or tab (default: guessed from the first line).",
                               valueName: "separator"))
    var delimiter: String?

    @Option(help: ArgumentHelp("The data format: csv or libsvm (default: libsvm for .svm, .libsvm and .svmlight files, else csv).",
                               valueName: "format"))
    var format: String?

    @Flag(help: "Drop the rows with a missing value (empty, NA, N/A, NaN, null) in a column used.")
    var dropMissing = false

    @Option(help: ArgumentHelp("Replace missing feature values by the column mean, saved in the model (mean is the only method).",
                               valueName: "mean"))
    var impute: String?

    @Flag(name: .shortAndLong, help: "Print no warnings and no progress.")
    var quiet = false

    /// Checks the choices that do not need the data.
    func validate() throws {
        if target.count > 1 { throw ValidationError("--target is given \(target.count) times; give it once") }
        if let impute, impute != "mean" { throw ValidationError("--impute must be mean, got \"\(impute)\"") }
        if dropMissing && impute != nil { throw ValidationError("give --drop-missing or --impute, not both") }
        if let delimiter, CSVDelimiter(rawValue: delimiter) == nil {
            throw ValidationError("--delimiter must be comma, semicolon or tab, got \"\(delimiter)\"")
        }
        if !features.isEmpty && !exclude.isEmpty { throw ValidationError("give --features or --exclude, not both") }
    }

    /// The missing-value policy chosen.
    var missingPolicy: MissingValuePolicy { dropMissing ? .drop : (impute != nil ? .mean : .error) }

    /// The data format chosen or implied by the file name.
    func dataFormat() throws -> DataFormat { try DataFormat.of(data, given: format) }

    /// Reads the data and takes the response, weights, offset and features.
    ///
    /// - Parameter categoricalTarget: The target holds class labels (binomial, multinomial): a
    ///   text target keeps its labels (``ModelData/targetText``) instead of being refused.
    /// - Throws: ``CommandFailure`` for options that do not fit the format, ``DataError`` for bad data.
    /// - Parameter inspect: Called with the parsed CSV table before the model data is built (to
    ///   read a further column, such as fold ids, without parsing the file again).
    func load(categoricalTarget: Bool = false, inspect: ((DataTable) throws -> Void)? = nil) throws -> ModelData {
        Output.isQuiet = Output.isQuiet || quiet
        let loaded: ModelData
        switch try dataFormat() {
        case .libsvm:
            let unsupported = [("--target", !target.isEmpty), ("--weights", weights != nil), ("--offset", offset != nil),
                               ("--features", !features.isEmpty), ("--exclude", !exclude.isEmpty),
                               ("--no-header", noHeader), ("--delimiter", delimiter != nil),
                               ("--drop-missing", dropMissing), ("--impute", impute != nil)]
                .filter(\.1).map(\.0)
            if !unsupported.isEmpty {
                throw CommandFailure.usage("\(unsupported.joined(separator: ", ")) cannot be used with LIBSVM data (the label is the target, the features are f1, f2, ...)")
            }
            let reader = LIBSVMReader(progress: Progress.reading(data))
            let set = try reader.read(path: data)
            guard set.x.columnCount > 0 else {
                throw CommandFailure.usage("\(set.source): the data has no features (no index:value entries)")
            }
            loaded = ModelData(sparse: set)
        case .csv:
            guard let target = target.first else {
                throw CommandFailure.usage("missing --target: name the response column")
            }
            let reader = CSVReader(delimiter: delimiter.flatMap(CSVDelimiter.init(rawValue:)), hasHeader: !noHeader,
                                   progress: Progress.reading(data))
            let table = try reader.read(path: data)
            try inspect?(table)
            loaded = try ModelData(table: table, target: target, weights: weights,
                                   features: features.isEmpty ? nil : FitCommand.splitList(features),
                                   excluding: FitCommand.splitList(exclude), missing: missingPolicy,
                                   offsets: ModelData.offsetColumns(offset, in: table), categoricalTarget: categoricalTarget)
        }
        if loaded.droppedRows > 0 {
            Output.warn("dropped \(loaded.droppedRows) row\(loaded.droppedRows == 1 ? "" : "s") with missing values (--drop-missing)")
        }
        return loaded
    }

    /// Returns the training record of a model fitted to `data`.
    func trainingInfo(for data: ModelData) throws -> TrainingInfo {
        TrainingInfo(data: self.data == "-" ? "<stdin>" : self.data, format: try dataFormat().rawValue,
                     target: data.targetName, weights: data.weightsName, rows: data.y.count,
                     droppedRows: data.droppedRows, date: TrainingInfo.now(), shrinkVersion: ShrinkVersion.number)
    }
}
