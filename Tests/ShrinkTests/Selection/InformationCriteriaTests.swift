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
}
