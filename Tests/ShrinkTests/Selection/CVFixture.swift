import Foundation
import Shrink

/// A cv.glmnet reference run (see scripts/make_cv_fixtures.R): data, fold ids and, per measure,
/// cvm / cvsd / lambda.min / lambda.1se (1-based indices, as R).
struct CVFixture: Decodable {
    struct Measure: Decodable {
        var cvm: [Double]
        var cvsd: [Double]
        var lambdaMin: Double
        var lambda1se: Double
        var indexMin: Int
        var index1se: Int
        /// AUC only: whether some fold's out-of-fold predictions tie at each lambda.
        var tied: [Bool]?
    }
    struct Relaxed: Decodable {
        var gamma: [Double]
        var cvm: [[Double]]
        var cvsd: [[Double]]
        var lambdaMin: Double
        var gammaMin: Double
        var indexMin: Int
        var gammaIndexMin: Int
        var lambda1se: Double
        var gamma1se: Double
        var index1se: Int
        var gammaIndex1se: Int
        var relaxedLambda: [Double]
        var relaxedA0: [Double]
        var relaxedBeta: [[Double]]
    }
    var name: String
    /// The glmnet family (absent: gaussian).
    var family: String?
    /// Multinomial only: whether the penalty is grouped (type.multinomial = "grouped").
    var grouped: Bool?
    var n: Int
    var p: Int
    var x: [Double]
    var y: [Double]
    var weights: [Double]?
    var foldid: [Int]
    var userLambda: Bool
    var lambda: [Double]
    var nzero: [Int]
    var measures: [String: Measure]
    var preval: [[Double]]?
    var relaxed: Relaxed?
    /// Multinomial only: per-class offsets (K arrays of n values).
    var offsets: [[Double]]?

    static let names = [
        "quickstart_user", "quickstart_auto", "diabetes_user", "diabetes_auto",
        "diabetes_weights_user", "diabetes_weights_auto", "quickstart_relax",
    ]

    /// Loads a fixture from the test bundle.
    static func load(_ name: String) throws -> CVFixture {
        try loadJSON(name)
    }

    static func loadJSON<T: Decodable>(_ name: String) throws -> T {
        guard let url = Bundle.module.url(forResource: name, withExtension: "json", subdirectory: "Fixtures/cv")
        else { throw ShrinkError.invalidInput("fixture cv/\(name) is missing") }
        return try JSONDecoder().decode(T.self, from: Data(contentsOf: url))
    }

    var design: DesignMatrix { .dense(DenseMatrix(rowCount: n, columnCount: p, columnMajor: x)) }

    /// Lasso options as the glmnet call (thresh = 1e-14), with glmnet's lambdas when it got them.
    var options: ElasticNetOptions {
        var o = ElasticNetOptions()
        o.weights = weights
        o.tolerance = 1e-13
        if userLambda { o.lambdas = lambda }
        return o
    }

    func cvOptions(_ measure: CVMeasure) -> CVOptions {
        var c = CVOptions()
        c.foldIDs = foldid
        c.measure = measure
        return c
    }
}

/// `|a - b| / max(|b|, floor)`.
func relativeError(_ a: Double, _ b: Double, floor: Double = 1e-300) -> Double {
    abs(a - b) / max(abs(b), floor)
}

/// The largest ``relativeError(_:_:floor:)`` over two equally long arrays (infinity if lengths differ).
func maxRelativeError(_ a: [Double], _ b: [Double], floor: Double = 1e-300) -> Double {
    guard a.count == b.count else { return .infinity }
    return zip(a, b).map { relativeError($0, $1, floor: floor) }.max() ?? 0
}
