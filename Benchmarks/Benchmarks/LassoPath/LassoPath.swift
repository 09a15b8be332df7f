// A 100-lambda lasso path (glmnet's default grid, standardized, with intercept) on the
// Friedman-Hastie-Tibshirani (2010) simulated design with pairwise correlation rho = 0.5, in the
// two shapes of that paper's tables: many rows (N = 1000, p = 100, covariance updates) and many
// features (N = 100, p = 1000, naive updates). Data generation is outside the measurement.
import Benchmark
import FHTDesign
import Shrink

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

let maxDuration: Duration = {
    if let s = getenv("SHRINK_BENCH_MAX_MS"), let ms = Int(String(cString: s)) { return .milliseconds(ms) }
    return .seconds(2)
}()

let benchmarks: @Sendable () -> Void = {
    Benchmark.defaultConfiguration = .init(
        metrics: [.wallClock, .mallocCountTotal, .peakMemoryResident],
        timeUnits: .microseconds,
        warmupIterations: 1,
        maxDuration: maxDuration,
        maxIterations: 200
    )

    for (n, p) in [(1000, 100), (100, 1000)] {
        let data = FHTDesign(rows: n, columns: p, rho: 0.5)
        let x = DesignMatrix.dense(DenseMatrix(rowCount: n, columnCount: p, columnMajor: data.x))
        let y = data.y
        var options = ElasticNetOptions()
        options.lambdaCount = 100

        Benchmark("lasso path N=\(n) p=\(p) rho=0.5") { benchmark in
            for _ in benchmark.scaledIterations {
                do {
                    let path = try ElasticNet.fit(x: x, y: y, options: options)
                    blackHole(path.points.count)
                } catch {
                    benchmark.error("fit failed: \(error)")
                }
            }
        }
    }
}
