import ShrinkIO

extension InspectCommand {
    /// Prints the summary of a multinomial model at `lambda`: the header lines, the number of
    /// non-zero coefficients of each class, and a table with one column per class (in `classes`
    /// order) holding the intercepts and the coefficients of every feature non-zero in some class
    /// (`.` for zero), like glmnet's `coef` of a multinomial fit side by side.
    ///
    /// - Throws: ``CommandFailure`` (usage) when the model has no per-class coefficients.
    func inspectMultinomial(_ document: ModelDocument, at lambda: Double) throws {
        let classes = document.classes ?? []
        let (intercepts, coefficients) = document.classCoefficients(at: lambda)
        let p = document.features.count
        guard classes.count >= 3, intercepts.count == classes.count, coefficients.count == classes.count,
              coefficients.allSatisfy({ $0.count == p }) else {
            throw CommandFailure.usage("\(model): the model's family is \"multinomial\" but it has \(classes.count) classes, \(intercepts.count) intercepts and \(coefficients.count) coefficient vectors per point")
        }
        let rows = (0..<p).filter { j in coefficients.contains { $0[j] != 0 } }
        let perClass = coefficients.map { $0.filter { $0 != 0 }.count }
        let counts = zip(classes, perClass).map { "\"\($0)\" \($1)" }.joined(separator: ", ")
        var lines = [
            "Family:     \(document.family) (\(document.solver) penalty)",
            "Alpha:      \(document.alpha)",
            "Rows:       \(document.rows)",
        ] + trainingLines(document) + [
            "Lambdas:    \(document.path.count)",
            "Lambda:     \(PathTable.formatLambda(lambda))\(pointNote(lambda, document))",
            "Non-zero features: \(rows.count) of \(p) (non-zero coefficients per class: \(counts))",
        ]
        let names = ["(Intercept)"] + rows.map { document.features[$0] }
        let columns = classes.indices.map { k in
            [intercepts[k].description] + rows.map { coefficients[k][$0] == 0 ? "." : coefficients[k][$0].description }
        }
        let nameWidth = names.map(\.count).max() ?? 0
        let widths = classes.indices.map { k in max(classes[k].count, columns[k].map(\.count).max() ?? 0) }
        func left(_ text: String, _ width: Int) -> String { text + String(repeating: " ", count: max(0, width - text.count)) }
        func right(_ text: String, _ width: Int) -> String { String(repeating: " ", count: max(0, width - text.count)) + text }
        lines.append("  " + left("", nameWidth) + classes.indices.map { "  " + right(classes[$0], widths[$0]) }.joined())
        for (r, name) in names.enumerated() {
            lines.append("  " + left(name, nameWidth) + classes.indices.map { "  " + right(columns[$0][r], widths[$0]) }.joined())
        }
        Output.standard(lines.joined(separator: "\n") + "\n")
    }
}
