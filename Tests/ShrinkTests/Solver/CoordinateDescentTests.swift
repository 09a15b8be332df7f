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

    static func solver(_ x: DenseMatrix, _ problem: GaussianProblem,
                       deferGradients: Bool) -> CoordinateDescent<DenseResidual> {
        let standardized = StandardizedDenseDesign(x, sqrtWeights: problem.sqrtWeights, stats: problem.stats)
        return CoordinateDescent(
            model: DenseResidual(design: standardized, response: problem.response), penalty: problem.penalty,
            curvatures: problem.stats.curvatures, eligible: problem.eligible,
            responseSquares: problem.responseSquares, maxPasses: 100_000, deferGradients: deferGradients)
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
            #expect(a.certificate.objective == b.certificate.objective)
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
            #expect(abs(a.certificate.objective - b.certificate.objective) <= 1e-10 * a.certificate.objective)
            for j in 0..<eager.b.count { #expect(abs(eager.b[j] - late.b[j]) <= 1e-5, "feature \(j)") }
        }
        #expect(late.b.filter { $0 != 0 }.count > 3, "the path must grow beyond its initial working set")
    }

    @Test("Anderson's point holds every coordinate it would move to or across zero")
    func holdingSigns() {
        let current = [0.5, -0.25, 0.1, 0, -0.3, 2]
        let point = [0.7, 0.05, -0.2, 0.4, -0.1, 0]
        #expect(AndersonAcceleration.holdingSigns(point, of: current) == [0.7, -0.25, 0.1, 0, -0.1, 2])
    }
}
