import Foundation
import ShrinkIO

/// The glmnet-style text table of a path: one row per lambda with Df, %Dev and Lambda.
enum PathTable {
    /// Returns the table: a header line, one row per point and a closing line with the stop
    /// reason and the fit time.
    static func render(_ model: ModelDocument) -> String {
        if model.family == "multinomial" { return renderMultinomial(model) }
        var lines = [pad("", 3, first: true) + pad("Df", 4) + pad("%Dev", 6) + pad("Lambda", 9)]
        for (k, p) in model.path.enumerated() {
            lines.append(pad(String(k + 1), 3, first: true) + pad(String(p.df), 4)
                         + pad(formatPercent(p.devRatio), 6)
                         + pad(formatLambda(p.lambda), 9))
        }
        let count = model.path.count
        lines.append("Stop: \(describe(stopReason: model.stopReason)) (\(count) lambda\(count == 1 ? "" : "s")); "
                     + "fit time \(String(format: "%.3g", model.fitSeconds)) s")
        return lines.joined(separator: "\n") + "\n"
    }

    /// Returns `lambda` with 5 significant digits (`45.160`, `0.0045160`, `4.5160e-05`).
    static func formatLambda(_ lambda: Double) -> String { String(format: "%#.5g", lambda) }

    /// Returns `100 * ratio` with 2 decimals, without a minus sign on values that round to zero.
    static func formatPercent(_ ratio: Double) -> String {
        let text = String(format: "%.2f", 100 * ratio)
        return text == "-0.00" ? "0.00" : text
    }

    /// Returns a phrase for a stop reason of the model document.
    static func describe(stopReason: String) -> String {
        switch stopReason {
        case "completed": "completed"
        case "devianceRatioPlateau": "deviance ratio plateaued (relative change < 1e-5)"
        case "devianceRatioSaturated": "deviance ratio above 0.999"
        case "maxFeatures": "next lambda exceeds --dfmax non-zero coefficients"
        case "maxEverActive": "next lambda exceeds --pmax features ever non-zero"
        default: stopReason
        }
    }

    /// Right-aligns `text` in `width` columns, with at least one leading space unless `first`.
    private static func pad(_ text: String, _ width: Int, first: Bool = false) -> String {
        let spaces = max(first ? 0 : 1, width - text.count)
        return String(repeating: " ", count: spaces) + text
    }
}
