import Foundation
import Testing
@testable import Shrink

/// cv.glmnet agreement: with the same fold ids, cvm and cvsd agree within 1e-6 relative and
/// lambda.min / lambda.1se pick the same index (fixtures: scripts/make_cv_fixtures.R).
@Suite struct CVAgreementTests {
    static let cases: [(String, String)] = CVFixture.names.flatMap { name in [(name, "mse"), (name, "mae")] }

    @Test(arguments: cases)
    func agreesWithCvGlmnet(name: String, measureName: String) async throws {
        let f = try CVFixture.load(name)
        let measure = try #require(CVMeasure(rawValue: measureName))
        let reference = try #require(f.measures[measureName])
        let result = try await CrossValidation.run(x: f.design, y: f.y, options: f.options,
                                                   cvOptions: f.cvOptions(measure))
        // The master grid: given, or our automatic grid reproducing glmnet's.
        #expect(result.curve.lambdas.count == f.lambda.count)
        #expect(maxRelativeError(result.curve.lambdas, f.lambda) < 1e-10)
        // At glmnet's own lambda_max (the first user lambda) our lambda_max differs in the last
        // bits, so a coefficient of ~1e-16 may be (correctly) non-zero there; compare the rest.
        #expect(Array(result.curve.nzero.dropFirst()) == Array(f.nzero.dropFirst()))
        let first = result.fit.points[0].coefficients.values.map(abs).max() ?? 0
        #expect(first < 1e-12)
        let cvmError = maxRelativeError(result.curve.cvm, reference.cvm)
        let cvsdError = maxRelativeError(result.curve.cvsd, reference.cvsd)
        #expect(cvmError < 1e-6, "\(name) \(measureName): cvm relative error \(cvmError)")
        #expect(cvsdError < 1e-6, "\(name) \(measureName): cvsd relative error \(cvsdError)")
        #expect(result.curve.indexMin + 1 == reference.indexMin)
        #expect(result.curve.index1se + 1 == reference.index1se)
        #expect(relativeError(result.lambdaMin, reference.lambdaMin) < 1e-10)
        #expect(relativeError(result.lambda1se, reference.lambda1se) < 1e-10)
        #expect(result.grouped)
    }

    /// The out-of-fold predictions themselves (cv.glmnet's `fit.preval`).
    @Test(arguments: ["quickstart_user", "quickstart_auto"])
    func outOfFoldPredictionsAgree(name: String) async throws {
        let f = try CVFixture.load(name)
        let preval = try #require(f.preval)
        var c = f.cvOptions(.mse)
        c.keepPredictions = true
        let result = try await CrossValidation.run(x: f.design, y: f.y, options: f.options, cvOptions: c)
        let eta = try #require(result.predictions)
        #expect(eta.count == preval.count)
        var worst = 0.0
        for (a, b) in zip(eta, preval) { worst = max(worst, maxRelativeError(a, b, floor: 1)) }
        #expect(worst < 1e-6, "\(name): out-of-fold predictions differ by \(worst)")
    }

    /// Relaxed CV: one curve per gamma, the best (gamma, lambda) and the master relaxed fit.
    @Test func relaxedAgreesWithCvGlmnet() async throws {
        let f = try CVFixture.load("quickstart_relax")
        let reference = try #require(f.relaxed)
        var c = f.cvOptions(.mse)
        c.relax = true
        let result = try await CrossValidation.run(x: f.design, y: f.y, options: f.options, cvOptions: c)
        let relaxed = try #require(result.relaxed)
        #expect(relaxed.gammas == reference.gamma)
        for g in reference.gamma.indices {
            let e1 = maxRelativeError(relaxed.curves[g].cvm, reference.cvm[g])
            let e2 = maxRelativeError(relaxed.curves[g].cvsd, reference.cvsd[g])
            #expect(e1 < 1e-6, "gamma \(reference.gamma[g]): cvm relative error \(e1)")
            #expect(e2 < 1e-6, "gamma \(reference.gamma[g]): cvsd relative error \(e2)")
        }
        #expect(relaxed.indexMin.gamma + 1 == reference.gammaIndexMin)
        #expect(relaxed.indexMin.lambda + 1 == reference.indexMin)
        #expect(relaxed.index1se.gamma + 1 == reference.gammaIndex1se)
        #expect(relaxed.index1se.lambda + 1 == reference.index1se)
        // The relaxed master fit equals glmnet's (its least-squares refits).
        #expect(reference.relaxedLambda.count == relaxed.fit.relaxed.count)
        // Compared where the penalized active sets agree (see the note on lambda_max above).
        var worst = 0.0, compared = 0
        for k in relaxed.fit.relaxed.indices where result.curve.nzero[k] == f.nzero[k] {
            compared += 1
            let s = relaxed.fit.relaxed[k]
            worst = max(worst, relativeError(s.intercept, reference.relaxedA0[k], floor: 1))
            worst = max(worst, maxRelativeError(s.coefficients.dense, reference.relaxedBeta[k], floor: 1))
        }
        #expect(compared >= relaxed.fit.relaxed.count - 1)
        #expect(worst < 1e-7, "relaxed coefficients differ by \(worst)")
    }
}
