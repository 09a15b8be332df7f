import Foundation
import Testing
@testable import Shrink

/// The least-squares coordinate descent's deferred gradients and the sign rule of its Anderson
/// extrapolation.
@Suite("Coordinate descent")
struct CoordinateDescentTests {
    /// A gaussian problem with a few informative features among many.
    static func problem(seed: UInt64) throws -> (x: DenseMatrix, problem: GaussianProblem) {
        let (x, design, y0) = IRLSScreeningTests.data(n: 60, p: 150, counts: false, sparse: false, seed: seed)
        var rng = SplitMix64(seed: seed + 1)
        let y = (0..<x.rowCount).map { i in 2 * y0[i] + x[i, 0] - 0.5 * x[i, 3] + 0.3 * rng.normal() }
        return (x, try GaussianProblem(x: design, y: y, options: ElasticNetOptions()))
    }

    static func solver(_ x: DenseMatrix, _ problem: GaussianProblem, deferGradients: Bool,
                       stopsOnChange: Bool = false) -> CoordinateDescent<DenseResidual> {
        let standardized = StandardizedDenseDesign(x, sqrtWeights: problem.sqrtWeights, stats: problem.stats)
        return CoordinateDescent(
            model: DenseResidual(design: standardized, response: problem.response), penalty: problem.penalty,
            curvatures: problem.stats.curvatures, eligible: problem.eligible,
            responseSquares: problem.responseSquares, maxPasses: 100_000, deferGradients: deferGradients,
            stopsOnChange: stopsOnChange)
    }

    @Test("a solve from every eligible feature is the same to the bit with gradients deferred")
    func deferredFullSolve() throws {
        let (x, problem) = try Self.problem(seed: 21)
        var eager = Self.solver(x, problem, deferGradients: false)
        var deferred = Self.solver(x, problem, deferGradients: true)
        let lambdaMax = problem.lambdaMax(gradient: eager.gradient)
        for lambda in [0.5, 0.2, 0.05].map({ $0 * lambdaMax }) {
            let a = eager.solve(lambda: lambda, initialSet: problem.eligible, tolerance: 1e-10)
            let b = deferred.solve(lambda: lambda, initialSet: problem.eligible, tolerance: 1e-10)
            #expect(a.converged && b.converged)
            #expect(eager.b == deferred.b)
            #expect(a.passes == b.passes)
            #expect(a.certificate?.objective == b.certificate?.objective && a.certificate != nil)
        }
    }

    @Test("deferred gradients are computed when a strong set or a KKT check outside the working set needs them")
    func deferredOnDemand() throws {
        let (x, problem) = try Self.problem(seed: 22)
        var eager = Self.solver(x, problem, deferGradients: false)
        let lambdaMax = problem.lambdaMax(gradient: eager.gradient)
        let lambdas = (0..<12).map { lambdaMax * 0.8 * pow(0.85, Double($0)) }
        // A strong set first: the deferred solver computes every gradient then, as the eager one did.
        var deferred = Self.solver(x, problem, deferGradients: true)
        #expect(deferred.strongSet(lambda: lambdas[0], previous: lambdaMax)
                == eager.strongSet(lambda: lambdas[0], previous: lambdaMax))
        // A solve from a small working set: the features outside it are checked all the same, so the
        // solution is the eager solver's (to the tolerance: the checks may run at other points).
        var late = Self.solver(x, problem, deferGradients: true)
        for lambda in lambdas {
            let a = eager.solve(lambda: lambda, initialSet: [0], tolerance: 1e-12)
            let b = late.solve(lambda: lambda, initialSet: [0], tolerance: 1e-12)
            #expect(a.converged && b.converged)
            let (fa, fb) = (a.certificate?.objective ?? .nan, b.certificate?.objective ?? .nan)
            #expect(abs(fa - fb) <= 1e-10 * fa)
            for j in 0..<eager.b.count { #expect(abs(eager.b[j] - late.b[j]) <= 1e-5, "feature \(j)") }
        }
        #expect(late.b.filter { $0 != 0 }.count > 3, "the path must grow beyond its initial working set")
    }

    @Test("a solve that stops on the change criterion carries no certificate and lands near the certified solution")
    func stopsOnChange() throws {
        let (x, problem) = try Self.problem(seed: 23)
        var certified = Self.solver(x, problem, deferGradients: false)
        // Configured as an IRLS step's residual form.
        let standardized = StandardizedDenseDesign(x, sqrtWeights: problem.sqrtWeights, stats: problem.stats)
        func uncertifiedSolver() -> CoordinateDescent<DenseResidual> {
            CoordinateDescent(
                model: DenseResidual(design: standardized, response: problem.response), penalty: problem.penalty,
                curvatures: problem.stats.curvatures, eligible: problem.eligible,
                responseSquares: problem.responseSquares, maxPasses: 100_000, deferGradients: true,
                freshCrossProducts: true, certifiesByGap: false, stopsOnChange: true)
        }
        var uncertified = uncertifiedSolver()
        let lambdaMax = problem.lambdaMax(gradient: certified.gradient)
        var stopped = 0
        for lambda in [0.3, 0.1, 0.05, 0.02, 0.01].map({ $0 * lambdaMax }) {
            let a = certified.solve(lambda: lambda, initialSet: problem.eligible, tolerance: 1e-12)
            let b = uncertified.solve(lambda: lambda, initialSet: problem.eligible, tolerance: 1e-3)
            #expect(a.certificate != nil && a.converged && b.converged)
            // Stopped on the change criterion (a cycle that ran out of its budget is certified):
            // every coordinate's last step was below the threshold, `1e-3 * 1e-3` of the objective in
            // `curvature * delta^2`, so the objective is near the optimum.
            if b.certificate == nil { stopped += 1 }
            let objective = uncertified.certify(lambda: lambda, over: problem.eligible).objective
            let optimum = a.certificate?.objective ?? .nan
            #expect(objective >= optimum * (1 - 1e-14))
            #expect(objective - optimum <= 1e-4 * optimum, "lambda \(lambda / lambdaMax) of lambda_max")
        }
        #expect(stopped >= 2, "too few solves stopped on the change criterion: the check is void")
        // From a smaller working set the features outside must be checked: the solve certifies.
        var partial = uncertifiedSolver()
        let c = partial.solve(lambda: 0.3 * lambdaMax, initialSet: [0], tolerance: 1e-6)
        #expect(c.certificate != nil && c.converged)
    }

    @Test("Anderson's point holds every coordinate it would move to or across zero")
    func holdingSigns() {
        let current = [0.5, -0.25, 0.1, 0, -0.3, 2]
        let point = [0.7, 0.05, -0.2, 0.4, -0.1, 0]
        #expect(AndersonAcceleration.holdingSigns(point, of: current) == [0.7, -0.25, 0.1, 0, -0.1, 2])
    }
}
