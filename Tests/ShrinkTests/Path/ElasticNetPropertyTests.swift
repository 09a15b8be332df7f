import Testing
import Shrink

@Suite("Elastic-net path properties")
struct ElasticNetPropertyTests {
    /// The last case has enough rows for the naive solver to split its steps over two threads
    /// (``DenseResidual/splitRows``).
    static let cases: [(n: Int, p: Int, rho: Double)] = [(200, 20, 0), (200, 20, 0.9), (40, 120, 0.5), (9000, 40, 0.5)]

    @Test("KKT conditions hold at every path point", arguments: [0, 1, 2, 3], [1.0, 0.5])
    func kktAlongPath(caseIndex: Int, alpha: Double) throws {
        let c = Self.cases[caseIndex]
        let data = SimulatedData(rows: c.n, features: c.p, rho: c.rho, seed: UInt64(17 + caseIndex))
        var options = ElasticNetOptions(alpha: alpha)
        options.tolerance = 1e-12
        for solver in [ElasticNetOptions.Solver.naive, .covariance] where !(solver == .covariance && c.n < c.p) {
            options.solver = solver
            let path = try ElasticNet.fit(x: .dense(data.x), y: data.y, options: options)
            #expect(path.points.count > 5)
            let scale = data.y.map { $0 * $0 }.reduce(0, +).squareRoot() / Double(c.n).squareRoot()
            for point in path.points {
                #expect(point.converged)
                let v = Optimality.maxKKTViolation(x: data.x, y: data.y, options: options, point: point)
                #expect(v <= 1e-6 * scale, "lambda \(point.lambda) violation \(v) solver \(solver)")
            }
        }
    }

    @Test("The first point of the automatic grid is the null model and the second is not")
    func lambdaMaxIsExact() throws {
        let data = SimulatedData(rows: 100, features: 30, rho: 0.3, seed: 5)
        let path = try ElasticNet.fit(x: .dense(data.x), y: data.y)
        #expect(path.points[0].nonzeroCount == 0)
        #expect(path.points[1].nonzeroCount > 0)
        // Just below lambda_max one feature must enter: lambda_max is the smallest all-zero lambda.
        var options = ElasticNetOptions()
        options.lambdas = [path.points[0].lambda * (1 - 1e-9)]
        let below = try ElasticNet.fit(x: .dense(data.x), y: data.y, options: options)
        #expect(below.points[0].nonzeroCount == 1)
    }

    @Test("alpha = 0 matches the closed-form ridge solution")
    func ridgeClosedForm() throws {
        let data = SimulatedData(rows: 80, features: 12, rho: 0.7, seed: 9)
        var options = ElasticNetOptions(alpha: 0)
        options.lambdas = [10, 1, 0.1, 0.01]
        options.tolerance = 1e-14
        for solver in [ElasticNetOptions.Solver.naive, .covariance] {
            options.solver = solver
            let path = try ElasticNet.fit(x: .dense(data.x), y: data.y, options: options)
            for point in path.points {
                let (b0, b) = Optimality.ridge(x: data.x, y: data.y, lambda: point.lambda)
                #expect(abs(point.intercept - b0) <= 1e-7 * max(1, abs(b0)))
                for (u, v) in zip(point.coefficients.dense, b) {
                    #expect(abs(u - v) <= 1e-7 * max(1, abs(v)), "lambda \(point.lambda): \(u) vs \(v)")
                }
            }
        }
    }

    @Test("Dense and sparse inputs give the same path", arguments: [true, false])
    func denseSparseAgree(intercept: Bool) throws {
        let data = SimulatedData(rows: 150, features: 40, rho: 0.4, seed: 3, sparsity: 0.7)
        var options = ElasticNetOptions(alpha: 0.7)
        options.fitIntercept = intercept
        options.tolerance = 1e-13
        options.weights = (0..<150).map { 1 + Double($0 % 4) }
        let dense = try ElasticNet.fit(x: .dense(data.x), y: data.y, options: options)
        let sparse = try ElasticNet.fit(x: .sparse(SparseMatrix(data.x)), y: data.y, options: options)
        #expect(dense.points.count == sparse.points.count)
        for (a, b) in zip(dense.points, sparse.points) {
            #expect(abs(a.lambda - b.lambda) <= 1e-12 * a.lambda)
            #expect(abs(a.objective - b.objective) <= 1e-9 * a.objective)
            for (u, v) in zip(a.coefficients.dense, b.coefficients.dense) {
                #expect(abs(u - v) <= 1e-6 * max(1, abs(u)))
            }
        }
    }

    @Test("The same input gives bit-identical output")
    func deterministic() throws {
        let data = SimulatedData(rows: 60, features: 90, rho: 0.5, seed: 11)
        let a = try ElasticNet.fit(x: .dense(data.x), y: data.y)
        let b = try ElasticNet.fit(x: .dense(data.x), y: data.y)
        #expect(a.points == b.points)
    }

    /// At a loose tolerance the certificate must still be honest: the reported objective is the one
    /// the coefficients give, and the reported gap bounds the excess over a tightly solved path.
    @Test("the duality gap bounds the true excess at loose tolerances", arguments: [1e-3, 1e-5])
    func certificateIsHonest(tolerance: Double) throws {
        let data = SimulatedData(rows: 60, features: 400, rho: 0.5, seed: 23)
        var loose = ElasticNetOptions(alpha: 0.9)
        loose.tolerance = tolerance
        let path = try ElasticNet.fit(x: .dense(data.x), y: data.y, options: loose)
        var tight = loose
        tight.tolerance = 1e-13
        tight.lambdas = path.lambdas
        let reference = try ElasticNet.fit(x: .dense(data.x), y: data.y, options: tight)
        for (a, best) in zip(path.points, reference.points) {
            let recomputed = try ElasticNet.objective(
                x: .dense(data.x), y: data.y, options: loose, lambda: a.lambda,
                intercept: a.intercept, coefficients: a.coefficients.dense)
            #expect(abs(recomputed - a.objective) <= 1e-12 * recomputed)
            let excess = (recomputed - best.objective) / recomputed
            let gap = try #require(a.dualityGap)
            #expect(gap <= tolerance * 1.0000001)
            #expect(excess <= gap + 1e-13, "lambda \(a.lambda): excess \(excess) > gap \(gap)")
        }
    }
}

@Suite("Exact solves between path points")
struct ExactSolveTests {
    /// glmnet's exact = TRUE: the re-solved point is optimal (KKT) at a lambda between two path
    /// points, and no worse in objective than the interpolated coefficients.
    @Test func exactSolveIsOptimalWhereInterpolationIsNot() throws {
        let data = SimulatedData(rows: 120, features: 30, rho: 0.5, seed: 29)
        let path = try ElasticNet.fit(x: .dense(data.x), y: data.y)
        let lambda = (path.points[10].lambda + path.points[11].lambda) / 2
        let exact = try ElasticNet.solve(x: .dense(data.x), y: data.y, lambda: lambda)
        #expect(exact.lambda == lambda)
        let options = ElasticNetOptions()
        #expect(Optimality.maxKKTViolation(x: data.x, y: data.y, options: options, point: exact) <= 1e-6)
        let (a0, b) = path.coefficients(at: lambda)
        let objectiveExact = try ElasticNet.objective(x: .dense(data.x), y: data.y, options: options, lambda: lambda,
                                                      intercept: exact.intercept, coefficients: exact.coefficients.dense)
        let objectiveInterpolated = try ElasticNet.objective(x: .dense(data.x), y: data.y, options: options,
                                                             lambda: lambda, intercept: a0, coefficients: b)
        // Where no feature enters or leaves between the two points the lasso path is linear in lambda and
        // both are optimal: they may differ by rounding only (seen: 3e-16 relative, either way).
        #expect(objectiveExact <= objectiveInterpolated * (1 + 1e-13))
    }
}
