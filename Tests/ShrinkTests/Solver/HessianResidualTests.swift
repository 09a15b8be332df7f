import Testing
@testable import Shrink

/// The Hessian form of an IRLS step (``HessianResidual`` over a ``HessianCache`` of weighted products
/// from ``DenseGLMDesign``) against plain loops over an explicit standardized copy and against the
/// residual form (``IRLSResidual``) of the same step.
@Suite("IRLS steps held as Hessians")
struct HessianResidualTests {
    static let p = 6

    /// Column 0 has a large mean, column 2 is constant (a zero column once standardized).
    static func design(rows n: Int, seed: UInt64) -> (x: DenseMatrix, w: [Double], v: [Double]) {
        var g = SplitMix64(seed: seed)
        var values = [Double](repeating: 0, count: n * p)
        for j in 0..<p {
            for i in 0..<n { values[j * n + i] = j == 2 ? 7.5 : (j == 0 ? 1e5 : Double(j)) + g.normal() }
        }
        let raw = (0..<n).map { i in i == 3 ? 0 : 1 + Double(i % 5) }
        let total = raw.reduce(0, +)
        let w = raw.map { $0 / total }
        // IRLS weights w mu (1 - mu) at scattered probabilities.
        let v = w.map { wi in
            let mu = 0.05 + 0.9 * g.uniform()
            return wi * mu * (1 - mu)
        }
        return (DenseMatrix(rowCount: n, columnCount: p, columnMajor: values), w, v)
    }

    /// `x~_ij = (x_ij - c_j) / s_j`, zero for constant columns.
    static func standardized(_ x: DenseMatrix, _ stats: ColumnStatistics) -> [[Double]] {
        (0..<p).map { j in
            (0..<x.rowCount).map { i in stats.varies[j] ? (x[i, j] - stats.centers[j]) / stats.scales[j] : 0 }
        }
    }

    static func weightedDot(_ a: [Double], _ b: [Double], _ v: [Double]) -> Double {
        var s = 0.0
        for i in a.indices { s += v[i] * a[i] * b[i] }
        return s
    }

    @Test("weighted Gram and cross products match plain loops (tails, several row blocks)", arguments: [37, 601])
    func products(rows n: Int) throws {
        let (x, w, v) = Self.design(rows: n, seed: UInt64(n))
        let stats = ColumnStatistics(.dense(x), weights: w, center: true, standardize: true)
        let view = DenseGLMDesign(x, stats: stats)
        let z = Self.standardized(x, stats)
        let all = Array(0..<Self.p)
        let gram = try #require(v.withUnsafeBufferPointer { view.weightedCrossProducts(all, all, $0.baseAddress!) })
        for a in all {
            for c in all {
                let expected = Self.weightedDot(z[a], z[c], v)
                #expect(abs(gram[a * Self.p + c] - expected) <= 1e-12 * max(1, abs(expected)), "\(a), \(c)")
                #expect(gram[a * Self.p + c] == gram[c * Self.p + a])
            }
        }
        let rows = [4, 0, 5, 2, 1], columns = [3, 0, 2]
        let cross = try #require(v.withUnsafeBufferPointer { view.weightedCrossProducts(rows, columns, $0.baseAddress!) })
        for (a, j) in rows.enumerated() {
            for (c, k) in columns.enumerated() {
                let expected = Self.weightedDot(z[j], z[k], v)
                #expect(abs(cross[a * columns.count + c] - expected) <= 1e-12 * max(1, abs(expected)), "\(j), \(k)")
            }
        }
    }

    @Test("a cache extended feature by feature equals one formed at once")
    func cacheExtension() {
        let (x, w, v) = Self.design(rows: 301, seed: 5)
        let stats = ColumnStatistics(.dense(x), weights: w, center: true, standardize: true)
        let view = DenseGLMDesign(x, stats: stats)
        let z = Self.standardized(x, stats)
        var grown = HessianCache(featureCount: Self.p)
        grown.reset(weights: v)
        let first = grown.include([3, 1], design: view)
        #expect(first)
        let second = grown.include([1, 0, 5], design: view)
        #expect(second)
        let third = grown.include([4, 2, 3], design: view)
        #expect(third)
        var once = HessianCache(featureCount: Self.p)
        once.reset(weights: v)
        let formed = once.include([0, 1, 2, 3, 4, 5], design: view)
        #expect(formed)
        // About zero means the centered block is the raw products.
        let all = Array(0..<Self.p), zero = [Double](repeating: 0, count: Self.p)
        let grownBlock = grown.centeredProducts(all, means: zero), onceBlock = once.centeredProducts(all, means: zero)
        for j in 0..<Self.p {
            #expect(abs(grown.sum(j) - v.indices.reduce(0) { $0 + v[$1] * z[j][$1] }) <= 1e-12)
            for k in 0..<Self.p {
                let expected = Self.weightedDot(z[j], z[k], v), product = grownBlock[j * Self.p + k]
                #expect(abs(product - expected) <= 1e-12 * max(1, abs(expected)))
                #expect(abs(product - onceBlock[j * Self.p + k]) <= 1e-12 * max(1, abs(expected)))
                #expect(product == grownBlock[k * Self.p + j])
            }
        }
        #expect(grown.drift(from: v) == 0)
        #expect(abs(grown.drift(from: v.map { 1.5 * $0 }) - 0.5) <= 1e-12)
    }

    @Test("the Hessian model follows the residual model of the same IRLS step")
    func followsResidualModel() {
        let n = 83
        let (x, w, v) = Self.design(rows: n, seed: 9)
        let stats = ColumnStatistics(.dense(x), weights: w, center: true, standardize: true)
        let view = DenseGLMDesign(x, stats: stats)
        let z = Self.standardized(x, stats)
        var g = SplitMix64(seed: 11)
        // The current point: coefficients on features 1 and 4, and a gradient residual summing to 0.
        var b = [Double](repeating: 0, count: Self.p)
        b[1] = 0.4
        b[4] = -0.25
        var rho = (0..<n).map { i in v[i] > 0 ? v[i] * g.normal() : 0 }
        let total = v.reduce(0, +), shift = rho.reduce(0, +) / total
        for i in 0..<n { rho[i] -= shift * v[i] }
        let fitted = (0..<n).map { i in (0..<Self.p).reduce(0) { $0 + z[$1][i] * b[$1] } }
        // Both models cover the working set `set`, their feature `k` being `set[k]`.
        let set = [0, 1, 3, 4, 5]
        let residual = IRLSResidual(design: view, features: set, weights: v, residual: rho, fitted: fitted,
                                    centered: true)
        var cache = HessianCache(featureCount: Self.p)
        cache.reset(weights: v)
        let held = cache.include(set, design: view)
        #expect(held)
        let m = set.count
        let means = set.map { cache.sum($0) / total }
        // The cache's centered block against the products formed here, and the same entries in any order.
        let hessian = cache.centeredProducts(set, means: means)
        for a in 0..<m {
            for c in 0..<m {
                let expected = Self.weightedDot(z[set[a]], z[set[c]], v) - total * means[a] * means[c]
                #expect(abs(hessian[a * m + c] - expected) <= 1e-12 * max(1, abs(expected)))
            }
        }
        let reversed = Array(set.reversed()), reversedMeans = Array(means.reversed())
        let block = cache.centeredProducts(reversed, means: reversedMeans)
        let mirrored = (0..<m * m).map { e in hessian[(m - 1 - e / m) * m + m - 1 - e % m] }
        #expect(block == mirrored)
        let gradient = set.map { j in zip(z[j], rho).reduce(0) { $0 + $1.0 * $1.1 } }
        var rss = 0.0
        for i in 0..<n where v[i] > 0 { rss += rho[i] * rho[i] / v[i] }
        var local = set.map { b[$0] }
        let model = HessianResidual(gradient: gradient, coefficients: local, rss: rss) {
            $0.initialize(from: hessian, count: m * m)
        }
        #expect(abs(model.responseSquares - residual.responseSquares) <= 1e-10 * residual.responseSquares)
        // Steps on features 0, 5, 4, 1 and 3, at positions 0, 4, 3, 1 and 2.
        let steps: [(Int, Double)] = [(0, 0.3), (4, 0.1), (3, -0.2), (1, -0.4), (2, 0.05)]
        for (a, delta) in steps {
            residual.update(a, by: delta)
            model.update(a, by: delta)
            local[a] += delta
            for k in 0..<m {
                #expect(abs(model.gradient(k) - residual.gradient(k)) <= 1e-10, "position \(k) after a step on \(a)")
                #expect(abs(model.curvature(k) - residual.curvature(k)) <= 1e-10)
            }
            let (r1, d1) = model.residualSummary(local), (r2, d2) = residual.residualSummary(local)
            #expect(abs(r1 - r2) <= 1e-10 * r2)
            #expect(abs(d1 - d2) <= 1e-10 * max(1, abs(d2)))
        }
        let products = model.crossProducts([3, 0], [1, 4, 2])
        let expected = residual.crossProducts([3, 0], [1, 4, 2])
        for (a, e) in zip(products, expected) { #expect(abs(a - e) <= 1e-10 * max(1, abs(e))) }
    }
}
