import Foundation
import Testing
import Shrink

/// Agreement of the multinomial path (ungrouped and grouped) with R glmnet (thresh = 1e-14) on
/// glmnet's MultinomialExample and scikit-learn's wine set, an independent KKT check, and the
/// defined behaviour on degenerate input.
@Suite("Multinomial")
struct MultinomialTests {
    /// The fixture's labels mapped to 0..<K in sorted order (glmnet's factor levels).
    static func labels(_ f: GLMFixture) -> [Int] {
        let levels = Array(Set(f.y)).sorted()
        return f.y.map { levels.firstIndex(of: $0)! }
    }

    static func objective(_ f: GLMFixture, _ options: ElasticNetOptions, lambda: Double,
                          intercepts: [Double], coefficients: [[Double]]) throws -> Double {
        try Multinomial.objective(x: f.design, y: labels(f), classCount: f.classCount, options: options,
                                  grouped: f.grouped, lambda: lambda, intercepts: intercepts,
                                  coefficients: coefficients)
    }

    /// Returns the largest KKT violation on the standardized scale, from scratch: softmax residuals,
    /// weighted column moments, and the per-coefficient (ungrouped) or per-feature group (grouped)
    /// subdifferential; the intercept conditions too.
    static func kktViolation(_ f: GLMFixture, options: ElasticNetOptions, point: MultinomialPathPoint) -> Double {
        let n = f.n, p = f.p, K = f.classCount
        let y = labels(f)
        let raw = options.weights ?? [Double](repeating: 1, count: n)
        let total = raw.reduce(0, +)
        let w = raw.map { $0 / total }
        var pf = options.penaltyFactors ?? [Double](repeating: 1, count: p)
        let pfSum = pf.reduce(0, +)
        pf = pf.map { $0 * Double(p) / pfSum }
        let b = point.coefficients.map(\.dense)
        // r[k][i] = w_i (y_ik - p_ik)
        var r = [[Double]](repeating: [Double](repeating: 0, count: n), count: K)
        var eta = [Double](repeating: 0, count: K)
        for i in 0..<n {
            for k in 0..<K {
                var e = point.intercepts[k]
                for j in 0..<p { e += f.x[j * n + i] * b[k][j] }
                eta[k] = e
            }
            let m = eta.max()!
            var s = 0.0
            for k in 0..<K { eta[k] = exp(eta[k] - m); s += eta[k] }
            for k in 0..<K { r[k][i] = w[i] * ((y[i] == k ? 1 : 0) - eta[k] / s) }
        }
        var worst = 0.0
        for k in 0..<K { worst = max(worst, abs(r[k].reduce(0, +))) }
        var g = [Double](repeating: 0, count: K), sb = g
        for j in 0..<p {
            var mean = 0.0, variance = 0.0
            for i in 0..<n { mean += w[i] * f.x[j * n + i] }
            for i in 0..<n { variance += w[i] * (f.x[j * n + i] - mean) * (f.x[j * n + i] - mean) }
            if variance == 0 { continue }
            let sd = variance.squareRoot()
            let l1 = point.lambda * options.alpha * pf[j], l2 = point.lambda * (1 - options.alpha) * pf[j]
            for k in 0..<K {
                var t = 0.0
                for i in 0..<n { t += (f.x[j * n + i] - mean) * r[k][i] }
                g[k] = t / sd
                sb[k] = b[k][j] * sd
            }
            if f.grouped {
                let norm = sb.reduce(0) { $0 + $1 * $1 }.squareRoot()
                if norm > 0 {
                    var d = 0.0
                    for k in 0..<K {
                        let e = g[k] - l2 * sb[k] - l1 * sb[k] / norm
                        d += e * e
                    }
                    worst = max(worst, d.squareRoot())
                } else {
                    worst = max(worst, g.reduce(0) { $0 + $1 * $1 }.squareRoot() - l1)
                }
            } else {
                for k in 0..<K {
                    let v = g[k] - l2 * sb[k]
                    let d = sb[k] > 0 ? abs(v - l1) : sb[k] < 0 ? abs(v + l1) : max(0, abs(v) - l1)
                    worst = max(worst, d)
                }
            }
        }
        return worst
    }

    /// On glmnet's lambdas at the default tolerance our objective is at most 1e-7 (relative) above
    /// glmnet's at every point (both computed by our objective function from the coefficients), every
    /// point is certified, and the KKT conditions hold when checked from scratch.
    @Test("objective matches glmnet on its lambdas", arguments: GLMFixture.multinomialNames)
    func objectiveOnGlmnetLambdas(name: String) throws {
        let f = try GLMFixture.load(name)
        var options = f.options()
        options.lambdas = f.lambda
        let path = try Multinomial.fit(x: f.design, y: Self.labels(f), classCount: f.classCount,
                                       options: options, grouped: f.grouped)
        #expect(path.points.count == f.lambda.count)
        var worstExcess = -Double.infinity, worstKKT = 0.0
        for (k, point) in path.points.enumerated() {
            #expect(point.converged, "\(name) point \(k) not converged")
            guard case .perClass(let beta) = f.beta[k], case .perClass(let a0) = f.a0[k] else {
                Issue.record("\(name): fixture point \(k) is not per class"); continue
            }
            let ours = try Self.objective(f, options, lambda: point.lambda, intercepts: point.intercepts,
                                          coefficients: point.coefficients.map(\.dense))
            let theirs = try Self.objective(f, options, lambda: point.lambda, intercepts: a0, coefficients: beta)
            let excess = (ours - theirs) / abs(theirs)
            worstExcess = max(worstExcess, excess)
            #expect(excess <= 1e-7, "\(name) point \(k): objective \(ours) vs glmnet \(theirs)")
            #expect(abs(ours - point.objective) <= 1e-12 * abs(theirs), "reported objective differs from recomputed")
            #expect(abs(point.devianceRatio - f.devRatio[k]) <= 5e-5,
                    "\(name) point \(k): dev ratio \(point.devianceRatio) vs \(f.devRatio[k])")
            let kkt = Self.kktViolation(f, options: options, point: point)
            worstKKT = max(worstKKT, kkt)
            #expect(kkt <= 1e-4 * max(1, point.lambda), "\(name) point \(k): KKT violation \(kkt)")
            #expect(abs(point.intercepts.reduce(0, +)) <= 1e-9 * max(1, point.intercepts.map(abs).max()!))
        }
        #expect(abs(path.nullDeviance - f.nulldev) <= 1e-9 * f.nulldev, "null deviance \(path.nullDeviance) vs \(f.nulldev)")
        print("\(name): worst relative objective excess \(worstExcess), worst KKT \(worstKKT)")
    }

    /// Solved tightly, the KKT conditions hold to a much smaller tolerance.
    @Test("tight tolerance gives a tight KKT certificate", arguments: GLMFixture.multinomialNames)
    func tightKKT(name: String) throws {
        let f = try GLMFixture.load(name)
        var options = f.options()
        options.lambdas = Array(f.lambda.enumerated().filter { $0.offset % 7 == 3 }.map(\.element))
        options.tolerance = 1e-12
        let path = try Multinomial.fit(x: f.design, y: Self.labels(f), classCount: f.classCount,
                                       options: options, grouped: f.grouped)
        for point in path.points {
            let kkt = Self.kktViolation(f, options: options, point: point)
            #expect(kkt <= 1e-6, "\(name) lambda \(point.lambda): KKT violation \(kkt)")
            #expect(point.kktViolation <= 1e-6)
        }
    }

    /// On the automatic grid our lambdas are glmnet's and the path stops where glmnet's does (one
    /// point of slack). On wine_grouped glmnet's path ends at 83 points because its solver did not
    /// converge at the 84th lambda within maxit = 1e7 (glmnet's warning, error code -84, checked by
    /// hand with R glmnet 4.1.6); we go on to its documented stop (deviance ratio > 0.999).
    @Test("the automatic grid matches glmnet's", arguments: GLMFixture.multinomialNames)
    func automaticGrid(name: String) throws {
        let f = try GLMFixture.load(name)
        let path = try Multinomial.fit(x: f.design, y: Self.labels(f), classCount: f.classCount,
                                       options: f.options(), grouped: f.grouped)
        if name == "wine_grouped" {
            #expect(path.lambdas.count > f.lambda.count && path.lambdas.count < 100)
            #expect(path.stopReason == .devianceRatioSaturated)
        } else {
            #expect(abs(path.lambdas.count - f.lambda.count) <= 1, "\(name): \(path.lambdas.count) vs \(f.lambda.count) lambdas, stop \(path.stopReason)")
        }
        for (a, b) in zip(path.lambdas, f.lambda) {
            #expect(abs(a - b) <= 1e-9 * b, "\(name): lambda \(a) vs \(b)")
        }
    }

    /// Dense and sparse input give the same path; the fit is bit-for-bit deterministic.
    @Test("sparse input gives the dense path; deterministic")
    func sparseMatchesDense() throws {
        let f = try GLMFixture.load("multinomial_grouped")
        var options = f.options()
        options.lambdas = Array(f.lambda.prefix(30))
        options.tolerance = 1e-12
        let y = Self.labels(f)
        let dense = try Multinomial.fit(x: f.design, y: y, classCount: 3, options: options, grouped: true)
        let again = try Multinomial.fit(x: f.design, y: y, classCount: 3, options: options, grouped: true)
        #expect(dense.points == again.points)
        guard case .dense(let m) = f.design else { return }
        let sparse = try Multinomial.fit(x: .sparse(SparseMatrix(m)), y: y, classCount: 3, options: options,
                                         grouped: true)
        for (a, b) in zip(dense.points, sparse.points) {
            #expect(abs(a.objective - b.objective) <= 1e-10 * a.objective)
            for (u, v) in zip(a.coefficients, b.coefficients) {
                for (s, t) in zip(u.dense, v.dense) { #expect(abs(s - t) <= 1e-5 * max(1, abs(s))) }
            }
        }
    }

    /// Probabilities are the softmax of the link, rows sum to 1, and the class is the arg-max;
    /// interpolation between path points is linear in lambda.
    @Test("prediction: link, probabilities, class, interpolation")
    func prediction() throws {
        let f = try GLMFixture.load("wine")
        let path = try Multinomial.fit(x: f.design, y: Self.labels(f), classCount: 3, options: f.options())
        let lambda = path.lambdas[20]
        let link = try path.link(f.design, lambda: lambda)
        let probabilities = try path.probabilities(f.design, lambda: lambda)
        let classes = try path.classes(f.design, lambda: lambda)
        for i in 0..<f.n {
            #expect(abs(probabilities[i].reduce(0, +) - 1) <= 1e-12)
            let best = link[i].indices.max { link[i][$0] < link[i][$1] }!
            #expect(classes[i] == best)
        }
        let accuracy = Double(zip(classes, Self.labels(f)).filter { $0 == $1 }.count) / Double(f.n)
        #expect(accuracy > 0.9)
        let mid = 0.5 * (path.lambdas[10] + path.lambdas[11])
        let (a0, b) = path.coefficients(at: mid)
        let left = path.points[10], right = path.points[11]
        for k in 0..<3 {
            #expect(abs(a0[k] - 0.5 * (left.intercepts[k] + right.intercepts[k])) <= 1e-12 * max(1, abs(a0[k])))
            let l = left.coefficients[k].dense, r = right.coefficients[k].dense
            for j in 0..<f.p { #expect(abs(b[k][j] - 0.5 * (l[j] + r[j])) <= 1e-12 * max(1, abs(b[k][j]))) }
        }
    }

    @Test("fewer than 3 classes, an absent class, labels out of range and bad options are clear errors")
    func errors() {
        let x = DesignMatrix.dense(DenseMatrix(rows: [[1, 2], [2, 1], [3, 5], [4, 3], [5, 5], [6, 1]]))
        #expect(throws: ShrinkError.invalidInput(
            "the multinomial family needs at least 3 classes (got 2); for 2 classes use the binomial family")) {
            try Multinomial.fit(x: x, y: [0, 1, 0, 1, 0, 1], classCount: 2)
        }
        #expect(throws: ShrinkError.invalidInput(
            "multinomial class 2 has no rows with positive weight; every class must occur in the data")) {
            try Multinomial.fit(x: x, y: [0, 1, 0, 1, 0, 1], classCount: 3)
        }
        var weighted = ElasticNetOptions()
        weighted.weights = [1, 1, 1, 1, 1, 0]
        #expect(throws: ShrinkError.invalidInput(
            "multinomial class 2 has no rows with positive weight; every class must occur in the data")) {
            try Multinomial.fit(x: x, y: [0, 1, 0, 1, 0, 2], classCount: 3, options: weighted)
        }
        #expect(throws: ShrinkError.invalidInput("multinomial class index 3 in row 4 is outside 0..<3")) {
            try Multinomial.fit(x: x, y: [0, 1, 2, 3, 0, 1], classCount: 3)
        }
        var bounded = ElasticNetOptions()
        bounded.lowerLimits = [0, 0]
        #expect(throws: ShrinkError.self) {
            try Multinomial.fit(x: x, y: [0, 1, 2, 0, 1, 2], classCount: 3, options: bounded, grouped: true)
        }
        var single = ElasticNetOptions()
        single.offset = [Double](repeating: 0, count: 6)
        #expect(throws: ShrinkError.self) {
            try Multinomial.fit(x: x, y: [0, 1, 2, 0, 1, 2], classCount: 3, options: single)
        }
    }

    /// Perfectly separated classes: the path neither hangs nor overflows; it stops once the fit is
    /// saturated and says so, every reported number finite.
    @Test("separable data stops early with a saturated fit", arguments: [false, true])
    func separable(grouped: Bool) throws {
        var rows: [[Double]] = []
        var y: [Int] = []
        for i in 0..<60 {
            let t = Double(i % 3) * 4 + Double(i % 5) * 0.1
            rows.append([t, Double((i * 7) % 11), Double((i * 5) % 3)])
            y.append(i % 3)
        }
        let path = try Multinomial.fit(x: .dense(DenseMatrix(rows: rows)), y: y, classCount: 3, grouped: grouped)
        #expect(path.stopReason == .devianceRatioSaturated)
        #expect(path.points.count < 100)
        for point in path.points {
            #expect(point.intercepts.allSatisfy(\.isFinite) && point.objective.isFinite)
            #expect(point.coefficients.allSatisfy { $0.values.allSatisfy(\.isFinite) })
        }
        #expect(path.points.last!.devianceRatio > 0.99)
    }

    /// Per-class offsets equal to a per-class constant only shift the intercepts.
    @Test("constant per-class offsets shift only the intercepts")
    func constantOffsets() throws {
        let f = try GLMFixture.load("wine")
        var options = f.options()
        options.lambdas = Array(f.lambda[10..<20])
        options.tolerance = 1e-12
        let y = Self.labels(f)
        let plain = try Multinomial.fit(x: f.design, y: y, classCount: 3, options: options)
        let shift = [0.5, -0.2, 0.1]
        let offsets = shift.map { [Double](repeating: $0, count: f.n) }
        let shifted = try Multinomial.fit(x: f.design, y: y, classCount: 3, options: options, offsets: offsets)
        for (a, b) in zip(plain.points, shifted.points) {
            for k in 0..<3 {
                let expected = a.intercepts[k] - (shift[k] - shift.reduce(0, +) / 3)
                #expect(abs(expected - b.intercepts[k]) <= 1e-6)
                for (u, v) in zip(a.coefficients[k].dense, b.coefficients[k].dense) { #expect(abs(u - v) <= 1e-6) }
            }
        }
    }
}
