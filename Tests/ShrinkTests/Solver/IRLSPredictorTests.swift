import Foundation
import Testing
@testable import Shrink

/// The IRLS path's predictor (``IRLSSolver/predict(lambda:)``): it may only lower the objective at the
/// next lambda, and the solve from its point reaches the solution the solve from the last one does.
@Suite("IRLS path predictor")
struct IRLSPredictorTests {
    @Test("the predictor lowers the objective at the next lambda and the solve reaches the same solution",
          arguments: [false, true])
    func predictor(sparse: Bool) throws {
        let (_, design, y) = IRLSScreeningTests.data(n: 80, p: 200, counts: false, sparse: sparse, seed: 9)
        let options = ElasticNetOptions()
        let problem = try GLMProblem(x: design, responseCount: y.count, options: options)
        switch design {
        case .dense(let m): try check(problem, DenseGLMDesign(m, stats: problem.stats), y)
        case .sparse(let m): try check(problem, SparseGLMDesign(m, stats: problem.stats), y)
        }
    }

    private func check<Design: GLMDesign>(_ problem: GLMProblem, _ design: Design, _ y: [Double]) throws {
        var ybar = 0.0
        for i in y.indices { ybar += problem.weights[i] * y[i] }
        func solver() -> IRLSSolver<Design, BinomialFamily> {
            IRLSSolver(design: design, family: BinomialFamily(), y: y, weights: problem.weights, offset: problem.offset,
                       penalty: problem.penalty, eligible: problem.eligible, fitIntercept: true,
                       intercept: BinomialFamily().nullIntercept(ybar), maxPasses: 100_000)
        }
        let predicted = solver(), plain = solver()
        predicted.refreshGradients()
        plain.refreshGradients()
        let lambdaMax = problem.lambdaMax { predicted.gradient[$0] }
        PathPredictorCheck.walk(predicted: predicted, plain: plain,
                                lambdas: (0..<30).map { lambdaMax * pow(0.9, Double($0)) }) { lambda in
            predicted.currentLoss + problem.penalty.value(predicted.b, lambda: lambda)
        }
    }
}
