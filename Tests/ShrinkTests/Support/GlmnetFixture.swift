import Foundation
import Shrink

/// A reference path computed by R glmnet with `thresh = 1e-14` (see scripts/make_gaussian_fixtures.R),
/// with its lambdas and alpha already mapped to Shrink's objective.
struct GlmnetFixture: Decodable {
    struct Sparse: Decodable {
        var colptr: [Int]
        var rowidx: [Int]
        var values: [Double]
    }
    var name: String
    var n: Int
    var p: Int
    var x: [Double]?
    var sparse: Sparse?
    var y: [Double]
    var weights: [Double]?
    var alpha: Double
    var standardize: Bool
    var intercept: Bool
    var penaltyFactor: [Double]?
    var lowerLimits: [Double]?
    var upperLimits: [Double]?
    var exclude: [Int]?
    var userLambda: Bool
    var lambdaInput: [Double]?
    var lambda: [Double]
    var a0: [Double]
    var beta: [[Double]]
    var objective: [Double]
    var devRatio: [Double]
    var droppedLeadingLambdas: Int
    var sy: Double
    var xScale: [Double]

    /// The fixture names shipped with the tests.
    static let names = [
        "quickstart", "quickstart_enet", "quickstart_bounds", "quickstart_nointercept_nostd",
        "quickstart_nointercept_std", "quickstart_exclude_pf", "diabetes", "diabetes_ridge", "longley",
        "wide", "wide_enet", "sparse", "userlambda", "userlambda_enet",
    ]

    /// Loads a fixture from the test bundle.
    static func load(_ name: String) throws -> GlmnetFixture {
        guard let url = Bundle.module.url(forResource: name, withExtension: "json", subdirectory: "Fixtures/gaussian")
        else { throw ShrinkError.invalidInput("fixture \(name) is missing") }
        return try JSONDecoder().decode(GlmnetFixture.self, from: Data(contentsOf: url))
    }

    /// The design, dense or sparse as glmnet saw it.
    func design() throws -> DesignMatrix {
        if let s = sparse {
            return .sparse(try SparseMatrix(rowCount: n, columnCount: p, columnStarts: s.colptr,
                                            rowIndices: s.rowidx.map { Int32($0) }, values: s.values))
        }
        return .dense(DenseMatrix(rowCount: n, columnCount: p, columnMajor: x ?? []))
    }

    /// Shrink options equivalent to the glmnet call, on the fixture's (mapped) lambdas.
    func options() -> ElasticNetOptions {
        var o = ElasticNetOptions(alpha: alpha)
        o.standardize = standardize
        o.fitIntercept = intercept
        o.weights = weights
        o.penaltyFactors = penaltyFactor
        o.lowerLimits = lowerLimits.map { $0.map { $0 <= -1e300 ? -.infinity : $0 } }
        o.upperLimits = upperLimits.map { $0.map { $0 >= 1e300 ? .infinity : $0 } }
        o.excluded = exclude ?? []
        return o
    }
}
