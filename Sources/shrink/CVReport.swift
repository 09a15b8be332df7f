import Shrink
import ShrinkIO

/// Renders a cross-validation result as text (like R's print.cv.glmnet) or JSON.
enum CVReport {
    /// The measure's long name, as cv.glmnet.
    static func title(_ m: CVMeasure, family: String) -> String {
        switch m {
        case .mse: "Mean-Squared Error"
        case .mae: "Mean Absolute Error"
        case .deviance: family == "gaussian" ? "Mean-Squared Error" : "\(family.capitalized) Deviance"
        case .misclassification: "Misclassification Error"
        case .auc: "AUC"
        }
    }

    /// What the reports say about one cross-validation, whatever its family.
    struct Summary {
        var measure: CVMeasure
        var family: String
        var alpha: Double
        var foldCount: Int
        var grouped: Bool
        var curve: CVCurve
        var relaxed: RelaxedCV? = nil
        /// The out-of-fold linear predictors, one array of n per lambda, when kept.
        var predictions: [[Double]]? = nil
        /// The 1-based fold of each row (reported with the predictions).
        var foldIDs: [Int]? = nil

        init(_ r: CVResult) {
            self.init(measure: r.measure, family: r.family, alpha: r.fit.alpha, foldCount: r.folds.count,
                      grouped: r.grouped, curve: r.curve, relaxed: r.relaxed)
            predictions = r.predictions
            foldIDs = r.predictions == nil ? nil : r.folds.ids
        }

        init(_ r: MultinomialCVResult) {
            self.init(measure: r.measure, family: "multinomial", alpha: r.fit.alpha, foldCount: r.folds.count,
                      grouped: r.grouped, curve: r.curve)
        }

        init(measure: CVMeasure, family: String, alpha: Double, foldCount: Int, grouped: Bool, curve: CVCurve,
             relaxed: RelaxedCV? = nil) {
            self.measure = measure
            self.family = family
            self.alpha = alpha
            self.foldCount = foldCount
            self.grouped = grouped
            self.curve = curve
            self.relaxed = relaxed
        }
    }

    /// The summary table of a cross-validation (see ``table(_:search:)-(Summary,_)``).
    static func table(_ r: CVResult, search: AlphaSearch.Result?) -> String {
        table(Summary(r), search: search)
    }

    /// The summary table: lambda.min and lambda.1se with their (1-based) index, error, SE and
    /// non-zero count; then the alpha search or relaxed summary.
    static func table(_ r: Summary, search: AlphaSearch.Result?) -> String {
        var lines = ["Measure: \(title(r.measure, family: r.family)) (\(r.foldCount) folds\(r.grouped ? "" : ", ungrouped"))", ""]
        func row(_ label: String, _ k: Int) -> String {
            let c = r.curve
            return [label.padding(toLength: 4, withPad: " ", startingAt: 0),
                    pad(fmt(c.lambdas[k]), 12), pad(String(k + 1), 6), pad(fmt(c.cvm[k]), 12),
                    pad(fmt(c.cvsd[k]), 12), pad(String(c.nzero[k]), 8)].joined()
        }
        lines.append("    " + pad("Lambda", 12) + pad("Index", 6) + pad("Measure", 12) + pad("SE", 12) + pad("Nonzero", 8))
        lines.append(row("min", r.curve.indexMin))
        lines.append(row("1se", r.curve.index1se))
        if let search {
            lines += ["", "Alpha search (best: alpha = \(fmt(search.bestAlpha))):",
                      pad("Alpha", 8) + pad("Lambda.min", 12) + pad("Measure", 12) + pad("SE", 12) + pad("Lambda.1se", 12)]
            for (a, res) in zip(search.alphas, search.results) {
                let c = res.curve
                lines.append(pad(fmt(a), 8) + pad(fmt(c.lambdaMin), 12) + pad(fmt(c.cvm[c.indexMin]), 12)
                             + pad(fmt(c.cvsd[c.indexMin]), 12) + pad(fmt(c.lambda1se), 12))
            }
        }
        if let x = r.relaxed {
            lines += ["", "Relaxed:", "    " + pad("Gamma", 8) + pad("Lambda", 12) + pad("Index", 6) + pad("Measure", 12) + pad("SE", 12)]
            for (label, ix) in [("min", x.indexMin), ("1se", x.index1se)] {
                let c = x.curves[ix.gamma]
                lines.append(label.padding(toLength: 4, withPad: " ", startingAt: 0) + pad(fmt(x.gammas[ix.gamma]), 8)
                             + pad(fmt(c.lambdas[ix.lambda]), 12) + pad(String(ix.lambda + 1), 6)
                             + pad(fmt(c.cvm[ix.lambda]), 12) + pad(fmt(c.cvsd[ix.lambda]), 12))
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// The `--json` document of a cross-validation.
    static func json(_ r: CVResult, search: AlphaSearch.Result?, ic: [InformationCriteria]?,
                     model: ModelDocument, seconds: Double? = nil) throws -> String {
        try json(Summary(r), search: search, ic: ic, model: model, seconds: seconds)
    }

    /// The `--json` document.
    /// `seconds` is the cross-validation's in-process time (all fits and the curve, without
    /// reading the data), printed as `"cvSeconds"`.
    static func json(_ r: Summary, search: AlphaSearch.Result?, ic: [InformationCriteria]?,
                     model: ModelDocument, seconds: Double? = nil) throws -> String {
        let c = r.curve
        var fields: [(String, String)] = [
            ("measure", quote(r.measure.rawValue)),
            ("family", quote(r.family)),
            ("alpha", num(r.alpha)),
            ("folds", String(r.foldCount)),
            ("grouped", r.grouped ? "true" : "false"),
            ("lambda", nums(c.lambdas)),
            ("cvm", nums(c.cvm)),
            ("cvsd", nums(c.cvsd)),
            ("nzero", "[" + c.nzero.map(String.init).joined(separator: ",") + "]"),
            ("lambdaMin", num(c.lambdaMin)),
            ("lambda1se", num(c.lambda1se)),
            ("indexMin", String(c.indexMin)),
            ("index1se", String(c.index1se)),
        ]
        if let seconds { fields.append(("cvSeconds", num(seconds))) }
        if let ic {
            fields.append(("ic", "{\"ebicGamma\": \(num(ic.first?.ebicGamma ?? 0.5)), \"df\": \(nums(ic.map(\.df))), "
                           + "\"aic\": \(nums(ic.map(\.aic))), \"bic\": \(nums(ic.map(\.bic))), \"ebic\": \(nums(ic.map(\.ebic)))}"))
        }
        if let search {
            let rows = zip(search.alphas, search.results).map { a, res in
                "{\"alpha\": \(num(a)), \"lambdaMin\": \(num(res.lambdaMin)), \"lambda1se\": \(num(res.lambda1se)), "
                    + "\"cvmMin\": \(num(res.curve.cvm[res.curve.indexMin])), \"lambda\": \(nums(res.curve.lambdas)), "
                    + "\"cvm\": \(nums(res.curve.cvm)), \"cvsd\": \(nums(res.curve.cvsd))}"
            }
            fields.append(("alphaSearch", "{\"bestAlpha\": \(num(search.bestAlpha)), \"table\": [\n    "
                           + rows.joined(separator: ",\n    ") + "]}"))
        }
        if let x = r.relaxed {
            fields.append(("relaxed", "{\"gamma\": \(nums(x.gammas)), "
                           + "\"cvm\": [" + x.curves.map { nums($0.cvm) }.joined(separator: ", ") + "], "
                           + "\"cvsd\": [" + x.curves.map { nums($0.cvsd) }.joined(separator: ", ") + "], "
                           + "\"gammaMin\": \(num(x.gammaMin)), \"lambdaMin\": \(num(x.lambdaMin)), "
                           + "\"gamma1se\": \(num(x.gamma1se)), \"lambda1se\": \(num(x.lambda1se))}"))
        }
        if let p = r.predictions, let ids = r.foldIDs {
            fields.append(("prevalLink", "[" + p.map(nums).joined(separator: ",\n    ") + "]"))
            fields.append(("foldid", "[" + ids.map(String.init).joined(separator: ",") + "]"))
        }
        var modelText = try model.jsonText()
        while modelText.last == "\n" { modelText.removeLast() }
        fields.append(("model", modelText.replacingOccurrences(of: "\n", with: "\n  ")))
        return "{\n" + fields.map { "  \(quote($0.0)): \($0.1)" }.joined(separator: ",\n") + "\n}\n"
    }

    /// A number in shortest round-trip form, `null` when not finite.
    static func num(_ v: Double) -> String { v.isFinite ? v.description : "null" }
    static func nums(_ v: [Double]) -> String { "[" + v.map(num).joined(separator: ",") + "]" }
    static func quote(_ s: String) -> String { JSONValue.quote(s) }
    static func fmt(_ v: Double) -> String {
        let a = abs(v)
        if v == 0 { return "0" }
        if a >= 1e-3 && a < 1e6 {
            var s = String(v)
            if let dot = s.firstIndex(of: ".") {
                let digits = s.distance(from: s.startIndex, to: dot) + 5
                if s.count > digits { s = String(s.prefix(digits)) }
            }
            return s
        }
        return String(v)
    }
    static func pad(_ s: String, _ width: Int) -> String {
        s.count >= width ? " " + s : String(repeating: " ", count: width - s.count) + s
    }
}
