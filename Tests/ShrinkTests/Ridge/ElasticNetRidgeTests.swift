import Foundation
import Testing
@testable import Shrink

/// `ElasticNet.fit` at alpha = 0 runs the closed-form ridge path, which must give the same path as
/// coordinate descent (certified by its duality gap / KKT at tolerance 1e-14).
@Suite("ElasticNet.fit at alpha = 0: the ridge solver and coordinate descent give the same path")
struct ElasticNetRidgeTests {
    /// Weights (one zero), an unpenalized feature, unequal penalty factors.
    static func weighted(_ options: ElasticNetOptions, rows n: Int, features p: Int, seed: UInt64) -> ElasticNetOptions {
        var o = options
        var g = SplitMix64(seed: seed)
        var w = (0..<n).map { _ in 0.25 + 2 * g.uniform() }
        w[1] = 0
        o.weights = w
        var pf = (0..<p).map { _ in 0.2 + 3 * g.uniform() }
        pf[0] = 0
        o.penaltyFactors = pf
        return o
    }

    /// Cases: diabetes (n = 442, p = 10) and glmnet's wide fixture (n = 50, p = 200), plain and
    /// with weights and penalty factors, with and without intercept / standardization.
    static let cases: [(String, Bool, Bool, Bool)] = [
        ("diabetes", false, true, true), ("diabetes", true, true, true), ("diabetes", true, false, false),
        ("wide", false, true, true), ("wide", true, true, true), ("wide", true, false, true),
    ]

    @Test("same lambdas, stop and objective (1e-10 relative) as coordinate descent", arguments: cases)
    func agreement(name: String, weighted: Bool, intercept: Bool, standardize: Bool) throws {
        let f = try GlmnetFixture.load(name)
        let x = try f.design()
        var options = ElasticNetOptions(alpha: 0)
        options.fitIntercept = intercept
        options.standardize = standardize
        if weighted { options = Self.weighted(options, rows: f.n, features: f.p, seed: UInt64(f.n)) }
        let ridge = try ElasticNet.fit(x: x, y: f.y, options: options)
        #expect(ridge.solver == .ridgeSVD)
        var cdOptions = options
        cdOptions.solver = .naive
        cdOptions.tolerance = 1e-14
        let cd = try ElasticNet.fit(x: x, y: f.y, options: cdOptions)
        #expect(cd.solver == .naive)
        #expect(ridge.points.count == cd.points.count, "\(ridge.points.count) vs \(cd.points.count) points")
        #expect(ridge.stopReason == cd.stopReason)
        #expect(relativeDifference(ridge.lambdas, cd.lambdas) <= 1e-12)
        #expect(abs(ridge.nullDeviance - cd.nullDeviance) <= 1e-12 * cd.nullDeviance)
        for (a, b) in zip(ridge.points, cd.points) {
            // Both objectives evaluated independently of either solver, at the ridge lambda.
            let oa = try ElasticNet.objective(x: x, y: f.y, options: options, lambda: a.lambda,
                                              intercept: a.intercept, coefficients: a.coefficients.dense)
            let ob = try ElasticNet.objective(x: x, y: f.y, options: options, lambda: a.lambda,
                                              intercept: b.intercept, coefficients: b.coefficients.dense)
            #expect(abs(oa - ob) <= 1e-10 * ob, "lambda \(a.lambda): objective \(oa) vs \(ob)")
            #expect(abs(a.objective - oa) <= 1e-10 * oa, "reported objective \(a.objective) vs \(oa)")
            // The objective is flat at the optimum, the deviance is not: coordinate descent's
            // solution error (gap 1e-14 relative) shows in it at the square root.
            #expect(abs(a.devianceRatio - b.devianceRatio) <= 1e-6)
            #expect(a.kktViolation <= 1e-9)
        }
    }

    @Test("the user's lambdas; sparse designs; offsets and excluded features")
    func userLambdasSparseOffset() throws {
        let data = SimulatedData(rows: 60, features: 25, rho: 0.4, seed: 17, sparsity: 0.6)
        var options = Self.weighted(ElasticNetOptions(alpha: 0), rows: 60, features: 25, seed: 5)
        options.lambdas = [3, 0.7, 0.05, 0.001]
        options.excluded = [4, 9]
        var g = SplitMix64(seed: 8)
        options.offset = (0..<60).map { _ in g.normal() }
        let dense = DesignMatrix.dense(data.x)
        let sparse = DesignMatrix.sparse(SparseMatrix(data.x))
        let a = try ElasticNet.fit(x: dense, y: data.y, options: options)
        let s = try ElasticNet.fit(x: sparse, y: data.y, options: options)
        var cdOptions = options
        cdOptions.solver = .covariance
        cdOptions.tolerance = 1e-14
        let cd = try ElasticNet.fit(x: dense, y: data.y, options: cdOptions)
        #expect(a.solver == .ridgeSVD && s.solver == .ridgeSVD && cd.solver == .covariance)
        #expect(a.lambdas == [3, 0.7, 0.05, 0.001])
        for ((p, q), c) in zip(zip(a.points, s.points), cd.points) {
            #expect(relativeDifference(p.coefficients.dense, q.coefficients.dense) <= 1e-12)
            #expect(relativeDifference(p.coefficients.dense, c.coefficients.dense) <= 1e-7)
            #expect(p.coefficients.dense[4] == 0 && p.coefficients.dense[9] == 0)
            let op = try ElasticNet.objective(x: dense, y: data.y, options: options, lambda: p.lambda,
                                              intercept: p.intercept, coefficients: p.coefficients.dense)
            let oc = try ElasticNet.objective(x: dense, y: data.y, options: options, lambda: p.lambda,
                                              intercept: c.intercept, coefficients: c.coefficients.dense)
            #expect(abs(op - oc) <= 1e-10 * oc, "objective \(op) vs \(oc)")
        }
    }

    @Test("coordinate descent runs when ridge cannot express the request or another solver is asked for")
    func fallback() throws {
        let f = try GlmnetFixture.load("diabetes")
        let x = try f.design()
        var options = ElasticNetOptions(alpha: 0)
        options.lambdaCount = 10
        var bounded = options
        bounded.lowerLimits = [Double](repeating: -1, count: f.p)
        #expect(try ElasticNet.fit(x: x, y: f.y, options: bounded).solver == .covariance)
        var upper = options
        upper.upperLimits = [Double](repeating: 1, count: f.p)
        #expect(try ElasticNet.fit(x: x, y: f.y, options: upper).solver == .covariance)
        var limited = options
        limited.maxFeatures = 20
        #expect(try ElasticNet.fit(x: x, y: f.y, options: limited).solver == .covariance)
        var ever = options
        ever.maxEverActive = 20
        #expect(try ElasticNet.fit(x: x, y: f.y, options: ever).solver == .covariance)
        var naive = options
        naive.solver = .naive
        #expect(try ElasticNet.fit(x: x, y: f.y, options: naive).solver == .naive)
        var lasso = ElasticNetOptions(alpha: 0.5)
        lasso.lambdaCount = 10
        #expect(try ElasticNet.fit(x: x, y: f.y, options: lasso).solver == .covariance)
        // Infinite limits are no constraint.
        var infinite = options
        infinite.lowerLimits = [Double](repeating: -.infinity, count: f.p)
        #expect(try ElasticNet.fit(x: x, y: f.y, options: infinite).solver == .ridgeSVD)
    }

    @Test("an explicit ridge-svd request that ridge cannot express is an error naming the reason")
    func explicitRidge() throws {
        let f = try GlmnetFixture.load("diabetes")
        let x = try f.design()
        func message(_ options: ElasticNetOptions) -> String {
            do { _ = try ElasticNet.fit(x: x, y: f.y, options: options); return "" } catch { return "\(error)" }
        }
        var options = ElasticNetOptions(alpha: 0.3)
        options.solver = .ridgeSVD
        #expect(message(options).contains("alpha = 0.3 is not 0"))
        options.alpha = 0
        options.upperLimits = [Double](repeating: 2, count: f.p)
        #expect(message(options).contains("upper limits"))
        options.upperLimits = nil
        options.solver = .ridgeNewton
        #expect(message(options).contains("ridge-newton is for the binomial and poisson"))
        options.solver = .ridgeSVD
        #expect(try ElasticNet.fit(x: x, y: f.y, options: options).solver == .ridgeSVD)
    }

    @Test("the automatic choice respects the size limits")
    func sizeLimits() {
        let small = DesignMatrix.dense(DenseMatrix(rowCount: 10, columnCount: 5, columnMajor: [Double](repeating: 0, count: 50)))
        #expect(ElasticNet.ridgeSizeFits(small, order: 5))
        #expect(!ElasticNet.ridgeSizeFits(small, order: ElasticNet.ridgeOrderLimit + 1))
    }
}
