import ArgumentParser
import ShrinkIO

/// `shrink path`: prints the path table of a saved model.
struct PathCommand: ParsableCommand {
    /// The subcommand's name and help.
    static let configuration = CommandConfiguration(
        commandName: "path", abstract: "Print the path table (Df, %Dev, Lambda) of a saved model.",
        discussion: """
        One row per lambda of the path, as glmnet's print: the number of non-zero coefficients \
        (Df), the percentage of the null deviance explained (%Dev) and lambda.

        Examples:
          shrink fit Examples/diabetes.csv --target y --output model.json
          shrink path model.json
        """)

    @Argument(help: "The model document written by `shrink fit --output`.")
    var model: String

    /// Reads the model and prints its path table.
    func run() throws {
        let document = try ModelDocument(contentsOf: model)
        let header = "Model: \(model) (\(document.family), alpha \(document.alpha), "
            + "\(document.rows) rows, \(document.features.count) features)\n\n"
        Output.standard(header + PathTable.render(document))
    }
}
