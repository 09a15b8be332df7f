import Testing
@_spi(Benchmarks) @testable import Shrink

/// The benchmark's epoch runs the solver's coordinate step: repeated passes reach the optimum.
@Suite("Dense epoch (benchmark support)")
struct DenseEpochTests {
    @Test("ridge passes move every coordinate and converge to the ridge optimality conditions")
    func ridgeConverges() {
        let n = 40, p = 6
        var g = SplitMix64(seed: 99)
        let values = (0..<(n * p)).map { k in Double(k / n) * 0.3 + g.normal() }
        let x = DenseMatrix(rowCount: n, columnCount: p, columnMajor: values)
        let y = (0..<n).map { i in x[i, 0] - 2 * x[i, 3] + g.normal() }
        let epoch = DenseEpoch(x: x, y: y, alpha: 0, lambdaFraction: 0.05)
        #expect(epoch.l1 == 0 && epoch.l2 > 0)
        #expect(epoch.pass() == p)
        for _ in 0..<500 { _ = epoch.pass() }
        // Explicit standardized copy (weights 1/n, population sd) and y~ = (y - ybar) / sqrt(n).
        let w = 1 / Double(n)
        let ybar = y.reduce(0, +) / Double(n)
        var z = [[Double]]()
        for j in 0..<p {
            let column = (0..<n).map { x[$0, j] }
            let mean = column.reduce(0, +) / Double(n)
            let sd = (column.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } * w).squareRoot()
            z.append(column.map { w.squareRoot() * ($0 - mean) / sd })
        }
        var r = (0..<n).map { w.squareRoot() * (y[$0] - ybar) }
        for j in 0..<p { for i in 0..<n { r[i] -= z[j][i] * epoch.b[j] } }
        for j in 0..<p {
            let gradient = zip(z[j], r).reduce(0) { $0 + $1.0 * $1.1 }
            #expect(abs(gradient - epoch.l2 * epoch.b[j]) <= 1e-10, "feature \(j)")
        }
    }
}
