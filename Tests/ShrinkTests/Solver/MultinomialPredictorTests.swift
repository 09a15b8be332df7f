import Foundation
import Testing
@testable import Shrink

/// The multinomial path's predictor (``MultinomialSolver/predict(lambda:)``): it may only lower the
/// objective at the next lambda, and the solve from its point reaches the solution the solve from the
/// last one does.
@Suite("Multinomial path predictor")
struct MultinomialPredictorTests {
    @Test("the predictor lowers the objective at the next lambda and the solve reaches the same solution")
    func predictor() throws {
        let n = 120, p = 40, K = 3
        var rng = SplitMix64(seed: 17)
        let rows = (0..<n).map { _ in (0..<p).map { _ in rng.normal() } }
        let y = rows.map { r -> Int in
            let scores = [1.2 * r[0] - r[1], 0.8 * r[2] + 0.5 * r[3], -r[0] + 0.7 * r[4]].map { $0 + rng.normal() }
            return scores.indices.max { scores[$0] < scores[$1] }!
        }
        let x = DenseMatrix(rows: rows)
        let problem = try MultinomialProblem(x: .dense(x), y: y, classCount: K, options: ElasticNetOptions(),
                                             grouped: false, offsets: nil)
        let design = DenseGLMDesign(x, stats: problem.base.stats)
        let shares = problem.classShares
        let logShares = shares.map { log($0) }
        let intercepts = logShares.map { $0 - logShares.reduce(0, +) / Double(K) }
        func solver() -> MultinomialSolver<DenseGLMDesign> {
            MultinomialSolver(design: design, labels: problem.labels, classCount: K, weights: problem.base.weights,
                              offset: problem.offset, penalty: problem.penalty, eligible: problem.base.eligible,
                              fitIntercept: true, intercepts: intercepts, maxPasses: 100_000)
        }
        let predicted = solver(), plain = solver()
        predicted.refreshGradients()
        plain.refreshGradients()
        let lambdaMax = problem.lambdaMax { j, k in predicted.gradient[k * p + j] }
        PathPredictorCheck.walk(predicted: predicted, plain: plain,
                                lambdas: (0..<30).map { lambdaMax * pow(0.88, Double($0)) }) {
            predicted.objective(lambda: $0)
        }
    }
}
