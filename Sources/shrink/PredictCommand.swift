import ArgumentParser
import Shrink
import ShrinkIO

/// `shrink predict`: predictions of a saved model for the rows of a CSV file.
struct PredictCommand: ParsableCommand {
    /// The subcommand's name and help.
    static let configuration = CommandConfiguration(
        commandName: "predict",
        abstract: "Predict the response for each row of a CSV file (CSV output, header \"prediction\").")

    @Argument(help: "The model document written by `shrink fit --output`.")
    var model: String

    @Argument(help: "The data: CSV with the model's feature columns by name (- reads standard input).")
    var data: String

    @Option(parsing: .unconditional, help: "The lambda to predict at (interpolated; default: the last of the path).")
    var lambda: Double?

    @Option(help: ArgumentHelp("Write the predictions to this file instead of standard output.", valueName: "file"))
    var output: String?

    @Flag(help: "Overwrite the --output file if it exists.")
    var force = false

    @Flag(help: "The data has no header row; columns are named x1, x2, ...")
    var noHeader = false

    /// Reads the model and the data and writes one prediction per row.
    func run() throws {
        try Output.checkCanCreate(output, force: force)
        let document = try ModelDocument(contentsOf: model)
        let at = try chosenLambda(lambda, in: document)
        let table = try CSVReader(hasHeader: !noHeader).read(path: data)
        let x = try table.matrix(columns: document.features)
        let predictions = try document.predict(.dense(x), lambda: at)
        var text = "prediction\n"
        text.reserveCapacity(predictions.count * 20)
        for v in predictions {
            text += v.description
            text += "\n"
        }
        try Output.write(text, to: output, force: force)
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
