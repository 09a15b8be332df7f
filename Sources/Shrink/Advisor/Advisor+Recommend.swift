extension Advisor {
    /// Applies the decision rule (see ``Advisor``) and writes the reasons.
    static func recommend(_ c: Comparison) -> Recommendation {
        let e = c.evidence
        let names = c.featureNames
        let p = e.features, n = e.rows
        let sign = c.measure.largerIsBetter ? -1.0 : 1.0
        // Candidates in order of preference among exact ties: lasso, elastic net, ridge.
        var candidates = [c.lasso]
        if let en = c.bestElasticNet { candidates.append(en) }
        candidates.append(c.ridge)
        var best = candidates[0]
        for k in candidates.dropFirst() where sign * k.errorMin < sign * best.errorMin { best = k }
        let bar = sign * best.errorMin + best.seMin
        let within = candidates.filter { sign * $0.errorMin <= bar }
        var chosen = within[0]
        // Clearly sparser: at most 90% of the features (dropping 3 of 60 is no gain in
        // interpretability); otherwise equally sparse, and the smaller error decides.
        func clearlySparser(_ a: PenaltyResult, than b: PenaltyResult) -> Bool {
            Double(a.keptMin) <= sparsityRatio * Double(b.keptMin)
        }
        for k in within.dropFirst() {
            let sparser = clearlySparser(k, than: chosen)
            let asSparseButBetter = !sparser && !clearlySparser(chosen, than: k) && sign * k.errorMin < sign * chosen.errorMin
            if sparser || asSparseButBetter { chosen = k }
        }
        let outside = candidates.filter { sign * $0.errorMin > bar }
        let measure = c.measure.rawValue
        var reasons: [String] = []

        // 1. The cross-validated errors.
        for k in candidates {
            reasons.append("\(cap(k.name)): CV \(measure) \(fmt(k.errorMin)) ± \(fmt(k.seMin)) at lambda.min = \(fmt(k.lambdaMin)) "
                           + "with \(k.keptMin) of \(p) features (\(fmt(k.error1se)) with \(k.kept1se) at lambda.1se = \(fmt(k.lambda1se))).")
        }
        // 2. The decision.
        let headline: String
        if within.count == candidates.count {
            headline = "The data cannot tell \(list(candidates.map(\.name))) apart; \(chosen.name) is recommended because it is the sparsest."
            reasons.append("Every penalty's CV error is within one standard error (\(fmt(best.seMin))) of the best (\(best.name), "
                           + "\(fmt(best.errorMin))), so the data cannot tell them apart and sparsity decides: \(chosen.name) keeps "
                           + "\(chosen.keptMin) of \(p) features at lambda.min.")
        } else if within.count == 1 {
            headline = "\(cap(chosen.name)) is recommended: its CV error is lower than every other penalty's by more than one standard error."
            let runnerUp = outside.min { sign * $0.errorMin < sign * $1.errorMin }!
            reasons.append("\(cap(chosen.name))'s CV error \(fmt(chosen.errorMin)) is below the next best (\(runnerUp.name), "
                           + "\(fmt(runnerUp.errorMin))) by \(fmt(abs(runnerUp.errorMin - chosen.errorMin))), more than one standard "
                           + "error (\(fmt(chosen.seMin))).")
        } else {
            let tie = within.contains { $0.alpha != chosen.alpha && !clearlySparser(chosen, than: $0) }
            headline = "\(cap(chosen.name)) is recommended: the sparsest of the penalties within one standard error of the best (\(list(within.map(\.name))))"
                + (tie ? ", and the more accurate of those about as sparse (within 10% of its feature count)." : ".")
            reasons.append("\(cap(list(within.map(\.name)))) are within one standard error (\(fmt(best.seMin))) of the best error "
                           + "\(fmt(best.errorMin)); \(list(outside.map(\.name))) \(outside.count == 1 ? "is" : "are") worse by more "
                           + "than that (\(outside.map { fmt($0.errorMin) }.joined(separator: ", "))); among the indistinguishable ones "
                           + "\(chosen.name) keeps the fewest features (\(chosen.keptMin) of \(p))"
                           + (tie ? ", with the smaller error among those keeping about as many (within 10%)." : "."))
        }
        // 3. n versus p.
        if p > n {
            reasons.append("There are more features than rows (p = \(p), n = \(n)): the lasso can keep at most n features and picks "
                           + "one of a group of correlated ones, while ridge and the elastic net can keep them all.")
        } else {
            reasons.append("There are \(fmt(Double(n) / Double(p))) rows per feature (n = \(n), p = \(p))"
                           + (n >= 10 * p ? ", so every penalty estimates the coefficients with little help and they tend to differ little."
                                          : ", few enough that the penalty matters."))
        }
        // 4. How concentrated the signal is.
        let k90 = e.featuresHolding(0.9)
        if k90 > 0 {
            let verdict = Double(k90) <= max(1, Double(p) / 4) ? "the signal looks concentrated, as the lasso assumes"
                : Double(k90) >= Double(p) / 2 ? "the signal looks spread out, as ridge assumes" : "the signal is moderately concentrated"
            let kTop = max(1, e.lassoSupport1se)
            reasons.append("90% of the squared standardized ridge coefficients is held by \(k90) of \(p) features "
                           + "(the top \(kTop) hold \(pct(e.ridgeShare(top: kTop)))); \(verdict).")
        }
        // 5. Correlated groups.
        if let groups = e.groups {
            if groups.isEmpty {
                reasons.append("No two features are correlated at |r| >= \(fmt(e.correlationThreshold)), so the lasso's habit of keeping one of a correlated group does not come into play.")
            } else {
                let shown = groups.prefix(3).map { g -> String in
                    let memberNames = g.members.map { names[$0] }.joined(separator: ", ")
                    return "{\(memberNames)}: the lasso keeps \(g.lassoKept.count) of \(g.members.count), ridge spreads its weight over "
                        + "\(fmt(g.ridgeEffectiveMembers, digits: 2)) effective members"
                }
                let more = groups.count > 3 ? " (and \(groups.count - 3) more)" : ""
                reasons.append("\(groups.count) group\(groups.count == 1 ? "" : "s") of features correlated at |r| >= "
                               + "\(fmt(e.correlationThreshold))\(more): " + shown.joined(separator: "; ") + ".")
            }
        }
        // 6. Stability selection.
        let s = e.stability
        if let sel = s.selections.first(where: { $0.threshold >= 0.8 - 1e-9 }) ?? s.selections.last {
            let listed = sel.features.prefix(8).map { names[$0] }.joined(separator: ", ")
            reasons.append("Stability selection: \(sel.features.count) feature\(sel.features.count == 1 ? " is" : "s are") selected in at least "
                           + "\(pct(sel.threshold)) of \(s.subsamples) lasso fits on half-samples"
                           + (sel.features.isEmpty ? "" : " (\(listed)\(sel.features.count > 8 ? ", ..." : ""))")
                           + ", with at most \(fmt(sel.expectedFalseBound, digits: 2)) expected false selections (q = \(fmt(s.q, digits: 3)); the lasso keeps \(e.lassoSupport1se) at lambda.1se).")
        }
        let rule = chosen.alpha == 0 ? "lambda.min" : "lambda.1se"
        let lambda = chosen.alpha == 0 ? chosen.lambdaMin : chosen.lambda1se
        let choice: Recommendation.Choice = chosen.alpha == 1 ? .lasso : chosen.alpha == 0 ? .ridge : .elasticNet
        reasons.append("Recommended fit: \(chosen.name) at \(rule) = \(fmt(lambda)) (alpha = \(fmt(chosen.alpha))), keeping "
                       + "\(chosen.alpha == 0 ? chosen.keptMin : chosen.kept1se) of \(p) features.")
        return Recommendation(choice: choice, alpha: chosen.alpha, lambda: lambda, lambdaRule: rule,
                              distinguishable: within.count == 1, withinOneSE: within.map(\.name),
                              headline: headline, reasons: reasons)
    }

    /// A penalty counts as sparser than another only when it keeps at most this share of its features.
    static let sparsityRatio = 0.9

    /// `v` with `digits` significant digits, plainly printed.
    static func fmt(_ v: Double, digits: Int = 4) -> String {
        guard v.isFinite else { return v.isNaN ? "NaN" : (v > 0 ? "inf" : "-inf") }
        if v == 0 { return "0" }
        var e = 0
        var a = abs(v)
        while a >= 10 { a /= 10; e += 1 }
        while a < 1 { a *= 10; e -= 1 }
        let k = digits - 1 - e
        var r: Double
        if k >= 0 {
            var scale = 1.0
            for _ in 0..<min(k, 22) { scale *= 10 }
            r = (v * scale).rounded() / scale
        } else {
            var scale = 1.0
            for _ in 0..<(-k) { scale *= 10 }
            r = (v / scale).rounded() * scale
        }
        if r == -0.0 { r = 0 }
        var s = "\(r)"
        if s.hasSuffix(".0") { s.removeLast(2) }
        return s
    }

    /// A share as a whole percentage.
    static func pct(_ v: Double) -> String { "\(Int((v * 100).rounded()))%" }

    /// "a", "a and b", "a, b and c".
    static func list(_ items: [String]) -> String {
        items.count <= 1 ? (items.first ?? "") : items.dropLast().joined(separator: ", ") + " and " + items.last!
    }

    /// The first letter in upper case.
    static func cap(_ s: String) -> String { s.prefix(1).uppercased() + s.dropFirst() }
}
