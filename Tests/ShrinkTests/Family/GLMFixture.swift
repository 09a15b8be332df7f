import Foundation
import Shrink

/// A reference GLM path computed by R glmnet with `thresh = 1e-14` (scripts/make_glm_fixtures.R).
struct GLMFixture: Decodable {
    /// One coefficient vector (binomial, poisson) or one per class (multinomial).
    enum Coefficients: Decodable {
        case single([Double])
        case perClass([[Double]])
        init(from decoder: Decoder) throws {
            let c = try decoder.singleValueContainer()
            if let v = try? c.decode([Double].self) { self = .single(v) } else { self = .perClass(try c.decode([[Double]].self)) }
        }
    }
    /// A scalar intercept or one per class.
    enum Intercept: Decodable {
        case single(Double)
        case perClass([Double])
        init(from decoder: Decoder) throws {
            let c = try decoder.singleValueContainer()
            if let v = try? c.decode(Double.self) { self = .single(v) } else { self = .perClass(try c.decode([Double].self)) }
        }
    }
    var name: String
    var family: String
    var n: Int
    var p: Int
    var x: [Double]
    var y: [Double]
    var classCount: Int
    var grouped: Bool
    var weights: [Double]?
    var offset: [Double]?
    var alpha: Double
    var penaltyFactor: [Double]?
    var userLambda: Bool
    var lambda: [Double]
    var a0: [Intercept]
    var beta: [Coefficients]
    var objective: [Double]
    var devRatio: [Double]
    var nulldev: Double
    var xScale: [Double]

    /// The binomial and poisson fixtures.
    static let scalarNames = ["binomial_example", "binomial_enet", "breast_cancer", "breast_cancer_enet",
                              "poisson_example", "poisson_enet"]
    /// The multinomial fixtures.
    static let multinomialNames = ["multinomial_example", "multinomial_grouped", "wine", "wine_grouped"]

    static func load(_ name: String) throws -> GLMFixture {
        guard let url = Bundle.module.url(forResource: name, withExtension: "json", subdirectory: "Fixtures/glm")
        else { throw ShrinkError.invalidInput("fixture \(name) is missing") }
        return try JSONDecoder().decode(GLMFixture.self, from: Data(contentsOf: url))
    }

    var design: DesignMatrix { .dense(DenseMatrix(rowCount: n, columnCount: p, columnMajor: x)) }

    func options() -> ElasticNetOptions {
        var o = ElasticNetOptions(alpha: alpha)
        o.weights = weights
        o.penaltyFactors = penaltyFactor
        if family != "multinomial" { o.offset = offset }
        return o
    }
}
