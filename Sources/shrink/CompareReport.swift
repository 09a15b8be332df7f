import Foundation
import Shrink
import ShrinkIO
import ShrinkPlot

/// The outputs of `shrink compare`: the text summary, the JSON document, the HTML report, and the
/// single plots shared with `shrink path --plot` and `shrink cv --plot`.
enum CompareReport {
    // MARK: - Plots

    /// Coefficient paths against lambda (log scale, decreasing to the right) with the number of
    /// non-zero coefficients on the top axis and the `labelled` strongest features named.
    ///
    /// - Parameters:
    ///   - coefficients: One dense coefficient array per lambda.
    ///   - strength: The value ranking features for colour and labels (default: |coefficient| at the smallest lambda).
    static func pathChart(lambdas: [Double], coefficients: [[Double]], names: [String], title: String,
                          yLabel: String, id: String, references: [ReferenceLine] = [], labelled: Int = 7,
                          strength: [Double]? = nil, width: Double = 640, height: Double = 400) -> Chart {
        var chart = Chart(width: width, height: height)
        chart.title = title
        chart.id = id
        chart.xLabel = "λ (log scale)"
        chart.yLabel = yLabel
        chart.xKind = .log
        chart.xReversed = true
        chart.zeroLine = true
        let p = names.count
        let last = coefficients.last ?? [Double](repeating: 0, count: p)
        let rank = strength ?? (0..<p).map { j in coefficients.map { abs($0[j]) }.max() ?? abs(last[j]) }
        let order = (0..<p).filter { rank[$0] > 0 }.sorted { rank[$0] != rank[$1] ? rank[$0] > rank[$1] : $0 < $1 }
        let highlighted = Array(order.prefix(labelled))
        let colour = Dictionary(uniqueKeysWithValues: highlighted.enumerated().map { ($0.element, Palette.color($0.offset)) })
        // Muted lines first so that the highlighted ones are drawn on top.
        for j in (0..<p) where colour[j] == nil {
            chart.lines.append(LineSeries(points: zip(lambdas, coefficients).map { PlotPoint($0, $1[j]) },
                                          color: Palette.muted, width: 1))
        }
        for j in highlighted {
            chart.lines.append(LineSeries(points: zip(lambdas, coefficients).map { PlotPoint($0, $1[j]) },
                                          color: colour[j]!, width: 1.8))
            chart.endLabels.append(EndLabel(text: names[j], y: last[j], color: colour[j]!, priority: rank[j]))
        }
        let nz = coefficients.map { $0.filter { $0 != 0 }.count }
        chart.topAxis = dfAxis(lambdas: lambdas, df: nz)
        chart.referenceLines = references
        return chart
    }

    /// Top-axis ticks: the number of non-zero coefficients at about eight evenly spaced lambdas.
    static func dfAxis(lambdas: [Double], df: [Int]) -> TopAxis {
        let m = lambdas.count
        let picks = m <= 8 ? Array(0..<m) : (0..<8).map { Int((Double($0) / 7 * Double(m - 1)).rounded()) }
        return TopAxis(title: "df", positions: picks.map { lambdas[$0] }, labels: picks.map { String(df[$0]) })
    }

    /// The cross-validation curve with error bars (one SE) and dotted lines at lambda.min and lambda.1se.
    static func cvChart(_ curve: CVCurve, measure: String, title: String, id: String, color: String = Palette.color(4),
                        width: Double = 640, height: Double = 400) -> Chart {
        var chart = Chart(width: width, height: height)
        chart.title = title
        chart.id = id
        chart.xLabel = "λ (log scale)"
        chart.yLabel = "CV \(measure) ± 1 SE"
        chart.xKind = .log
        chart.xReversed = true
        let ok = curve.lambdas.indices.filter { curve.cvm[$0].isFinite && curve.lambdas[$0] > 0 }
        chart.errorBars = [ErrorBars(x: ok.map { curve.lambdas[$0] }, low: ok.map { curve.cvlo[$0] },
                                     high: ok.map { curve.cvup[$0] }, color: "#999999")]
        chart.lines = [LineSeries(points: ok.map { PlotPoint(curve.lambdas[$0], curve.cvm[$0]) }, color: color,
                                  width: 1.5, markers: true)]
        chart.referenceLines = [ReferenceLine(x: curve.lambdaMin, label: "λmin"),
                                ReferenceLine(x: curve.lambda1se, label: "λ1se")]
        chart.topAxis = dfAxis(lambdas: curve.lambdas, df: curve.nzero)
        return chart
    }

    // MARK: - Text

    /// The human summary printed by default.
    static func text(_ c: Comparison, folds: Int, seed: UInt64) -> String {
        let r = c.recommendation
        var s = "Recommendation: \(r.headline)\n"
        s += "  Fit: \(PenaltyResult.name(alpha: r.alpha))\(r.choice == .elasticNet ? "" : " (alpha \(g(r.alpha)))") at \(r.lambdaRule) = \(g(r.lambda))\n\n"
        s += "Cross-validation (\(c.measure.rawValue), \(c.folds.count) folds\(c.folds.count == folds ? ", seed \(seed)" : ""), the same folds for every penalty):\n"
        let header = [pad("penalty", 26, left: true), pad("lambda.min", 11), pad("CV error", 12), pad("SE", 10), pad("kept", 5),
                      pad("lambda.1se", 11), pad("CV error", 12), pad("kept", 5)].joined(separator: " ")
        s += "  " + header + "\n"
        let bestName = r.withinOneSE
        for k in c.penalties {
            let mark = k.alpha == r.alpha ? "*" : (bestName.contains(k.name) ? "~" : " ")
            s += " " + mark + [pad(k.name, 26, left: true), pad(g(k.lambdaMin), 11), pad(g(k.errorMin), 12), pad(g(k.seMin), 10),
                               pad(String(k.keptMin), 5), pad(g(k.lambda1se), 11), pad(g(k.error1se), 12),
                               pad(String(k.kept1se), 5)].joined(separator: " ") + "\n"
        }
        s += "  (* recommended; ~ within one SE of the best among lasso, ridge and the best elastic net)\n\n"
        s += "Reasons:\n" + r.reasons.map { "  - " + $0 }.joined(separator: "\n") + "\n\n"
        let st = c.evidence.stability
        s += "Stability selection (\(st.subsamples) half-samples, lambda from \(g(st.lambdas.first!)) down to \(g(st.lambdas[st.regionEnd - 1])) for error control, q = \(g(st.q))):\n"
        for sel in st.selections {
            let names = sel.features.map { c.featureNames[$0] }
            s += "  pi >= \(g(sel.threshold)): \(sel.features.count) features, E[V] <= \(g(sel.expectedFalseBound))"
                + (names.isEmpty ? "" : ": " + names.prefix(20).joined(separator: ", ") + (names.count > 20 ? ", ..." : "")) + "\n"
        }
        if let groups = c.evidence.groups {
            s += "\nCorrelated groups (|r| >= \(g(c.evidence.correlationThreshold))): \(groups.isEmpty ? "none" : String(groups.count))\n"
            for grp in groups.prefix(20) {
                let members = zip(grp.members, grp.ridgeShares).map { "\(c.featureNames[$0]) \(Int(($1 * 100).rounded()))%" }
                s += "  {" + members.joined(separator: ", ") + "}: lasso keeps " + String(grp.lassoKept.count)
                    + " (" + grp.lassoKept.map { c.featureNames[$0] }.joined(separator: ", ") + "); ridge shares as shown\n"
            }
        }
        return s
    }

    /// Pads `s` to `w` characters (right-aligned unless `left`).
    static func pad(_ s: String, _ w: Int, left: Bool = false) -> String {
        let fill = String(repeating: " ", count: max(0, w - s.count))
        return left ? s + fill : fill + s
    }

    /// A number with 5 significant digits.
    static func g(_ v: Double) -> String { v.isFinite ? String(format: "%.5g", v) : "NaN" }

    // MARK: - JSON

    /// The comparison as a JSON document (numbers exact, non-finite as null).
    static func json(_ c: Comparison, folds: Int, seed: UInt64) -> String {
        let r = c.recommendation, e = c.evidence
        var o = JSONObject()
        o.add("recommendation", JSONObject.make {
            $0.add("choice", .string(r.choice.rawValue))
            $0.add("penalty", .string(PenaltyResult.name(alpha: r.alpha)))
            $0.add("alpha", .number(r.alpha))
            $0.add("lambda", .number(r.lambda))
            $0.add("lambdaRule", .string(r.lambdaRule))
            $0.add("distinguishable", .bool(r.distinguishable))
            $0.add("withinOneSE", .array(r.withinOneSE.map { .string($0) }))
            $0.add("headline", .string(r.headline))
            $0.add("reasons", .array(r.reasons.map { .string($0) }))
        })
        o.add("measure", .string(c.measure.rawValue))
        o.add("folds", .number(Double(c.folds.count)))
        o.add("seed", .string(String(seed)))
        o.add("features", .array(c.featureNames.map { .string($0) }))
        o.add("penalties", .array(c.penalties.map { k in
            JSONObject.make {
                $0.add("name", .string(k.name))
                $0.add("alpha", .number(k.alpha))
                $0.add("lambdaMin", .number(k.lambdaMin))
                $0.add("lambda1se", .number(k.lambda1se))
                $0.add("cvmMin", .number(k.errorMin))
                $0.add("cvsdMin", .number(k.seMin))
                $0.add("cvm1se", .number(k.error1se))
                $0.add("cvsd1se", .number(k.se1se))
                $0.add("keptMin", .number(Double(k.keptMin)))
                $0.add("kept1se", .number(Double(k.kept1se)))
                $0.add("lambda", .array(k.cv.curve.lambdas.map { .number($0) }))
                $0.add("cvm", .array(k.cv.curve.cvm.map { .number($0) }))
                $0.add("cvsd", .array(k.cv.curve.cvsd.map { .number($0) }))
                $0.add("nzero", .array(k.cv.curve.nzero.map { .number(Double($0)) }))
                $0.add("coefficientsMin", .array(k.coefficientsMin.map { .number($0) }))
                $0.add("coefficients1se", .array(k.coefficients1se.map { .number($0) }))
            }
        }))
        let st = e.stability
        o.add("evidence", JSONObject.make {
            $0.add("rows", .number(Double(e.rows)))
            $0.add("features", .number(Double(e.features)))
            $0.add("featureScales", .array(e.featureScales.map { .number($0) }))
            $0.add("ridgeStandardized", .array(e.ridgeStandardized.map { .number($0) }))
            $0.add("lassoStandardized", .array(e.lassoStandardized.map { .number($0) }))
            $0.add("cumulativeRidgeShare", .array(e.cumulativeRidgeShare.map { .number($0) }))
            $0.add("featuresHolding90", .number(Double(e.featuresHolding(0.9))))
            $0.add("lassoSupportMin", .number(Double(e.lassoSupportMin)))
            $0.add("lassoSupport1se", .number(Double(e.lassoSupport1se)))
            $0.add("correlationThreshold", .number(e.correlationThreshold))
            if let groups = e.groups {
                $0.add("groups", .array(groups.map { grp in
                    JSONObject.make {
                        $0.add("members", .array(grp.members.map { .string(c.featureNames[$0]) }))
                        $0.add("minimumLinkCorrelation", .number(grp.minimumLinkCorrelation))
                        $0.add("lassoKept", .array(grp.lassoKept.map { .string(c.featureNames[$0]) }))
                        $0.add("lassoKept1se", .array(grp.lassoKept1se.map { .string(c.featureNames[$0]) }))
                        $0.add("ridgeShares", .array(grp.ridgeShares.map { .number($0) }))
                        $0.add("lassoShares", .array(grp.lassoShares.map { .number($0) }))
                        $0.add("ridgeEffectiveMembers", .number(grp.ridgeEffectiveMembers))
                    }
                }))
            } else {
                $0.add("groups", .null)
            }
            $0.add("stability", JSONObject.make {
                $0.add("subsamples", .number(Double(st.subsamples)))
                $0.add("fractions", .array(st.fractions.map { .number($0) }))
                $0.add("lambdas", .array(st.lambdas.map { .number($0) }))
                $0.add("regionEnd", .number(Double(st.regionEnd)))
                $0.add("q", .number(st.q))
                $0.add("maxFrequencyInRegion", .array(st.maxFrequencyInRegion.map { .number($0) }))
                $0.add("selections", .array(st.selections.map { sel in
                    JSONObject.make {
                        $0.add("threshold", .number(sel.threshold))
                        $0.add("features", .array(sel.features.map { .string(c.featureNames[$0]) }))
                        $0.add("expectedFalseBound", .number(sel.expectedFalseBound))
                    }
                }))
                $0.add("frequency", .array(st.frequency.map { row in .array(row.map { .number($0) }) }))
            })
        })
        return JSONValue.object(o).render(indent: 0) + "\n"
    }
}

/// A minimal JSON value for the compare document.
indirect enum JSONValue {
    case string(String), number(Double), bool(Bool), null, array([JSONValue]), object(JSONObject)

    /// Renders the value; objects and arrays of containers are indented.
    func render(indent: Int) -> String {
        let pad = String(repeating: "  ", count: indent + 1), close = String(repeating: "  ", count: indent)
        switch self {
        case .string(let s): return JSONValue.quote(s)
        case .number(let v): return v.isFinite ? (v == v.rounded() && abs(v) < 1e15 ? String(Int64(v)) : "\(v)") : "null"
        case .bool(let b): return b ? "true" : "false"
        case .null: return "null"
        case .array(let items):
            let nested = items.contains { if case .object = $0 { return true }; if case .array = $0 { return true }; return false }
            if !nested { return "[" + items.map { $0.render(indent: indent + 1) }.joined(separator: ", ") + "]" }
            return "[\n" + items.map { pad + $0.render(indent: indent + 1) }.joined(separator: ",\n") + "\n" + close + "]"
        case .object(let o):
            if o.items.isEmpty { return "{}" }
            return "{\n" + o.items.map { pad + JSONValue.quote($0.0) + ": " + $0.1.render(indent: indent + 1) }
                .joined(separator: ",\n") + "\n" + close + "}"
        }
    }

    /// A JSON string literal (escaped as every JSON document of the tool: ``JSONText``).
    static func quote(_ s: String) -> String {
        var j = JSONText()
        j.string(s)
        return j.text
    }
}

/// An ordered JSON object.
struct JSONObject {
    /// The members in order.
    var items: [(String, JSONValue)] = []

    /// Appends a member.
    mutating func add(_ key: String, _ value: JSONValue) { items.append((key, value)) }

    /// Appends an object built by `body`.
    mutating func add(_ key: String, _ object: JSONObject) { items.append((key, .object(object))) }

    /// Builds an object value.
    static func make(_ body: (inout JSONObject) -> Void) -> JSONValue {
        var o = JSONObject()
        body(&o)
        return .object(o)
    }
}
