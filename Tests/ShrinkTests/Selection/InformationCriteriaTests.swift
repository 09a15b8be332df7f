import Foundation
import Testing
@testable import Shrink

/// AIC / BIC / EBIC and the effective df against R (scripts/make_cv_fixtures.R): the documented
/// formulas evaluated in R at glmnet's solutions with the df from a dense hat-matrix trace, and
/// R's own AIC() / BIC() of lm() on each active set (our relaxed least-squares refit).
@Suite struct InformationCriteriaTests {
    struct Reference: Decodable {
        var n: Int
        var p: Int
        var x: [Double]
        var y: [Double]
        var weights: [Double]
        var alpha: Double
        var lambda: [Double]
        var ebicGamma: Double
        var rss: [Double]
        var active: [[Int]]
        var df: [Double]
        var aic: [Double]
        var bic: [Double]
        var ebic: [Double]
        var lmAIC: [Double]
        var lmBIC: [Double]
        var lmCoefficients: [[Double]]
    }

    @Test(arguments: ["ic_diabetes_lasso", "ic_diabetes_enet"])
    func agreesWithR(name: String) throws {
        let r: Reference = try CVFixture.loadJSON(name)
        let x = DesignMatrix.dense(DenseMatrix(rowCount: r.n, columnCount: r.p, columnMajor: r.x))
        var o = ElasticNetOptions(alpha: r.alpha)
        o.weights = r.weights
        o.lambdas = r.lambda
        o.tolerance = 1e-13
        let path = try ElasticNet.fit(x: x, y: r.y, options: o)
        let ic = try InformationCriteria.along(path: path, x: x, y: r.y, options: o, ebicGamma: r.ebicGamma)
        for l in r.lambda.indices {
            #expect(path.points[l].coefficients.indices == r.active[l])
            #expect(relativeError(ic[l].df, r.df[l]) < 1e-8, "df at \(l): \(ic[l].df) vs \(r.df[l])")
            #expect(relativeError(ic[l].rss, r.rss[l]) < 1e-8)
            #expect(relativeError(ic[l].aic, r.aic[l]) < 1e-8)
            #expect(relativeError(ic[l].bic, r.bic[l]) < 1e-8)
            #expect(relativeError(ic[l].ebic, r.ebic[l]) < 1e-8)
        }
        if r.alpha == 1 { #expect(ic.map(\.df) == path.points.map { Double($0.nonzeroCount) }) }

        // The relaxed refit is lm() on the active set, and its criteria are R's AIC() / BIC().
        let relaxed = try RelaxedPath(path: path, x: x, y: r.y, options: o)
        for l in r.lambda.indices {
            let s = relaxed.relaxed[l]
            let coef = [s.intercept] + r.active[l].map { s.coefficients.dense[$0] }
            #expect(maxRelativeError(coef, r.lmCoefficients[l], floor: 1e-3) < 1e-8)
            let eta = x.linearPredictor(intercept: s.intercept, coefficients: s.coefficients.dense)
            let c = InformationCriteria(residuals: zip(r.y, eta).map { $0 - $1 }, weights: r.weights,
                                        df: Double(r.active[l].count), intercept: true, featureCount: r.p)
            #expect(relativeError(c.aic, r.lmAIC[l]) < 1e-10)
            #expect(relativeError(c.bic, r.lmBIC[l]) < 1e-10)
        }
    }

    /// Ridge df by the eigenvalue formula: sum d / (d + lambda) over the weighted correlation matrix.
    @Test func ridgeDFMatchesEigenFormulaForTwoFeatures() throws {
        let rows: [[Double]] = [[1, 2], [2, 1], [3, 5], [4, 3], [5, 7], [6, 4]]
        let x = DesignMatrix.dense(DenseMatrix(rows: rows))
        let y = [1.0, 2, 2, 4, 5, 5]
        var o = ElasticNetOptions(alpha: 0)
        o.lambdas = [0.3]
        let path = try ElasticNet.fit(x: x, y: y, options: o)
        let df = try InformationCriteria.effectiveDegreesOfFreedom(x: x, y: y, options: o, point: path.points[0])
        // Correlation of the two columns (population, unit weights); eigenvalues 1 +- r.
        let a = rows.map { $0[0] }, b = rows.map { $0[1] }
        let ma = a.reduce(0, +) / 6, mb = b.reduce(0, +) / 6
        let sab = zip(a, b).map { ($0 - ma) * ($1 - mb) }.reduce(0, +)
        let saa = a.map { ($0 - ma) * ($0 - ma) }.reduce(0, +), sbb = b.map { ($0 - mb) * ($0 - mb) }.reduce(0, +)
        let r = sab / (saa * sbb).squareRoot()
        let expected = (1 + r) / (1 + r + 0.3) + (1 - r) / (1 - r + 0.3)
        #expect(abs(df - expected) < 1e-12)
    }

    /// Binomial and poisson paths: `-2 log L` is the weighted log-likelihood at each point (for 0/1
    /// responses also the path's deviance), the lasso's df its non-zero count, the elastic net's the
    /// trace of the IRLS hat matrix, formed here densely from the documented formula.
    @Test(arguments: ["binomial", "poisson"], [1.0, 0.5])
    func glmCriteria(family: String, alpha: Double) throws {
        let n = 80, p = 6
        var g = SplitMix64(seed: family == "binomial" ? 21 : 22)
        let columns = (0..<p).map { j in (0..<n).map { _ in g.normal() + (j == 2 ? 3 : 0) } }
        let w = (0..<n).map { _ in 0.5 + g.uniform() }
        let offset = (0..<n).map { _ in 0.2 * g.uniform() }
        let y: [Double] = (0..<n).map { i in
            let eta = 0.4 + 0.9 * columns[0][i] - 0.5 * columns[1][i] + offset[i]
            if family == "binomial" { return g.uniform() < 1 / (1 + exp(-eta)) ? 1 : 0 }
            var count = 0.0, product = g.uniform()  // Knuth's Poisson draw
            while product > exp(-exp(eta)) { count += 1; product *= g.uniform() }
            return count
        }
        let x = DesignMatrix.dense(DenseMatrix(rowCount: n, columnCount: p, columnMajor: Array(columns.joined())))
        var o = ElasticNetOptions(alpha: alpha)
        o.weights = w
        o.offset = offset
        o.lambdaCount = 8
        o.tolerance = 1e-12
        let path = family == "binomial" ? try Logistic.fit(x: x, y: y, options: o) : try Poisson.fit(x: x, y: y, options: o)
        let ic = try InformationCriteria.along(path: path, x: x, y: y, options: o, ebicGamma: 0.5)
        #expect(ic.count == path.points.count)
        // The population sd of each column under the normalized weights (the penalty's scale).
        let wn = w.map { $0 / w.reduce(0, +) }
        let sds = columns.map { c -> Double in
            let m = zip(wn, c).reduce(0) { $0 + $1.0 * $1.1 }
            return zip(wn, c).reduce(0) { $0 + $1.0 * ($1.1 - m) * ($1.1 - m) }.squareRoot()
        }
        for (point, c) in zip(path.points, ic) {
            let b = point.coefficients.dense
            var m2ll = 0.0
            var v = [Double](repeating: 0, count: n)
            for i in 0..<n {
                var eta = point.intercept + offset[i]
                for j in 0..<p { eta += b[j] * columns[j][i] }
                let mu = family == "binomial" ? 1 / (1 + exp(-eta)) : exp(eta)
                let ll = family == "binomial" ? y[i] * log(mu) + (1 - y[i]) * log(1 - mu) : y[i] * eta - mu - lgamma(y[i] + 1)
                m2ll -= 2 * w[i] * ll
                v[i] = wn[i] * (family == "binomial" ? mu * (1 - mu) : mu)
            }
            #expect(relativeError(c.minus2LogLikelihood, m2ll) < 1e-10, "-2 log L \(c.minus2LogLikelihood) vs \(m2ll)")
            if family == "binomial" {
                let deviance = (1 - point.devianceRatio) * path.nullDeviance
                #expect(relativeError(c.minus2LogLikelihood, deviance) < 1e-8)
            }
            // df = tr(G (G + lambda (1 - alpha) D)^-1), G from the active columns centered under v.
            let active = point.coefficients.indices, k = active.count
            var expected = Double(k)
            if alpha < 1 && k > 0 {
                let total = v.reduce(0, +)
                let centered = active.map { j -> [Double] in
                    let m = zip(v, columns[j]).reduce(0) { $0 + $1.0 * $1.1 } / total
                    return columns[j].map { $0 - m }
                }
                var gram = [[Double]](repeating: [Double](repeating: 0, count: k), count: k)
                for a in 0..<k {
                    for d in 0..<k {
                        var sum = 0.0
                        for i in 0..<n { sum += v[i] * centered[a][i] * centered[d][i] }
                        gram[a][d] = sum
                    }
                }
                var m = gram
                for (t, j) in active.enumerated() { m[t][t] += point.lambda * (1 - alpha) * sds[j] * sds[j] }
                expected = Self.traceOfSolve(m, gram)
            }
            #expect(relativeError(c.df, expected) < 1e-9, "df \(c.df) vs \(expected) at lambda \(point.lambda)")
            let parameters = c.df + 1
            #expect(relativeError(c.aic, m2ll + 2 * parameters) < 1e-10)
            #expect(relativeError(c.bic, m2ll + log(Double(n)) * parameters) < 1e-10)
        }
        if alpha == 1 { #expect(ic.map(\.df) == path.points.map { Double($0.nonzeroCount) }) }
    }

    /// A response the family's likelihood does not take is an error naming its row and value.
    @Test func glmCriteriaRejectBadResponses() throws {
        let x = DesignMatrix.dense(DenseMatrix(rows: [[1, 0], [0, 1], [1, 1], [2, 0], [0, 2], [1, 3]]))
        let y = [0.0, 1, 1, 0, 1, 0]
        var o = ElasticNetOptions()
        o.lambdas = [0.05]
        let path = try Logistic.fit(x: x, y: y, options: o)
        var bad = y
        bad[3] = 2
        #expect(throws: ShrinkError.invalidInput("response 2.0 in row 4 is not 0 or 1 (binomial)")) {
            try InformationCriteria.along(path: path, x: x, y: bad, options: o)
        }
    }

    /// `tr(M^-1 B)` by Gauss-Jordan elimination (small dense matrices).
    static func traceOfSolve(_ m: [[Double]], _ b: [[Double]]) -> Double {
        let k = m.count
        var a: [[Double]] = zip(m, b).map { $0 + $1 }
        for c in 0..<k {
            let pivot = (c..<k).max { abs(a[$0][c]) < abs(a[$1][c]) }!
            a.swapAt(c, pivot)
            let d = a[c][c]
            a[c] = a[c].map { $0 / d }
            for r in 0..<k where r != c {
                let f = a[r][c]
                if f != 0 { a[r] = zip(a[r], a[c]).map { $0 - f * $1 } }
            }
        }
        var trace = 0.0
        for t in 0..<k { trace += a[t][k + t] }
        return trace
    }
}
