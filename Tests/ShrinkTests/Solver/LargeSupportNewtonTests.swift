import Testing
import Shrink

/// Supports past 1,000 features, where the Newton step on the support was once switched off and the
/// last points of an N > p path took thousands of coordinate passes each (BENCHMARKS.md, "N > p
/// beyond 1,000 features").
@Suite("Newton steps on large supports")
struct LargeSupportNewtonTests {
    @Test("the nearly unpenalized end of an N > p path with over 1,000 non-zeros converges in few passes")
    func largeSupport() throws {
        let data = SimulatedData(rows: 2300, features: 1050, rho: 0.5, seed: 23)
        var options = ElasticNetOptions()
        options.tolerance = 1e-7
        options.lambdaCount = 60
        // Bounds the test's time if the steps are lost again: such points then end unconverged.
        options.maxPasses = 1000
        let path = try ElasticNet.fit(x: .dense(data.x), y: data.y, options: options)
        #expect(path.solver == .covariance)
        let large = path.points.filter { $0.nonzeroCount > 1000 }
        #expect(!large.isEmpty)
        for point in large {
            let (converged, passes) = (point.converged, point.passes)
            // With only coordinate descent these points took thousands of passes.
            #expect(converged && passes <= 100, "lambda \(point.lambda): \(passes) passes, \(point.nonzeroCount) non-zeros")
        }
        let scale = data.y.map { $0 * $0 }.reduce(0, +).squareRoot() / Double(data.y.count).squareRoot()
        let last = try #require(path.points.last)
        let v = Optimality.maxKKTViolation(x: data.x, y: data.y, options: options, point: last)
        #expect(v <= 1e-6 * scale)
    }
}
