import Testing
import Shrink

/// The library example of README.md, kept compiling and checked against the KKT conditions.
@Suite("README library example")
struct ReadmeExampleTests {
    @Test("the README example runs and its solutions are optimal")
    func readmeExample() throws {
        let x = DenseMatrix(rows: [[1, 2, 0.5], [2, 0, 1.5], [3, 1, 2.5], [4, 3, 0.5], [5, 1, 1.0]])
        let y = [1.0, 2.1, 2.9, 4.2, 5.1]

        var options = ElasticNetOptions(alpha: 1)
        options.penaltyFactors = [1, 1, 0]
        let path = try ElasticNet.fit(x: .dense(x), y: y, options: options)

        for point in path.points {
            let violation = Optimality.maxKKTViolation(x: x, y: y, options: options, point: point)
            #expect(violation <= 1e-6)
        }
        let (intercept, coefficients) = path.coefficients(at: 0.05)
        let predictions = try path.predict(.dense(x), lambda: 0.05)
        for i in 0..<5 {
            let direct = intercept + (0..<3).reduce(0.0) { $0 + x[i, $1] * coefficients[$1] }
            #expect(abs(predictions[i] - direct) <= 1e-12)
        }
    }
}
