import Foundation
import Testing
import Shrink

/// Defined behaviour of the GLM families on degenerate data.
@Suite("GLM edge cases")
struct GLMEdgeCaseTests {
    static func design(_ rows: [[Double]]) -> DesignMatrix { .dense(DenseMatrix(rows: rows)) }

    @Test("a single-class binomial target is a clear error")
    func singleClass() {
        let x = Self.design([[1, 2], [2, 1], [3, 5], [4, 3]])
        #expect(throws: ShrinkError.invalidInput(
            "the binomial response has a single class (every weighted row is 1); there is nothing to fit")) {
            try Logistic.fit(x: x, y: [1, 1, 1, 1])
        }
        // A class present only in rows of weight 0 counts as absent.
        var options = ElasticNetOptions()
        options.weights = [1, 1, 1, 0]
        #expect(throws: ShrinkError.self) { try Logistic.fit(x: x, y: [0, 0, 0, 1], options: options) }
    }

    @Test("binomial responses outside [0, 1] and negative counts name the row")
    func badResponses() {
        let x = Self.design([[1, 2], [2, 1], [3, 5]])
        #expect(throws: ShrinkError.invalidInput("binomial response value 2.0 in row 2 is outside [0, 1]")) {
            try Logistic.fit(x: x, y: [0, 2, 1])
        }
        #expect(throws: ShrinkError.invalidInput("poisson response value -1.0 in row 3 is negative")) {
            try Poisson.fit(x: x, y: [0, 2, -1])
        }
    }

    /// With an offset the null fit is iterative, and its gradients are exact only to rounding; the
    /// automatic grid's first point, at lambda_max, must still have every coefficient exactly zero.
    @Test("the first point of an automatic grid is the null model, offset or not")
    func firstPointIsNull() throws {
        var rng = SplitMix64(seed: 11)
        let n = 120, p = 6
        var rows: [[Double]] = [], y: [Double] = [], exposure: [Double] = []
        for _ in 0..<n {
            let row = (0..<p).map { _ in 2 * rng.uniform() - 1 }
            let e = 0.5 + 2.5 * rng.uniform()
            rows.append(row)
            exposure.append(log(e))
            y.append(Double(Int(e * exp(0.4 * row[0] - 0.3 * row[1]) + rng.uniform())))
        }
        for offset in [nil, exposure] {
            var options = ElasticNetOptions()
            options.offset = offset
            let poisson = try Poisson.fit(x: Self.design(rows), y: y, options: options)
            #expect(poisson.points[0].nonzeroCount == 0)
            #expect(poisson.points[1].nonzeroCount > 0)
            let binary = y.map { $0 > 1 ? 1.0 : 0.0 }
            let logistic = try Logistic.fit(x: Self.design(rows), y: binary, options: options)
            #expect(logistic.points[0].nonzeroCount == 0)
        }
    }

    @Test("all-zero poisson counts are a clear error")
    func allZeroCounts() {
        let x = Self.design([[1, 2], [2, 1], [3, 5]])
        #expect(throws: ShrinkError.self) { try Poisson.fit(x: x, y: [0, 0, 0]) }
    }

    /// Perfectly separated classes: the path neither hangs nor overflows; it stops once the fit is
    /// saturated and says so, every reported number finite.
    @Test("separable data stops early with a saturated deviance ratio")
    func separable() throws {
        var rows: [[Double]] = []
        var y: [Double] = []
        for i in 0..<40 {
            let t = Double(i) - 19.5
            rows.append([t, Double((i * 7) % 11), Double((i * 5) % 3)])
            y.append(t > 0 ? 1 : 0)
        }
        let path = try Logistic.fit(x: Self.design(rows), y: y)
        #expect(path.stopReason == .devianceRatioSaturated)
        #expect(path.points.count < 100)
        for point in path.points {
            #expect(point.intercept.isFinite && point.objective.isFinite)
            #expect(point.coefficients.values.allSatisfy { $0.isFinite })
        }
        #expect(path.points.last!.devianceRatio > 0.999)
    }

    /// The same data at user lambdas down to 0: separation makes the unpenalized problem unbounded;
    /// the solver gives up within its budget, flags the point as not converged and stays finite.
    @Test("separable data at lambda 0 terminates with finite, unconverged points")
    func separableUserLambdas() throws {
        var rows: [[Double]] = []
        var y: [Double] = []
        for i in 0..<20 {
            rows.append([Double(i) - 9.5, Double((i * 3) % 5)])
            y.append(i >= 10 ? 1.0 : 0.0)
        }
        var options = ElasticNetOptions()
        options.lambdas = [0.1, 0.01, 0]
        options.maxPasses = 20_000
        let path = try Logistic.fit(x: Self.design(rows), y: y, options: options)
        #expect(path.points.count == 3)
        #expect(path.points.allSatisfy { $0.objective.isFinite && $0.intercept.isFinite })
        #expect(path.points.last!.converged == false)
    }

    /// A poisson offset is an exposure: doubling every exposure leaves the coefficients unchanged and
    /// shifts the intercept-free fit; with offset log(t) and counts proportional to t the fit matches.
    @Test("an offset equal to a constant shifts only the intercept")
    func constantOffset() throws {
        var rows: [[Double]] = []
        var y: [Double] = []
        for i in 0..<30 {
            let a = Double(i % 7), b = Double((i * 3) % 5), c = Double(i % 2)
            rows.append([a, b, c])
            y.append(Double((i * 13) % 6))
        }
        var options = ElasticNetOptions()
        options.lambdas = [0.05, 0.01]
        options.tolerance = 1e-12
        let plain = try Poisson.fit(x: Self.design(rows), y: y, options: options)
        options.offset = [Double](repeating: 0.7, count: 30)
        let shifted = try Poisson.fit(x: Self.design(rows), y: y, options: options)
        for (a, b) in zip(plain.points, shifted.points) {
            #expect(abs(a.intercept - 0.7 - b.intercept) <= 1e-8)
            for (u, v) in zip(a.coefficients.dense, b.coefficients.dense) { #expect(abs(u - v) <= 1e-8) }
        }
    }

    /// Dense and sparse input give the same path (sparse columns are scaled but not centered).
    @Test("sparse input gives the dense path")
    func sparseMatchesDense() throws {
        let f = try GLMFixture.load("binomial_enet")
        var options = f.options()
        options.lambdas = Array(f.lambda.prefix(40))
        options.tolerance = 1e-12
        let dense = try Logistic.fit(x: f.design, y: f.y, options: options)
        guard case .dense(let m) = f.design else { return }
        let sparse = try Logistic.fit(x: .sparse(SparseMatrix(m)), y: f.y, options: options)
        for (a, b) in zip(dense.points, sparse.points) {
            #expect(abs(a.objective - b.objective) <= 1e-10 * a.objective)
            for (u, v) in zip(a.coefficients.dense, b.coefficients.dense) { #expect(abs(u - v) <= 1e-5 * max(1, abs(u))) }
        }
    }
}
