import Foundation
import Testing
@testable import Shrink

/// cv.glmnet agreement for the multinomial family (fixtures from scripts/make_cv_fixtures.R:
/// glmnet's MultinomialExample, K = 3, ungrouped and grouped lasso, the full fit's lambdas passed,
/// 10 given folds, thresh = 1e-20): cvm within 1e-6 relative, cvsd within 1e-4 relative, the same
/// lambda.min and lambda.1se indices. cvsd is the spread of ten nearly equal fold means, so it
/// magnifies the fold fits' solver error: at tolerance 1e-10 it differs by up to 3.4e-5 while cvm
/// agrees to 1e-6 (glmnet's own fixtures needed thresh 1e-20 for the same reason).
@Suite struct MultinomialCVTests {
    /// One cross-validation per fixture (tolerance 1e-10; the folds fits are the slow part) gives
    /// the curves of all four measures, each compared with its own cv.glmnet run.
    @Test(arguments: ["multinomial_ungrouped", "multinomial_grouped"])
    func agreesWithCvGlmnet(name: String) async throws {
        let f = try CVFixture.load(name)
        var options = ElasticNetOptions()
        options.tolerance = 1e-10
        options.lambdas = f.lambda
        let classes = f.y.map { Int($0) - 1 }
        let result = try await CrossValidation.multinomial(
            x: f.design, y: classes, classCount: 3, grouped: f.grouped ?? false, options: options,
            cvOptions: f.cvOptions(.deviance))
        #expect(result.curve == result.curves[.deviance])
        for measureName in ["deviance", "class", "mse", "mae"] {
            let measure = try #require(CVMeasure(rawValue: measureName))
            let reference = try #require(f.measures[measureName])
            let curve = try #require(result.curves[measure])
            #expect(curve.lambdas.count == f.lambda.count)
            let cvmError = maxRelativeError(curve.cvm, reference.cvm)
            let cvsdError = maxRelativeError(curve.cvsd, reference.cvsd)
            #expect(cvmError < 1e-6, "\(name) \(measureName): cvm relative error \(cvmError)")
            #expect(cvsdError < 1e-4, "\(name) \(measureName): cvsd relative error \(cvsdError)")
            #expect(curve.indexMin + 1 == reference.indexMin, "\(name) \(measureName)")
            #expect(curve.index1se + 1 == reference.index1se, "\(name) \(measureName)")
        }
    }

    /// With an n x K offset matrix (scripts/make_multinomial_cv_offset_fixture.R): each fold fits
    /// and predicts with its rows' offsets, as cv.glmnet; same tolerances as above.
    @Test func offsetsAgreeWithCvGlmnet() async throws {
        let f = try CVFixture.load("multinomial_offset")
        let offsets = try #require(f.offsets)
        var options = ElasticNetOptions()
        options.tolerance = 1e-10
        options.lambdas = f.lambda
        let classes = f.y.map { Int($0) - 1 }
        let result = try await CrossValidation.multinomial(
            x: f.design, y: classes, classCount: 3, options: options, offsets: offsets,
            cvOptions: f.cvOptions(.deviance))
        for measureName in ["deviance", "class", "mse", "mae"] {
            let measure = try #require(CVMeasure(rawValue: measureName))
            let reference = try #require(f.measures[measureName])
            let curve = try #require(result.curves[measure])
            let cvmError = maxRelativeError(curve.cvm, reference.cvm)
            let cvsdError = maxRelativeError(curve.cvsd, reference.cvsd)
            #expect(cvmError < 1e-6, "\(measureName): cvm relative error \(cvmError)")
            #expect(cvsdError < 1e-4, "\(measureName): cvsd relative error \(cvsdError)")
            #expect(curve.indexMin + 1 == reference.indexMin, "\(measureName)")
            #expect(curve.index1se + 1 == reference.index1se, "\(measureName)")
        }
        // Without the offsets the curve is a different one.
        let plain = try await CrossValidation.multinomial(
            x: f.design, y: classes, classCount: 3, options: options, cvOptions: f.cvOptions(.deviance))
        #expect(maxRelativeError(plain.curve.cvm, f.measures["deviance"]!.cvm) > 1e-3)
    }

    @Test func parallelEqualsSerialAndMeasuresAreChecked() async throws {
        let f = try CVFixture.load("multinomial_ungrouped")
        // The first 150 rows, 8 lambdas and 3 folds: enough to exercise the fold scheduling.
        let rows = Array(0..<150)
        let x = try f.design.selectingRows(rows)
        let classes = rows.map { Int(f.y[$0]) - 1 }
        var options = ElasticNetOptions()
        options.lambdas = Array(f.lambda.prefix(8))
        var c = CVOptions()
        c.folds = 3
        c.seed = 7
        let parallel = try await CrossValidation.multinomial(x: x, y: classes, classCount: 3,
                                                             options: options, cvOptions: c)
        c.parallel = false
        let serial = try await CrossValidation.multinomial(x: x, y: classes, classCount: 3,
                                                           options: options, cvOptions: c)
        // Equal but for the fit's wall-clock time.
        #expect(parallel.curves == serial.curves)
        #expect(parallel.fit.points == serial.fit.points)
        #expect(parallel.measure == .deviance)
        c.measure = .auc
        await #expect(throws: ShrinkError.self) {
            try await CrossValidation.multinomial(x: x, y: classes, classCount: 3, options: options, cvOptions: c)
        }
    }
}
