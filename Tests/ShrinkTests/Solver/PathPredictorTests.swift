import Foundation
import Testing
@testable import Shrink

/// The least-squares path's predictor (``CoordinateDescent/predict(lambda:)``): it may only lower the
/// objective at the next lambda, and the solve from its point reaches the solution the solve from
/// the last one does.
@Suite("Least-squares path predictor")
struct PathPredictorTests {
    @Test("the predictor lowers the objective at the next lambda and the solve reaches the same solution",
          arguments: [false, true])
    func predictor(sparse: Bool) throws {
        let (x, design, y0) = IRLSScreeningTests.data(n: 80, p: 200, counts: false, sparse: sparse, seed: 11)
        // A continuous response from the same features.
        var rng = SplitMix64(seed: 3)
        let y = (0..<x.rowCount).map { i in 2 * y0[i] + x[i, 0] - 0.5 * x[i, 3] + 0.3 * rng.normal() }
        let problem = try GaussianProblem(x: design, y: y, options: ElasticNetOptions())
        func solver() -> CoordinateDescent<DenseResidual> {
            let standardized = StandardizedDenseDesign(x, sqrtWeights: problem.sqrtWeights, stats: problem.stats)
            var cd = CoordinateDescent(
                model: DenseResidual(design: standardized, response: problem.response), penalty: problem.penalty,
                curvatures: problem.stats.curvatures, eligible: problem.eligible,
                responseSquares: problem.responseSquares, maxPasses: 100_000)
            cd.tracksPath = true
            return cd
        }
        func sparseSolver() -> CoordinateDescent<SparseResidual> {
            var cd = CoordinateDescent(
                model: SparseResidual(SparseMatrix(x), sqrtWeights: problem.sqrtWeights, stats: problem.stats,
                                      response: problem.response),
                penalty: problem.penalty, curvatures: problem.stats.curvatures, eligible: problem.eligible,
                responseSquares: problem.responseSquares, maxPasses: 100_000)
            cd.tracksPath = true
            return cd
        }
        if sparse { try check(problem, sparseSolver(), sparseSolver()) } else { try check(problem, solver(), solver()) }
    }

    private func check<Model: ResidualModel>(_ problem: GaussianProblem, _ predicted: CoordinateDescent<Model>,
                                             _ plain: CoordinateDescent<Model>) throws {
        var predicted = predicted, plain = plain
        let lambdaMax = problem.lambdaMax(gradient: predicted.gradient)
        // Structs: each side is mutated in place.
        PathPredictorCheck.walk(lambdas: (0..<30).map { lambdaMax * pow(0.9, Double($0)) }) {
            objective(predicted, problem, $0)
        } predict: { predicted.predict(lambda: $0) } strongSet: { side, lambda, previous in
            side ? predicted.strongSet(lambda: lambda, previous: previous)
                : plain.strongSet(lambda: lambda, previous: previous)
        } solve: { side, lambda, set in
            let s = side ? predicted.solve(lambda: lambda, initialSet: set, tolerance: 1e-12)
                : plain.solve(lambda: lambda, initialSet: set, tolerance: 1e-12)
            return (s.converged, s.certificate?.objective ?? .nan)
        } coefficients: { $0 ? predicted.b : plain.b }
    }

    /// `rss / 2 + penalty` at the solver's coefficients.
    private func objective<Model: ResidualModel>(_ cd: CoordinateDescent<Model>, _ problem: GaussianProblem,
                                                 _ lambda: Double) -> Double {
        0.5 * cd.model.residualSummary(cd.b).rss + problem.penalty.value(cd.b, lambda: lambda)
    }
}
