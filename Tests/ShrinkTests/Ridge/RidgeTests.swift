import Foundation
import Testing
@testable import Shrink

/// A ridge path from scikit-learn (see scripts/make_ridge_fixtures.py): Ridge coefficients and
/// RidgeCV leave-one-out errors per lambda, GCV and df from an explicit hat matrix.
struct RidgeFixture: Decodable {
    var name: String
    var n: Int
    var p: Int
    var x: [Double]
    var y: [Double]
    var weights: [Double]?
    var penaltyFactor: [Double]?
    var lambda: [Double]
    var sklearnAlpha: [Double]
    var a0: [Double]
    var beta: [[Double]]
    var looRows: [[Double]]
    var loo: [Double]
    var gcv: [Double]
    var df: [Double]
    var sklearnBestAlpha: Double
    var weightSum: Double

    static let names = ["diabetes", "weighted_collinear", "wide_pf"]

    static func load(_ name: String) throws -> RidgeFixture {
        guard let url = Bundle.module.url(forResource: name, withExtension: "json", subdirectory: "Fixtures/ridge")
        else { throw ShrinkError.invalidInput("fixture \(name) is missing") }
        return try JSONDecoder().decode(RidgeFixture.self, from: Data(contentsOf: url))
    }

    var design: DesignMatrix { .dense(DenseMatrix(rowCount: n, columnCount: p, columnMajor: x)) }

    var options: ElasticNetOptions {
        var o = ElasticNetOptions(alpha: 0)
        o.lambdas = lambda
        o.weights = weights
        o.penaltyFactors = penaltyFactor
        return o
    }
}

/// `max_j |a_j - b_j| / max(max_j |b_j|, floor)`.
func relativeDifference(_ a: [Double], _ b: [Double], floor: Double = 1e-300) -> Double {
    var d = 0.0, s = floor
    for (u, v) in zip(a, b) { d = max(d, abs(u - v)); s = max(s, abs(v)) }
    return d / s
}

@Suite("Ridge: closed forms against scikit-learn and the elastic net at alpha = 0")
struct RidgeTests {
    @Test("path coefficients, LOO, GCV, df and chosen lambda agree with scikit-learn", arguments: RidgeFixture.names)
    func sklearnAgreement(name: String) throws {
        let f = try RidgeFixture.load(name)
        let path = try Ridge.fitPath(x: f.design, y: f.y, options: f.options)
        #expect(path.points.count == f.lambda.count)
        let order = f.lambda.indices.sorted { f.lambda[$0] > f.lambda[$1] }
        let loo = try #require(path.leaveOneOutErrors)
        for (l, src) in order.enumerated() {
            let point = path.points[l]
            #expect(point.lambda == f.lambda[src])
            let rel = relativeDifference(point.coefficients.dense, f.beta[src])
            #expect(rel <= 1e-8, "\(name) lambda \(f.lambda[src]): coefficients differ by \(rel)")
            #expect(abs(point.intercept - f.a0[src]) <= 1e-8 * max(1, abs(f.a0[src])))
            // scikit-learn's per-row squared errors are sw_i (e_i/(1-h_ii))^2; ours sum w_i (...)^2.
            let sklearnLOO = f.looRows[src].reduce(0, +) / f.weightSum
            #expect(abs(loo[l] - sklearnLOO) <= 1e-8 * sklearnLOO, "\(name): LOO \(loo[l]) vs \(sklearnLOO)")
            #expect(abs(path.gcvErrors[l] - f.gcv[src]) <= 1e-8 * f.gcv[src], "\(name): GCV")
            #expect(abs(path.degreesOfFreedom[l] - f.df[src]) <= 1e-8 * max(1, f.df[src]), "\(name): df")
            #expect(point.kktViolation <= 1e-9, "\(name): KKT \(point.kktViolation)")
        }
        #expect(abs(path.chosenLambda * f.weightSum - f.sklearnBestAlpha) <= 1e-9 * f.sklearnBestAlpha)
    }

    @Test("GCV without eigenvectors (tridiagonal solves) agrees with scikit-learn and with the eigenvector route",
          arguments: RidgeFixture.names)
    func gcvRoute(name: String) throws {
        let f = try RidgeFixture.load(name)
        let gcv = try Ridge.fitPath(x: f.design, y: f.y, options: f.options, criterion: .generalizedCrossValidation)
        let loo = try Ridge.fitPath(x: f.design, y: f.y, options: f.options)
        // The route is taken in the primal form with every lambda well above the truncation
        // threshold (diabetes); weighted_collinear's smallest lambda is below it and wide_pf is dual.
        let problem = try RidgeProblem(x: f.design, y: f.y, options: f.options)
        let spectrum = try RidgeSpectrum(problem, vectors: false)
        #expect((spectrum.shiftedSolutions(gcv.lambdas) != nil) == (name == "diabetes"))
        let order = f.lambda.indices.sorted { f.lambda[$0] > f.lambda[$1] }
        for (l, src) in order.enumerated() {
            let point = gcv.points[l]
            let rel = relativeDifference(point.coefficients.dense, f.beta[src])
            #expect(rel <= 1e-8, "\(name) lambda \(f.lambda[src]): coefficients differ by \(rel)")
            #expect(abs(point.intercept - f.a0[src]) <= 1e-8 * max(1, abs(f.a0[src])))
            #expect(abs(gcv.gcvErrors[l] - f.gcv[src]) <= 1e-8 * f.gcv[src], "\(name): GCV")
            #expect(abs(gcv.degreesOfFreedom[l] - f.df[src]) <= 1e-8 * max(1, f.df[src]), "\(name): df")
            #expect(abs(gcv.gcvErrors[l] - loo.gcvErrors[l]) <= 1e-10 * loo.gcvErrors[l])
            #expect(abs(point.objective - loo.points[l].objective) <= 1e-12 * loo.points[l].objective)
            #expect(point.kktViolation <= 1e-9, "\(name): KKT \(point.kktViolation)")
        }
    }

    @Test("the Cholesky solve at one lambda agrees with scikit-learn", arguments: RidgeFixture.names)
    func directSolve(name: String) throws {
        let f = try RidgeFixture.load(name)
        var options = f.options
        options.lambdas = nil
        for (l, lambda) in f.lambda.enumerated() {
            let point = try Ridge.fit(x: f.design, y: f.y, options: options, lambda: lambda)
            let rel = relativeDifference(point.coefficients.dense, f.beta[l])
            #expect(rel <= 1e-8, "\(name) lambda \(lambda): coefficients differ by \(rel)")
            #expect(point.kktViolation <= 1e-9)
        }
    }

    /// Options exercising every preparation step: weights (one zero), an unpenalized feature,
    /// unequal penalty factors, an excluded feature.
    static func richOptions(rows n: Int, features p: Int) -> ElasticNetOptions {
        var o = ElasticNetOptions(alpha: 0)
        var g = SplitMix64(seed: 99)
        var w = (0..<n).map { _ in 0.5 + g.uniform() }
        w[2] = 0
        o.weights = w
        var pf = [Double](repeating: 1, count: p)
        pf[1] = 0
        pf[3] = 2.5
        pf[4] = 0.3
        o.penaltyFactors = pf
        o.excluded = [5]
        return o
    }

    @Test("agrees with ElasticNet.fit at alpha = 0 (tolerance 1e-14) to 1e-8",
          arguments: [(120, 12, 0.0, true, true), (80, 10, 0.7, false, true), (40, 90, 0.3, true, false), (30, 60, 0, false, false)])
    func elasticNetAgreement(n: Int, p: Int, rho: Double, intercept: Bool, standardize: Bool) throws {
        let data = SimulatedData(rows: n, features: p, rho: rho, seed: UInt64(n * 1000 + p))
        var options = Self.richOptions(rows: n, features: p)
        options.fitIntercept = intercept
        options.standardize = standardize
        let x = DesignMatrix.dense(data.x)
        let ridge = try Ridge.fitPath(x: x, y: data.y, options: options, criterion: .generalizedCrossValidation, grid: .glmnet)
        options.lambdas = ridge.lambdas
        options.tolerance = 1e-14
        let cd = try ElasticNet.fit(x: x, y: data.y, options: options)
        #expect(cd.points.count == ridge.points.count)
        for (a, b) in zip(ridge.points, cd.points) {
            let rel = relativeDifference(a.coefficients.dense, b.coefficients.dense)
            // Where coordinate descent's own KKT certificate is weaker than 1e-9 (its stopping rule is a
            // relative duality gap), the difference is its error: ridge's KKT violation is ~1e-15 there.
            let bound = b.kktViolation <= 1e-9 ? 1e-8 : 1e-6
            #expect(rel <= bound, "lambda \(a.lambda): coefficients differ by \(rel); KKT ridge \(a.kktViolation), CD \(b.kktViolation)")
            #expect(a.kktViolation <= 1e-12)
            #expect(a.kktViolation <= max(b.kktViolation, 1e-14))
            #expect(abs(a.intercept - b.intercept) <= 1e-8 * max(1, abs(b.intercept)))
            #expect(abs(a.objective - b.objective) <= 1e-10 * b.objective, "objective \(a.objective) vs \(b.objective)")
            #expect(a.coefficients.dense[5] == 0)
        }
    }

    @Test("default KKT check: exact at the chosen lambda, a valid bound elsewhere (dual form); same solutions",
          arguments: [(40, 150, true), (30, 90, false)])
    func kktModes(n: Int, p: Int, intercept: Bool) throws {
        let data = SimulatedData(rows: n, features: p, rho: 0.3, seed: UInt64(n + p))
        let x = DesignMatrix.dense(data.x)
        var options = Self.richOptions(rows: n, features: p)
        options.fitIntercept = intercept
        let fast = try Ridge.fitPath(x: x, y: data.y, options: options)
        let exact = try Ridge.fitPath(x: x, y: data.y, options: options, kkt: .all)
        #expect(fast.chosenIndex == exact.chosenIndex && fast.leaveOneOutErrors == exact.leaveOneOutErrors)
        var loosest = 0.0
        for (l, (a, b)) in zip(fast.points, exact.points).enumerated() {
            #expect(a.coefficients == b.coefficients && a.intercept == b.intercept && a.objective == b.objective)
            #expect(b.kktViolation <= 1e-12, "exact KKT \(b.kktViolation) at \(l)")
            if l != fast.chosenIndex {
                // Cauchy-Schwarz: max_j |z_j'rho| <= max_j ||z_j|| ||rho||.
                #expect(a.kktViolation >= b.kktViolation, "bound \(a.kktViolation) below exact \(b.kktViolation)")
                loosest = max(loosest, a.kktViolation)
            }
        }
        #expect(loosest <= 1e-10, "bound \(loosest)")
        // At the chosen lambda: exact, as `kkt: .all` computes it (the gradient Z' rho of the dual
        // residual), and the coefficients those of Ridge.fit at that lambda.
        let chosenExact = exact.points[fast.chosenIndex].kktViolation
        #expect(abs(fast.chosen.kktViolation - chosenExact) <= 1e-6 * chosenExact + 1e-300,
                "chosen \(fast.chosen.kktViolation) against exact \(chosenExact)")
        var single = options
        single.lambdas = nil
        let direct = try Ridge.fit(x: x, y: data.y, options: single, lambda: fast.chosenLambda)
        #expect(fast.chosen.kktViolation <= 1e-12)
        #expect(relativeDifference(fast.chosen.coefficients.dense, direct.coefficients.dense) <= 1e-9)
    }

    @Test("the glmnet grid reproduces the elastic net's automatic lambdas and stopping rule")
    func glmnetGrid() throws {
        let data = SimulatedData(rows: 100, features: 15, rho: 0.5, seed: 3)
        let x = DesignMatrix.dense(data.x)
        let cd = try ElasticNet.fit(x: x, y: data.y, options: ElasticNetOptions(alpha: 0))
        let ridge = try Ridge.fitPath(x: x, y: data.y, options: ElasticNetOptions(alpha: 0), grid: .glmnet)
        #expect(ridge.points.count == cd.points.count)
        #expect(ridge.stopReason == cd.stopReason)
        #expect(relativeDifference(ridge.lambdas, cd.lambdas) <= 1e-9)
    }

    @Test("the spectral grid spans df from below 0.01 to nearly full rank; sparse equals dense")
    func spectralGrid() throws {
        let data = SimulatedData(rows: 50, features: 8, rho: 0.2, seed: 5)
        let path = try Ridge.fitPath(x: .dense(data.x), y: data.y)
        #expect(path.points.count == 100)
        #expect(path.degreesOfFreedom.first! < 0.01)
        #expect(path.degreesOfFreedom.last! > 7.9)
        let sparse = try Ridge.fitPath(x: .sparse(SparseMatrix(data.x)), y: data.y)
        #expect(relativeDifference(sparse.points[50].coefficients.dense, path.points[50].coefficients.dense) <= 1e-12)
        // Deterministic: the same input gives bit-identical output.
        let again = try Ridge.fitPath(x: .dense(data.x), y: data.y)
        #expect(again.points == path.points && again.leaveOneOutErrors == path.leaveOneOutErrors)
    }

    /// Every penalized feature is constant (so dropped) or excluded: the fit is the least-squares
    /// fit of the unpenalized ones at every lambda, with nothing for the penalty to act on.
    @Test("no penalized feature left: every lambda gives the unpenalized least-squares fit")
    func noPenalizedFeature() throws {
        let data = SimulatedData(rows: 30, features: 3, rho: 0, seed: 9)
        var cols = data.x.values
        for i in 0..<30 { cols[30 + i] = 1.5 }   // feature 2 is constant
        let x = DesignMatrix.dense(DenseMatrix(rowCount: 30, columnCount: 3, columnMajor: cols))
        var o = ElasticNetOptions(alpha: 0)
        o.penaltyFactors = [0, 1, 1]
        o.excluded = [2]
        o.lambdas = [10, 1, 0.1]
        for criterion in [RidgeCriterion.leaveOneOut, .generalizedCrossValidation] {
            let path = try Ridge.fitPath(x: x, y: data.y, options: o, criterion: criterion)
            #expect(path.points.count == 3)
            let b = path.points.map { $0.coefficients.dense }
            #expect(b[0] == b[1] && b[1] == b[2])
            #expect(b[0][1] == 0 && b[0][2] == 0 && b[0][0] != 0)
            // The normal equation of the one unpenalized feature (with intercept): its residual is orthogonal.
            let x0 = Array(cols[0..<30]), mean = x0.reduce(0, +) / 30
            var g = 0.0
            for i in 0..<30 { g += (x0[i] - mean) * (data.y[i] - path.points[0].intercept - b[0][0] * x0[i]) }
            #expect(abs(g) <= 1e-10 * data.y.map(abs).reduce(0, +))
        }
        let one = try Ridge.fit(x: x, y: data.y, options: o, lambda: 1)
        #expect(one.coefficients.dense[1] == 0 && one.coefficients.dense[0] != 0)
    }

    @Test("bad input is rejected with an error naming the problem")
    func badInput() {
        let data = SimulatedData(rows: 20, features: 4, rho: 0, seed: 1)
        let x = DesignMatrix.dense(data.x)
        func message(_ body: () throws -> Void) -> String {
            do { try body() } catch { return "\(error)" }
            return ""
        }
        var o = ElasticNetOptions(alpha: 0)
        o.lowerLimits = [-1, -1, -1, -1]
        #expect(message { _ = try Ridge.fitPath(x: x, y: data.y, options: o) }.contains("lower limits"))
        o = ElasticNetOptions(alpha: 0)
        o.upperLimits = [1, 1, 1, 1]
        #expect(message { _ = try Ridge.fit(x: x, y: data.y, options: o, lambda: 1) }.contains("upper limits"))
        o = ElasticNetOptions(alpha: 0)
        o.maxFeatures = 2
        #expect(message { _ = try Ridge.fitPath(x: x, y: data.y, options: o) }.contains("maxFeatures"))
        #expect(message { _ = try Ridge.fit(x: x, y: data.y, lambda: -1) }.contains("lambda = -1"))
        #expect(message { _ = try Ridge.fitPath(x: x, y: Array(data.y.dropLast())) }.contains("19 values"))
        var y = data.y
        y[3] = .nan
        #expect(message { _ = try Ridge.fitPath(x: x, y: y) }.contains("row 4"))
        o = ElasticNetOptions(alpha: 0)
        o.penaltyFactors = [0, 0, 1, 1]
        var cols = data.x.values
        for i in 0..<20 { cols[20 + i] = 2 * cols[i] }   // feature 2 = 2 * feature 1, both unpenalized
        let collinear = DesignMatrix.dense(DenseMatrix(rowCount: 20, columnCount: 4, columnMajor: cols))
        #expect(message { _ = try Ridge.fitPath(x: collinear, y: data.y, options: o) }.contains("collinear"))
        // lambda = 0 with a singular system: the Cholesky solve refuses, the path uses the pseudo-inverse.
        var wide = ElasticNetOptions(alpha: 0)
        wide.lambdas = [0]
        let w = SimulatedData(rows: 10, features: 30, rho: 0, seed: 2)
        #expect(message { _ = try Ridge.fit(x: .dense(w.x), y: w.y, lambda: 0) }.contains("singular"))
        #expect((try? Ridge.fitPath(x: .dense(w.x), y: w.y, options: wide, criterion: .generalizedCrossValidation)) != nil)
    }
}
