import Foundation
import ShrinkIO

extension PathTable {
    /// Returns the path table of a multinomial model: glmnet's Df (features non-zero in any
    /// class), then the number of non-zero coefficients of each class (glmnet's `dfmat`, one
    /// column headed by each class label), %Dev and Lambda; a note line says what the columns are.
    static func renderMultinomial(_ model: ModelDocument) -> String {
        let classes = model.classes ?? []
        let perClass = model.path.map { point in
            (point.classCoefficients ?? []).map { $0.filter { $0 != 0 }.count }
        }
        let widths = classes.indices.map { k in
            max(classes[k].count, perClass.map { k < $0.count ? String($0[k]).count : 1 }.max() ?? 1)
        }
        func cell(_ text: String, _ width: Int) -> String {
            " " + String(repeating: " ", count: max(0, width - text.count)) + text
        }
        var header = String(repeating: " ", count: 3) + cell("Df", 3)
        for (k, label) in classes.enumerated() { header += cell(label, widths[k]) }
        var lines = [
            "Df: features non-zero in any class; then the non-zero coefficients of each class (columns headed by the class labels).",
            "",
            header + cell("%Dev", 5) + cell("Lambda", 8),
        ]
        for (i, point) in model.path.enumerated() {
            let number = String(i + 1)
            var row = String(repeating: " ", count: max(0, 3 - number.count)) + number + cell(String(point.df), 3)
            for k in classes.indices { row += cell(k < perClass[i].count ? String(perClass[i][k]) : "-", widths[k]) }
            lines.append(row + cell(formatPercent(point.devRatio), 5) + cell(formatLambda(point.lambda), 8))
        }
        let count = model.path.count
        lines.append("Stop: \(describe(stopReason: model.stopReason)) (\(count) lambda\(count == 1 ? "" : "s")); "
                     + "fit time \(String(format: "%.3g", model.fitSeconds)) s")
        return lines.joined(separator: "\n") + "\n"
    }
}
