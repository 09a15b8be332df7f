import Foundation
import Testing
@testable import Shrink

/// Ridge binomial / poisson by Newton with Cholesky steps against the coordinate-descent GLM solver
/// at alpha = 0 (relative tolerance 1e-11) on the same lambdas.
@Suite("Ridge Newton (binomial, poisson) agrees with Logistic.fit / Poisson.fit at alpha = 0")
struct RidgeNewtonTests {
    enum Case: String, CaseIterable, CustomTestStringConvertible {
        case breastCancer, breastCancerWeighted, poissonExample, poissonWeightedOffset
        case wideBinomial, wideBinomialWeighted, widePoisson, widePoissonNoIntercept
        var testDescription: String { rawValue }
        var binomial: Bool { [.breastCancer, .breastCancerWeighted, .wideBinomial, .wideBinomialWeighted].contains(self) }
    }

    /// Weights (one zero), an unpenalized feature, unequal penalty factors, an offset, an excluded feature.
    static func rich(_ o: ElasticNetOptions, n: Int, p: Int, seed: UInt64, offset: Bool) -> ElasticNetOptions {
        var o = o
        var g = SplitMix64(seed: seed)
        var w = (0..<n).map { _ in 0.3 + 1.5 * g.uniform() }
        w[3] = 0
        o.weights = w
        var pf = (0..<p).map { _ in 0.3 + 2 * g.uniform() }
        pf[1] = 0
        o.penaltyFactors = pf
        o.excluded = [p - 1]
        if offset { o.offset = (0..<n).map { _ in 0.3 * g.normal() } }
        return o
    }

    /// A wide problem (n < p): FHT columns, 0/1 labels or counts from the linear signal.
    static func wide(n: Int, p: Int, binomial: Bool, seed: UInt64) -> (x: DesignMatrix, y: [Double]) {
        let data = SimulatedData(rows: n, features: p, rho: 0.3, seed: seed)
        var g = SplitMix64(seed: seed + 1)
        let mean = data.y.reduce(0, +) / Double(n)
        let y: [Double] = data.y.map { v in
            if binomial { return g.uniform() < 1 / (1 + exp(-(v - mean))) ? 1 : 0 }
            // Poisson counts by inversion.
            let mu = exp(0.3 * (v - mean))
            var k = 0.0, pk = exp(-mu), cdf = pk
            let u = g.uniform()
            while u > cdf && k < 100 { k += 1; pk *= mu / k; cdf += pk }
            return k
        }
        return (.dense(data.x), y)
    }

    static func data(_ c: Case) throws -> (x: DesignMatrix, y: [Double], options: ElasticNetOptions) {
        var base = ElasticNetOptions(alpha: 0)
        switch c {
        case .breastCancer, .breastCancerWeighted, .poissonExample, .poissonWeightedOffset:
            let f = try GLMFixture.load(c.binomial ? "breast_cancer" : "poisson_example")
            if c == .breastCancerWeighted || c == .poissonWeightedOffset {
                base = rich(base, n: f.n, p: f.p, seed: 7, offset: c == .poissonWeightedOffset)
            }
            return (f.design, f.y, base)
        case .wideBinomial, .wideBinomialWeighted, .widePoisson, .widePoissonNoIntercept:
            let (x, y) = wide(n: 40, p: 90, binomial: c.binomial, seed: 31)
            if c == .wideBinomialWeighted { base = rich(base, n: 40, p: 90, seed: 9, offset: true) }
            if c == .widePoissonNoIntercept { base.fitIntercept = false; base.standardize = false }
            if c == .widePoisson { base = rich(base, n: 40, p: 90, seed: 11, offset: false) }
            return (x, y, base)
        }
    }

    static func fit(_ c: Case, _ x: DesignMatrix, _ y: [Double], _ o: ElasticNetOptions) throws -> RegularizationPath {
        c.binomial ? try Logistic.fit(x: x, y: y, options: o) : try Poisson.fit(x: x, y: y, options: o)
    }

    static func objective(_ c: Case, _ x: DesignMatrix, _ y: [Double], _ o: ElasticNetOptions, _ point: PathPoint) throws -> Double {
        let b = point.coefficients.dense
        return c.binomial
            ? try Logistic.objective(x: x, y: y, options: o, lambda: point.lambda, intercept: point.intercept, coefficients: b)
            : try Poisson.objective(x: x, y: y, options: o, lambda: point.lambda, intercept: point.intercept, coefficients: b)
    }

    @Test("same lambdas and stop; objectives within 1e-8 relative; KKT", arguments: Case.allCases)
    func agreement(_ c: Case) throws {
        let (x, y, options) = try Self.data(c)
        let ridge = try Self.fit(c, x, y, options)  // automatic: ridge Newton at alpha = 0
        #expect(ridge.solver == .ridgeNewton)
        #expect(ridge.family == (c.binomial ? "binomial" : "poisson"))
        var cdOptions = options
        cdOptions.solver = .naive
        cdOptions.tolerance = 1e-11
        let cd = try Self.fit(c, x, y, cdOptions)
        #expect(cd.solver == .naive)
        #expect(ridge.points.count == cd.points.count, "\(ridge.points.count) vs \(cd.points.count) points")
        #expect(ridge.stopReason == cd.stopReason)
        #expect(relativeDifference(ridge.lambdas, cd.lambdas) <= 1e-9)
        #expect(abs(ridge.nullDeviance - cd.nullDeviance) <= 1e-10 * cd.nullDeviance)
        var worst = 0.0
        // The automatic grid's first point is the unpenalized fit (glmnet's convention; coordinate
        // descent follows it only without unpenalized features, so it is not compared).
        #expect(ridge.points[0].nonzeroCount <= (options.penaltyFactors?.filter { $0 == 0 }.count ?? 0))
        for (l, (a, b)) in zip(ridge.points, cd.points).enumerated() where l > 0 {
            #expect(a.converged)
            let oa = try Self.objective(c, x, y, options, a)
            let ob = try Self.objective(c, x, y, options, PathPoint(
                lambda: a.lambda, intercept: b.intercept, coefficients: b.coefficients, devianceRatio: 0,
                objective: 0, dualityGap: nil, kktViolation: 0, passes: 0, converged: true))
            let scale = max(abs(ob), 1e-300)
            worst = max(worst, (oa - ob) / scale)
            #expect(abs(oa - ob) <= 1e-8 * scale, "lambda \(a.lambda): objective \(oa) vs \(ob)")
            #expect(abs(a.objective - oa) <= 1e-12 * max(1, abs(oa)))
            #expect(a.kktViolation <= 1e-9, "lambda \(a.lambda): KKT \(a.kktViolation)")
            #expect(abs(a.devianceRatio - b.devianceRatio) <= 1e-5)
            if let e = options.excluded.first { #expect(a.coefficients.dense[e] == 0) }
        }
        // Newton's solutions are at least as good as coordinate descent's, up to rounding.
        #expect(worst <= 1e-12, "ridge objective above coordinate descent's by \(worst) relative")
    }

    @Test("the user's lambdas; sparse equals dense; Ridge.fitLogistic / fitPoisson are the same solver")
    func userLambdasSparse() throws {
        let (x, y, options0) = try Self.data(.wideBinomialWeighted)
        var options = options0
        options.lambdas = [0.5, 0.05, 0.002]
        guard case .dense(let d) = x else { return }
        let dense = try Ridge.fitLogistic(x: x, y: y, options: options)
        let sparse = try Ridge.fitLogistic(x: .sparse(SparseMatrix(d)), y: y, options: options)
        #expect(dense.lambdas == [0.5, 0.05, 0.002] && dense.solver == .ridgeNewton)
        for (a, b) in zip(dense.points, sparse.points) {
            #expect(relativeDifference(a.coefficients.dense, b.coefficients.dense) <= 1e-10)
        }
        let (px, py, po) = try Self.data(.poissonExample)
        let viaFit = try Poisson.fit(x: px, y: py, options: po)
        let direct = try Ridge.fitPoisson(x: px, y: py, options: po)
        #expect(viaFit.points.map(\.coefficients) == direct.points.map(\.coefficients))
    }

    @Test("coordinate descent when ridge cannot express the request; errors for explicit ridge solvers")
    func fallback() throws {
        let f = try GLMFixture.load("breast_cancer")
        var options = ElasticNetOptions(alpha: 0)
        options.lambdaCount = 5
        var bounded = options
        bounded.upperLimits = [Double](repeating: 1, count: f.p)
        #expect(try Logistic.fit(x: f.design, y: f.y, options: bounded).solver == .naive)
        var limited = options
        limited.maxFeatures = 40
        #expect(try Logistic.fit(x: f.design, y: f.y, options: limited).solver == .naive)
        var explicit = bounded
        explicit.solver = .ridgeNewton
        #expect(throws: ShrinkError.self) { try Logistic.fit(x: f.design, y: f.y, options: explicit) }
        var svd = options
        svd.solver = .ridgeSVD
        do {
            _ = try Logistic.fit(x: f.design, y: f.y, options: svd)
            Issue.record("ridge-svd for binomial was accepted")
        } catch {
            #expect("\(error)".contains("ridge-svd is for the gaussian family"))
        }
        var lasso = ElasticNetOptions(alpha: 1)
        lasso.lambdaCount = 5
        #expect(try Logistic.fit(x: f.design, y: f.y, options: lasso).solver == .naive)
    }
}
