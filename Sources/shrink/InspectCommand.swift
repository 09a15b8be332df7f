import ArgumentParser
import ShrinkIO

/// `shrink inspect`: summarizes a saved model and lists its non-zero coefficients.
struct InspectCommand: ParsableCommand {
    /// The subcommand's name and help.
    static let configuration = CommandConfiguration(
        commandName: "inspect", abstract: "Show a saved model and its non-zero coefficients at one lambda.",
        discussion: """
        Prints the model's family, alpha, training data and date, how text columns were \
        encoded, and the intercept and non-zero coefficients at one lambda (interpolated \
        between path points like predict). For a multinomial model: the intercept and \
        coefficients of every class, one column per class and one row per feature that is \
        non-zero in some class (like glmnet's coef, "." for zero), and the non-zeros per class.

        Examples:
          shrink fit Examples/diabetes.csv --target y --output model.json
          shrink inspect model.json
          shrink inspect model.json --lambda 1.5
        """)

    @Argument(help: "The model document written by `shrink fit --output`.")
    var model: String

    @Option(parsing: .unconditional, help: "The lambda (interpolated; default: the last of the path).")
    var lambda: Double?

    /// Reads the model and prints the summary.
    func run() throws {
        let document = try ModelDocument(contentsOf: model)
        let at = try chosenLambda(lambda, in: document)
        if document.family == "multinomial" { return try inspectMultinomial(document, at: at) }
        let (intercept, coefficients) = document.coefficients(at: at)
        let nonzero = coefficients.indices.filter { coefficients[$0] != 0 }
        var lines = [
            "Family:     \(document.family)",
            "Alpha:      \(document.alpha)",
            "Rows:       \(document.rows)",
        ] + trainingLines(document) + [
            "Lambdas:    \(document.path.count)",
            "Lambda:     \(PathTable.formatLambda(at))\(pointNote(at, document))",
            "Intercept:  \(intercept)",
            "Non-zero coefficients: \(nonzero.count) of \(coefficients.count)",
        ]
        let width = nonzero.map { document.features[$0].count }.max() ?? 0
        for j in nonzero {
            let name = document.features[j]
            lines.append("  " + name + String(repeating: " ", count: width - name.count) + "  \(coefficients[j])")
        }
        Output.standard(lines.joined(separator: "\n") + "\n")
    }

    /// Describes the training record, the encoded columns and the imputation, when present.
    func trainingLines(_ document: ModelDocument) -> [String] {
        var lines: [String] = []
        if let t = document.training {
            lines.append("Data:       \(t.data) (\(t.format), target \"\(t.target)\"\(t.weights.map { ", weights \"\($0)\"" } ?? ""))"
                         + (t.droppedRows > 0 ? ", \(t.droppedRows) rows with missing values dropped" : ""))
            lines.append("Fitted:     \(t.date) by shrink \(t.shrinkVersion)")
        }
        for e in document.encoding ?? [] {
            if let levels = e.levels {
                let shown = levels.prefix(8).map { "\"\($0)\"" }.joined(separator: ", ")
                lines.append("One-hot:    \"\(e.column)\" -> \(levels.count) features (levels \(shown)\(levels.count > 8 ? ", ..." : ""))")
            }
        }
        if let classes = document.classes {
            lines.append("Classes:    \(classes.map { "\"\($0)\"" }.joined(separator: ", "))")
        }
        if let offset = document.offset {
            lines.append("Offset:     column \"\(offset)\" (added to the linear predictor; predict needs it)")
        }
        if let names = document.offsets {
            lines.append("Offsets:    columns \(names.map { "\"\($0)\"" }.joined(separator: ", ")), one per class in that order (added to each class's linear predictor; predict needs them)")
        }
        if let imputation = document.imputation {
            lines.append("Missing:    imputed by the \(imputation.method) saved in the model")
        }
        return lines
    }

    /// Says which path point `lambda` is, or that it is interpolated or outside the path.
    func pointNote(_ lambda: Double, _ document: ModelDocument) -> String {
        if let k = document.lambdas.firstIndex(of: lambda) { return " (path point \(k + 1))" }
        if let first = document.lambdas.first, lambda > first { return " (above the path: first point used)" }
        if let last = document.lambdas.last, lambda < last { return " (below the path: last point used)" }
        return " (interpolated)"
    }
}
