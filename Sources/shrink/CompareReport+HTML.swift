import Foundation
import Shrink
import ShrinkPlot

extension CompareReport {
    /// The self-contained HTML report: inline CSS and SVG, no scripts, no external resources.
    static func html(_ c: Comparison, data: String, command: String) -> String {
        let e = SVGText.escape
        let r = c.recommendation, ev = c.evidence
        let names = c.featureNames
        var h = """
        <!DOCTYPE html>
        <html lang="en"><head><meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <title>L1 or L2? \(e(data))</title>
        <style>
        body { font-family: Helvetica, Arial, sans-serif; color: #222; max-width: 1320px; margin: 24px auto; padding: 0 16px; line-height: 1.45; }
        h1 { font-size: 24px; margin-bottom: 4px; } h2 { font-size: 19px; margin-top: 32px; border-bottom: 1px solid #ddd; padding-bottom: 4px; }
        .verdict { background: #F2F7FB; border-left: 5px solid #0072B2; padding: 12px 16px; font-size: 16px; }
        .verdict b { font-size: 18px; }
        .grid { display: flex; flex-wrap: wrap; gap: 12px; } .grid > div { flex: 0 0 auto; }
        table { border-collapse: collapse; font-size: 13px; margin: 8px 0; }
        th, td { padding: 3px 10px; text-align: right; border-bottom: 1px solid #eee; } th { background: #f6f6f6; }
        td.l, th.l { text-align: left; } tr.chosen td { background: #FFF4DF; font-weight: bold; }
        .note { color: #555; font-size: 13px; } code { background: #f3f3f3; padding: 0 3px; }
        ul.reasons li { margin-bottom: 4px; }
        </style></head><body>
        <h1>L1 or L2? <span style="font-weight:normal">\(e(data))</span></h1>
        <p class="note">\(e(command)) · \(ev.rows) rows, \(ev.features) features · \(c.folds.count)-fold cross-validation, the same folds for every penalty</p>
        <div class="verdict"><b>\(e(r.choice.rawValue))\(r.choice == .elasticNet ? " (alpha = \(e(g(r.alpha))))" : "")</b>
        at \(e(r.lambdaRule)) = \(e(g(r.lambda))).<br>\(e(r.headline))</div>
        <h2>Why</h2>
        <ul class="reasons">
        """
        h += "\n" + r.reasons.map { "<li>\(e($0))</li>" }.joined(separator: "\n") + "\n</ul>\n"

        // The table of penalties.
        h += "<h2>Cross-validated error of each penalty</h2>\n<table><tr><th class=\"l\">penalty</th><th>alpha</th><th>λ<sub>min</sub></th>"
            + "<th>CV \(e(c.measure.rawValue))</th><th>± SE</th><th>kept</th><th>λ<sub>1se</sub></th><th>CV \(e(c.measure.rawValue))</th><th>kept</th><th class=\"l\">within 1 SE of best</th></tr>\n"
        for k in c.penalties {
            h += "<tr\(k.alpha == r.alpha ? " class=\"chosen\"" : "")><td class=\"l\">\(e(k.name))</td><td>\(e(g(k.alpha)))</td>"
                + "<td>\(e(g(k.lambdaMin)))</td><td>\(e(g(k.errorMin)))</td><td>\(e(g(k.seMin)))</td><td>\(k.keptMin)</td>"
                + "<td>\(e(g(k.lambda1se)))</td><td>\(e(g(k.error1se)))</td><td>\(k.kept1se)</td>"
                + "<td class=\"l\">\(r.withinOneSE.contains(k.name) ? "yes" : "")</td></tr>\n"
        }
        h += "</table>\n<p class=\"note\">Lasso, ridge and the best elastic net are compared at their λ<sub>min</sub>; "
            + "errors within one standard error of the best are treated as indistinguishable and the sparsest of those is recommended.</p>\n"

        // CV curves.
        var shown: [PenaltyResult] = [c.lasso]
        if let en = c.bestElasticNet { shown.append(en) }
        shown.append(c.ridge)
        h += "<h2>Cross-validation curves</h2>\n<div class=\"grid\">\n"
        for (k, pen) in shown.enumerated() {
            let chart = cvChart(pen.cv.curve, measure: c.measure.rawValue, title: pen.name, id: "cv\(k)",
                                color: penaltyColor(pen.alpha), width: 430, height: 330)
            h += "<div>" + chart.svg() + "</div>\n"
        }
        h += "</div>\n<p class=\"note\">Points: mean CV error over the folds; bars: ± one standard error; dotted lines: λ<sub>min</sub> and λ<sub>1se</sub>; top axis: non-zero coefficients (df).</p>\n"

        // Coefficient paths (standardized).
        h += "<h2>Coefficient paths</h2>\n<div class=\"grid\">\n"
        // One ranking (the largest standardized lasso coefficient along its path) for every panel,
        // so that a feature has the same colour everywhere.
        let strength = (0..<ev.features).map { j in
            c.lasso.cv.fit.points.map { abs($0.coefficients.dense[j] * ev.featureScales[j]) }.max() ?? 0
        }
        for (k, pen) in shown.enumerated() {
            let coefficients = pen.cv.fit.points.map { pt in zip(pt.coefficients.dense, ev.featureScales).map { $0 * $1 } }
            let chart = pathChart(lambdas: pen.cv.fit.lambdas, coefficients: coefficients, names: names, title: pen.name,
                                  yLabel: "standardized coefficient", id: "path\(k)",
                                  references: [ReferenceLine(x: pen.lambdaMin, label: "λmin"), ReferenceLine(x: pen.lambda1se, label: "λ1se")],
                                  strength: strength, width: 430, height: 360)
            h += "<div>" + chart.svg() + "</div>\n"
        }
        h += "</div>\n<p class=\"note\">Coefficients times the feature's standard deviation, so that they are comparable; the seven strongest features are coloured and named (names that do not fit are left out).</p>\n"

        // Lasso versus ridge.
        let lassoMin = ev.lassoStandardized, lasso1se = ev.lassoStandardized1se, ridge = ev.ridgeStandardized
        let order = (0..<ev.features).sorted {
            let a = max(abs(ridge[$0]), abs(lassoMin[$0])), b = max(abs(ridge[$1]), abs(lassoMin[$1]))
            return a != b ? a > b : $0 < $1
        }.prefix(30)
        var bars = PairedBarChart(width: 640)
        bars.title = "Lasso versus ridge, standardized coefficients"
        bars.xLabel = "standardized coefficient"
        bars.categories = order.map { names[$0] }
        bars.values = [order.map { lassoMin[$0] }, order.map { lasso1se[$0] }, order.map { ridge[$0] }]
        bars.seriesNames = ["lasso at λmin", "lasso at λ1se", "ridge at λmin"]
        bars.colors = [penaltyColor(1), "#F5C872", penaltyColor(0)]
        h += "<h2>Lasso versus ridge at the chosen lambdas</h2>\n" + bars.svg()
        if ev.features > 30 { h += "<p class=\"note\">The 30 features with the largest coefficients of \(ev.features).</p>\n" }

        // Stability selection.
        let st = ev.stability
        var chart = Chart(width: 760, height: 420)
        chart.title = "Stability selection: lasso on \(st.subsamples) half-samples"
        chart.id = "stability"
        chart.xLabel = "λ / λmax (log scale)"
        chart.yLabel = "selection frequency"
        chart.xKind = .log
        chart.xReversed = true
        chart.yDomain = (0, 1.02)
        let maxAll = (0..<ev.features).map { j in st.frequency.map { $0[j] }.max() ?? 0 }
        let rank = st.maxFrequencyInRegion
        let candidates: [Int] = (0..<ev.features).filter { maxAll[$0] > 0 }
        let sorted: [Int] = candidates.sorted { (a: Int, b: Int) -> Bool in
            if rank[a] != rank[b] { return rank[a] > rank[b] }
            if maxAll[a] != maxAll[b] { return maxAll[a] > maxAll[b] }
            return a < b
        }
        let top: [Int] = Array(sorted.prefix(7))
        var colour: [Int: String] = [:]
        for (k, j) in top.enumerated() { colour[j] = Palette.color(k) }
        for j in 0..<ev.features where colour[j] == nil {
            chart.lines.append(LineSeries(points: zip(st.fractions, st.frequency).map { PlotPoint($0, $1[j]) }, color: Palette.muted, width: 1))
        }
        for j in top {
            chart.lines.append(LineSeries(points: zip(st.fractions, st.frequency).map { PlotPoint($0, $1[j]) }, color: colour[j]!, width: 1.8))
            chart.endLabels.append(EndLabel(text: names[j], y: st.frequency.last![j], color: colour[j]!, priority: rank[j] + maxAll[j] / 10))
        }
        for sel in st.selections where sel.threshold == st.selections.first?.threshold || sel.threshold == st.selections.last?.threshold {
            chart.lines.append(LineSeries(points: [PlotPoint(st.fractions.first!, sel.threshold), PlotPoint(st.fractions.last!, sel.threshold)],
                                          color: "#666666", width: 1, dash: "2 3"))
        }
        chart.bands = [Band(from: st.fractions[0], to: st.fractions[st.regionEnd - 1], color: "#EEF4EA",
                            label: "error-control region")]
        h += "<h2>Stability selection</h2>\n" + chart.svg()
        h += "<table><tr><th>π<sub>thr</sub></th><th>features</th><th>E[V] ≤</th><th class=\"l\">selected</th></tr>\n"
        for sel in st.selections {
            h += "<tr><td>\(e(g(sel.threshold)))</td><td>\(sel.features.count)</td><td>\(e(g(sel.expectedFalseBound)))</td>"
                + "<td class=\"l\">\(e(sel.features.prefix(30).map { names[$0] }.joined(separator: ", ")))\(sel.features.count > 30 ? ", ..." : "")</td></tr>\n"
        }
        h += "</table>\n<p class=\"note\">Each half-sample has ⌊n/2⌋ rows drawn without replacement (seeded SplitMix64). "
            + "The frequency of a feature at λ is the fraction of the \(st.subsamples) lasso fits that keep it. The features whose largest "
            + "frequency in the shaded region (λ from λ<sub>max</sub> down to \(e(g(st.fractions[st.regionEnd - 1]))) λ<sub>max</sub>) is at least "
            + "π<sub>thr</sub> are selected; Meinshausen and Bühlmann's bound E[V] ≤ q² / ((2π<sub>thr</sub> − 1) p), with q = \(e(g(st.q))) "
            + "the average number of features a half-sample selects somewhere in the region, bounds the expected number of false selections "
            + "(it assumes the noise features are exchangeable). The dotted lines mark π<sub>thr</sub> = \(e(g(st.selections.first?.threshold ?? 0.6))) and "
            + "\(e(g(st.selections.last?.threshold ?? 0.9))).</p>\n"

        // Correlated groups.
        h += "<h2>Correlated groups</h2>\n"
        if let groups = ev.groups {
            if groups.isEmpty {
                h += "<p>No two features are correlated at |r| ≥ \(e(g(ev.correlationThreshold))).</p>\n"
            } else {
                h += "<table><tr><th class=\"l\">group</th><th>weakest link |r|</th><th class=\"l\">lasso keeps (λ<sub>min</sub>)</th>"
                    + "<th class=\"l\">ridge shares</th><th>ridge effective members</th></tr>\n"
                for grp in groups.prefix(50) {
                    let shares = zip(grp.members, grp.ridgeShares).map { "\(names[$0]) \(Int(($1 * 100).rounded()))%" }.joined(separator: ", ")
                    h += "<tr><td class=\"l\">\(e(grp.members.map { names[$0] }.joined(separator: ", ")))</td><td>\(e(g(grp.minimumLinkCorrelation)))</td>"
                        + "<td class=\"l\">\(grp.lassoKept.count) of \(grp.members.count): \(e(grp.lassoKept.map { names[$0] }.joined(separator: ", ")))</td>"
                        + "<td class=\"l\">\(e(shares))</td><td>\(e(g(grp.ridgeEffectiveMembers)))</td></tr>\n"
                }
                h += "</table>\n"
                let members = Array(groups.flatMap(\.members).prefix(40))
                var heat = Heatmap(names: members.map { names[$0] }, values: [])
                let all = groups.flatMap { grp in grp.members.map { ($0, grp) } }
                let lookup = Dictionary(all.map { ($0.0, $0.1) }, uniquingKeysWith: { a, _ in a })
                heat.values = members.map { j in
                    members.map { k -> Double in
                        guard let gj = lookup[j], gj.members == lookup[k]?.members,
                              let a = gj.members.firstIndex(of: j), let b = gj.members.firstIndex(of: k) else { return .nan }
                        return gj.correlations[a][b]
                    }
                }
                heat.title = "Correlations within the groups"
                heat.cell = members.count > 20 ? 14 : 24
                h += heat.svg()
                h += "<p class=\"note\">Weighted Pearson correlations; features are linked when |r| ≥ \(e(g(ev.correlationThreshold))) and a group is a connected component of the links. White cells: different groups.</p>\n"
            }
        } else {
            h += "<p>Not computed: more features than the limit for the correlation matrix.</p>\n"
        }
        h += "<p class=\"note\">Generated by shrink \(e(ShrinkVersion.number)). Deterministic for the seed.</p>\n</body></html>\n"
        return h
    }

    /// The colour of a penalty in every plot: lasso orange, ridge blue, elastic net green.
    static func penaltyColor(_ alpha: Double) -> String {
        alpha == 1 ? Palette.okabeIto[0] : alpha == 0 ? Palette.okabeIto[3] : Palette.okabeIto[2]
    }
}
