import Foundation
import Shrink
import ShrinkIO

extension PredictCommand {
    /// Writes the predictions of a multinomial model: `--type link` and `response` one column per
    /// class (headed by the class labels: linear predictors, probabilities), `class` the most
    /// probable label (header `prediction`). A model fitted with per-class offsets adds the data's
    /// offset columns (the model's, or those named by `--offset C1,...,CK` in class order) to the
    /// linear predictors.
    func predictMultinomial(_ document: ModelDocument, source modelName: String) throws {
        let classes = document.classes ?? []
        guard classes.count >= 3 else {
            throw CommandFailure.usage("\(modelName): the model's family is \"multinomial\" but it records \(classes.count) classes")
        }
        if offset != nil && document.offsets == nil {
            throw CommandFailure.usage("--offset: \(modelName) was fitted without an offset")
        }
        if let name = document.offset {
            throw CommandFailure.usage("\(modelName): the multinomial model records one offset column \"\(name)\"; a multinomial model needs one per class (\"offsets\")")
        }
        if let names = document.offsets, names.count != classes.count {
            throw CommandFailure.usage("\(modelName): the model records \(names.count) offset columns for \(classes.count) classes")
        }
        let at = try chosenLambda(lambda, s: s, in: document, source: modelName)
        let (x, _, offsets) = try design(for: document)
        var eta = try document.multinomialLink(x, lambda: at)
        if let offsets {  // link scale, before the softmax
            for i in eta.indices { for k in eta[i].indices { eta[i][k] += offsets[k][i] } }
        }
        var text = type == "class" ? "prediction\n" : classes.map(Self.csvField).joined(separator: ",") + "\n"
        for row in eta {
            switch type {
            case "class":
                var best = 0
                for k in 1..<row.count where row[k] > row[best] { best = k }
                text += Self.csvField(classes[best])
            case "response":
                let m = row.max() ?? 0
                let e = row.map { exp($0 - m) }
                let total = e.reduce(0, +)
                text += e.map { ($0 / total).description }.joined(separator: ",")
            default:
                text += row.map(\.description).joined(separator: ",")
            }
            text += "\n"
        }
        try Output.write(text, to: output, force: force)
    }

    /// A CSV field: quoted when it holds a comma, quote or line break.
    static func csvField(_ s: String) -> String {
        s.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" })
            ? "\"" + s.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : s
    }
}

extension PredictCommand {
    /// The per-class offsets of the rows of `table` for a multinomial model fitted with
    /// `--offset C1,...,CK` (`nil` otherwise): the columns named by `--offset` (K of them, in
    /// class order), else the columns with the model's offset names.
    ///
    /// - Throws: ``CommandFailure`` when a column is absent or `--offset` names another number of
    ///   columns, ``DataError`` locating a cell that is not a finite number.
    func classOffsetColumns(of document: ModelDocument, in table: DataTable) throws -> (values: [[Double]], names: [String])? {
        guard let fitted = document.offsets else { return nil }
        let classes = (document.classes ?? []).map { "\"\($0)\"" }.joined(separator: ", ")
        let references: [String]
        if let offset {
            references = ModelData.offsetColumns(offset, in: table)
            guard references.count == fitted.count else {
                throw CommandFailure.usage("--offset: the model has one offset column per class (\(classes)); give \(fitted.count) columns C1,...,C\(fitted.count) in that order, got \(references.count)")
            }
        } else {
            let absent = fitted.filter { table.columnIndex(named: $0) == nil }
            if !absent.isEmpty {
                throw CommandFailure.usage("\(table.source): the model was fitted with the offset columns \(fitted.map { "\"\($0)\"" }.joined(separator: ", ")) (for the classes \(classes)), which the data does not have: \(absent.map { "\"\($0)\"" }.joined(separator: ", ")); name the columns of offsets with --offset C1,...,C\(fitted.count) in class order")
            }
            references = fitted
        }
        var values: [[Double]] = [], names: [String] = []
        for reference in references {
            let j = try table.resolveColumn(reference, role: "offset")
            let name = table.columnNames[j]
            if let issue = table.issues[j] {
                let what = issue.kind == .missingValue ? "a missing offset" : "offset \(issue.text.isEmpty ? "cell" : "\"\(issue.text)\"")"
                throw DataError(issue.kind, file: table.source, line: issue.line, column: issue.column, columnName: name,
                                message: "\(what): every row needs a finite offset (link scale)")
            }
            values.append(table.columns[j])
            names.append(name)
        }
        return (values, names)
    }
}
