import Testing
@testable import Shrink

/// The measure functions against scikit-learn.metrics (scripts/make_measure_fixtures.py).
@Suite struct CVMeasureTests {
    struct Reference: Decodable {
        var weights: [Double]
        var binaryY: [Double]
        var probability: [Double]
        var gaussianY: [Double]
        var gaussianMean: [Double]
        var poissonY: [Double]
        var poissonMean: [Double]
        var mse: Double
        var mae: Double
        var logLoss: Double
        var zeroOne: Double
        var auc: Double
        var aucUnweighted: Double
        var poissonDeviance: Double
    }

    let r: Reference = try! CVFixture.loadJSON("measures")

    func mean(_ f: (Int) -> Double, _ count: Int) -> Double {
        CVMeasure.weightedMean((0..<count).map(f), weights: r.weights)
    }

    @Test func gaussianLosses() {
        let n = r.gaussianY.count
        #expect(relativeError(mean({ CVMeasure.squaredError(y: r.gaussianY[$0], mean: r.gaussianMean[$0]) }, n), r.mse) < 1e-12)
        #expect(relativeError(mean({ CVMeasure.absoluteError(y: r.gaussianY[$0], mean: r.gaussianMean[$0]) }, n), r.mae) < 1e-12)
    }

    @Test func binomialDevianceIsTwiceLogLoss() {
        let n = r.binaryY.count
        let d = mean({ CVMeasure.binomialDeviance(y: r.binaryY[$0], probability: r.probability[$0]) }, n)
        #expect(relativeError(d, 2 * r.logLoss) < 1e-12)
        // Clamped as cv.glmnet: p = 0 scores like p = 1e-5.
        #expect(CVMeasure.binomialDeviance(y: 1, probability: 0) == CVMeasure.binomialDeviance(y: 1, probability: 1e-5))
    }

    @Test func misclassification() {
        let n = r.binaryY.count
        let e = mean({ CVMeasure.misclassified(y: r.binaryY[$0], probability: r.probability[$0]) }, n)
        #expect(relativeError(e, r.zeroOne) < 1e-12)
        #expect(CVMeasure.misclassified(y: 1, probability: 0.5) == 1)  // 0.5 predicts class 0
    }

    @Test func auc() {
        #expect(relativeError(CVMeasure.auc(y: r.binaryY, score: r.probability, weights: r.weights), r.auc) < 1e-12)
        #expect(relativeError(CVMeasure.auc(y: r.binaryY, score: r.probability), r.aucUnweighted) < 1e-12)
        #expect(CVMeasure.auc(y: [0, 0, 1, 1], score: [0.1, 0.2, 0.3, 0.4]) == 1)
        #expect(CVMeasure.auc(y: [0, 1], score: [0.5, 0.5]) == 0.5)
    }

    @Test func poissonDeviance() {
        let n = r.poissonY.count
        let d = mean({ CVMeasure.poissonDeviance(y: r.poissonY[$0], mean: r.poissonMean[$0]) }, n)
        #expect(relativeError(d, r.poissonDeviance) < 1e-12)
    }

    @Test func familyHooks() {
        let b = CVFamily.binomial(fit: { x, y, o in try ElasticNet.fit(x: x, y: y, options: o) })
        #expect(b.measures.first == .deviance)
        #expect(abs(b.loss(.mse, 1, 0) - 0.5) < 1e-15)  // 2 (1 - 0.5)^2, glmnet's two-column mse
        let p = CVFamily.poisson(fit: { x, y, o in try ElasticNet.fit(x: x, y: y, options: o) })
        #expect(p.loss(.deviance, 0, 0) == 2)  // 2 exp(0)
        #expect(CVFamily.gaussian.loss(.deviance, 3, 1) == 4)
    }
}
