import Foundation
import Shrink
import ShrinkIO

extension PredictCommand {
    /// Writes the predictions of a multinomial model: `--type link` and `response` one column per
    /// class (headed by the class labels: linear predictors, probabilities), `class` the most
    /// probable label (header `prediction`).
    func predictMultinomial(_ document: ModelDocument, source modelName: String) throws {
        let classes = document.classes ?? []
        guard classes.count >= 3 else {
            throw CommandFailure.usage("\(modelName): the model's family is \"multinomial\" but it records \(classes.count) classes")
        }
        if offset != nil {
            throw CommandFailure.usage("--offset: \(modelName) was fitted without an offset")
        }
        let at = try chosenLambda(lambda, s: s, in: document, source: modelName)
        let (x, _) = try design(for: document)
        let eta = try document.multinomialLink(x, lambda: at)
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
