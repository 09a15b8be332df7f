import Testing
import Shrink

/// Agreement with R glmnet (thresh = 1e-14) on its example data, diabetes, longley, p > n, sparse
/// input, weights, penalty factors, bounds, exclusions, no intercept and no standardization.
@Suite("Agreement with R glmnet")
struct GlmnetAgreementTests {
    /// Solving on glmnet's lambdas at the default tolerance, our objective is at most 1e-7 (relative)
    /// above glmnet's at every point, and the objective we report is the one our coefficients give.
    @Test("objective matches glmnet on its lambdas at the default tolerance", arguments: GlmnetFixture.names)
    func objectiveOnGlmnetLambdas(name: String) throws {
        let f = try GlmnetFixture.load(name)
        let x = try f.design()
        var options = f.options()
        options.lambdas = f.lambda
        let path = try ElasticNet.fit(x: x, y: f.y, options: options)
        #expect(path.points.count == f.lambda.count)
        for (k, point) in path.points.enumerated() {
            #expect(point.converged)
            let ours = try ElasticNet.objective(x: x, y: f.y, options: options, lambda: point.lambda,
                                                intercept: point.intercept, coefficients: point.coefficients.dense)
            let theirs = f.objective[k]
            #expect((ours - theirs) / theirs <= 1e-7, "\(name) point \(k): objective \(ours) vs glmnet \(theirs)")
            #expect(abs(ours - point.objective) <= 1e-9 * theirs, "reported objective differs from recomputed")
        }
    }

    /// Solved tightly, the coefficients and deviance ratios agree with glmnet's (standardized units,
    /// relative to sd(y)); flat directions of the objective make looser solutions differ more.
    @Test("coefficients match glmnet when solved tightly", arguments: GlmnetFixture.names)
    func coefficientsOnGlmnetLambdas(name: String) throws {
        let f = try GlmnetFixture.load(name)
        var options = f.options()
        options.lambdas = f.lambda
        options.tolerance = 1e-13
        let path = try ElasticNet.fit(x: try f.design(), y: f.y, options: options)
        for (k, point) in path.points.enumerated() {
            let b = point.coefficients.dense
            for j in 0..<f.p {
                let diff = abs(b[j] - f.beta[k][j]) * f.xScale[j]
                #expect(diff <= 2e-4 * f.sy, "\(name) point \(k) feature \(j): \(b[j]) vs \(f.beta[k][j])")
            }
            #expect(abs(point.devianceRatio - f.devRatio[k]) <= 1e-5)
        }
    }

    /// On an automatic grid our lambdas are glmnet's (same exact lambda_max, same log spacing) and the
    /// path stops at the same point by the same deviance rules.
    @Test("the automatic grid matches glmnet's", arguments: GlmnetFixture.names)
    func automaticGrid(name: String) throws {
        let f = try GlmnetFixture.load(name)
        guard !f.userLambda, f.droppedLeadingLambdas == 0 else { return }
        let path = try ElasticNet.fit(x: try f.design(), y: f.y, options: f.options())
        let ours = path.lambdas
        #expect(abs(ours.count - f.lambda.count) <= 1, "\(name): \(ours.count) vs \(f.lambda.count) lambdas")
        for (a, b) in zip(ours, f.lambda) {
            #expect(abs(a - b) <= 1e-9 * b, "\(name): lambda \(a) vs \(b)")
        }
    }

    /// A user-given lambda list is sorted decreasing and solved in full.
    @Test("a user lambda list is sorted and never cut short")
    func userLambdas() throws {
        let f = try GlmnetFixture.load("userlambda")
        var options = f.options()
        options.lambdas = f.lambdaInput
        let path = try ElasticNet.fit(x: try f.design(), y: f.y, options: options)
        #expect(path.lambdas == (f.lambdaInput ?? []).sorted(by: >))
        #expect(path.stopReason == .completed)
    }
}
