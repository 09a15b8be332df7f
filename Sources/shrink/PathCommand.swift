import ArgumentParser
import ShrinkIO

/// `shrink path`: prints the path table of a saved model.
struct PathCommand: ParsableCommand {
    /// The subcommand's name and help.
    static let configuration = CommandConfiguration(
        commandName: "path", abstract: "Print the path table (Df, %Dev, Lambda) of a saved model.",
        discussion: """
        One row per lambda of the path, as glmnet's print: the number of non-zero coefficients \
        (Df), the percentage of the null deviance explained (%Dev) and lambda. For a multinomial \
        model Df counts the features non-zero in any class, followed by the non-zero \
        coefficients of each class, and the plot has one panel per class.

        Examples:
          shrink fit Examples/diabetes.csv --target y --output model.json
          shrink path model.json
          shrink path model.json --plot path.svg
        """)

    @Argument(help: "The model document written by `shrink fit --output`.")
    var model: String

    @Option(help: ArgumentHelp("Also draw the coefficient paths against log(lambda) as an SVG file.",
                               valueName: "FILE.svg"))
    var plot: String?

    @Flag(help: "Replace an existing plot file.")
    var force = false

    /// Reads the model, prints its path table and optionally writes the coefficient-path plot.
    func run() throws {
        try Output.checkCanCreate(plot, force: force)
        let document = try ModelDocument(contentsOf: model)
        if let plot, document.family == "multinomial" {
            try Output.write(Self.multinomialPlot(document), to: plot, force: force)
        } else if let plot {
            let lambdas = document.path.map(\.lambda)
            let chart = CompareReport.pathChart(
                lambdas: lambdas, coefficients: document.path.map(\.coefficients), names: document.features,
                title: "Coefficient paths (\(document.family), alpha \(document.alpha))",
                yLabel: "coefficient", id: "path")
            try Output.write(chart.svg(), to: plot, force: force)
        }
        let header = "Model: \(model) (\(document.family), alpha \(document.alpha), "
            + "\(document.rows) rows, \(document.features.count) features)\n\n"
        Output.standard(header + PathTable.render(document))
    }
}
