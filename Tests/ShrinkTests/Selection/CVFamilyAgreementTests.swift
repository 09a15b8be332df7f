import Foundation
import Testing
@testable import Shrink

/// cv.glmnet agreement for the binomial and poisson families (fixtures from
/// scripts/make_cv_fixtures.R: glmnet's BinomialExample with the automatic grid, PoissonExample
/// with the full fit's lambdas passed, 10 given folds, thresh = 1e-20): cvm and cvsd agree within
/// 1e-6 relative and lambda.min / lambda.1se pick the same index.
///
/// poisson_auto (automatic grid) is not compared: glmnet's poisson path stops after 68 lambdas
/// where ours runs 72 (its deviance-change stop), so the master grids differ in length.
@Suite struct CVFamilyAgreementTests {
    static let cases: [(String, String)] = [
        ("binomial_auto", "deviance"), ("binomial_auto", "auc"), ("binomial_auto", "class"),
        ("binomial_auto", "mse"), ("binomial_auto", "mae"),
        ("poisson_user", "deviance"), ("poisson_user", "mse"), ("poisson_user", "mae"),
    ]

    static func family(_ name: String?) -> CVFamily {
        switch name {
        case "binomial": return .binomial(fit: Logistic.fit)
        case "poisson": return .poisson(fit: Poisson.fit)
        default: return .gaussian
        }
    }

    @Test(arguments: cases)
    func agreesWithCvGlmnet(name: String, measureName: String) async throws {
        let f = try CVFixture.load(name)
        let measure = try #require(CVMeasure(rawValue: measureName))
        let reference = try #require(f.measures[measureName])
        var options = ElasticNetOptions()
        options.tolerance = 1e-13
        if f.userLambda { options.lambdas = f.lambda }
        var c = f.cvOptions(measure)
        c.family = Self.family(f.family)
        let result = try await CrossValidation.run(x: f.design, y: f.y, options: options, cvOptions: c)
        #expect(result.family == f.family)
        #expect(result.curve.lambdas.count == f.lambda.count)
        #expect(maxRelativeError(result.curve.lambdas, f.lambda) < 1e-9)
        #expect(Array(result.curve.nzero.dropFirst()) == Array(f.nzero.dropFirst()))
        // glmnet ranks probabilities and breaks ties at random (auc with weights): compare the
        // lambdas without ties (the first two, intercept only, and those where probabilities round to 1).
        let keep = result.curve.cvm.indices.filter { !(reference.tied?[$0] ?? false) }
        #expect(keep.count >= result.curve.cvm.count / 2)
        let cvmError = maxRelativeError(keep.map { result.curve.cvm[$0] }, keep.map { reference.cvm[$0] })
        let cvsdError = maxRelativeError(keep.map { result.curve.cvsd[$0] }, keep.map { reference.cvsd[$0] })
        #expect(cvmError < 1e-6, "\(name) \(measureName): cvm relative error \(cvmError)")
        #expect(cvsdError < 1e-6, "\(name) \(measureName): cvsd relative error \(cvsdError)")
        #expect(result.curve.indexMin + 1 == reference.indexMin)
        #expect(result.curve.index1se + 1 == reference.index1se)
        #expect(relativeError(result.lambdaMin, reference.lambdaMin) < 1e-9)
        #expect(relativeError(result.lambda1se, reference.lambda1se) < 1e-9)
    }

    /// A measure the family lacks is refused by name.
    @Test func poissonRefusesAUC() async throws {
        let f = try CVFixture.load("poisson_user")
        var c = f.cvOptions(.auc)
        c.family = .poisson(fit: Poisson.fit)
        await #expect(throws: ShrinkError.self) {
            _ = try await CrossValidation.run(x: f.design, y: f.y, cvOptions: c)
        }
    }
}
