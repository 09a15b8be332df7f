import Testing
@testable import Shrink

/// The streamed products of `Z_r` against the same products of `Z_r` written out in full, from an
/// independent standardization and projection.
@Suite("RidgeProblem products: blocks of Z_r against the matrix written out")
struct RidgeProblemProductsTests {
    /// A design with a column mean far from zero, unequal weights, one unpenalized feature and
    /// unequal penalty factors; every third entry zero so the sparse copy has structure.
    static func data(rows n: Int, columns p: Int, seed: UInt64) -> (x: DenseMatrix, y: [Double], options: ElasticNetOptions) {
        var g = SplitMix64(seed: seed)
        var values = [Double](repeating: 0, count: n * p)
        for j in 0..<p {
            for i in 0..<n where (i + j) % 3 != 0 { values[j * n + i] = g.normal() + (j == 1 ? 50 : 0) }
        }
        let y = (0..<n).map { i in values[i] - 2 * values[n + i] + g.normal() }
        var options = ElasticNetOptions(alpha: 0)
        options.weights = (0..<n).map { _ in 0.5 + g.uniform() }
        options.penaltyFactors = (0..<p).map { j in j == 2 ? 0 : 0.5 + Double(j % 4) }
        return (DenseMatrix(rowCount: n, columnCount: p, columnMajor: values), y, options)
    }

    /// `Z_r` (n x q, column-major) from the definition: weighted, centered, scaled columns divided
    /// by `sqrt(pf)`, with the problem's basis of the unpenalized columns projected out.
    static func writtenOut(_ x: DenseMatrix, _ problem: RidgeProblem) -> [Double] {
        let n = x.rowCount, w = problem.base.weights, k = problem.unpenalized.count
        let total = w.reduce(0, +)
        var z = [Double](repeating: 0, count: n * problem.penalizedCount)
        for (jj, j) in problem.penalized.enumerated() {
            let col = Array(x.values[(j * n)..<((j + 1) * n)])
            var mean = 0.0
            for i in 0..<n { mean += w[i] * col[i] / total }
            var variance = 0.0
            for i in 0..<n { variance += w[i] * (col[i] - mean) * (col[i] - mean) / total }
            let scale = variance.squareRoot() * problem.rootFactors[jj]
            var v = (0..<n).map { i in (w[i] / total).squareRoot() * (col[i] - mean) / scale }
            for t in 0..<k {
                var d = 0.0
                for i in 0..<n { d += problem.basis[t * n + i] * v[i] }
                for i in 0..<n { v[i] -= d * problem.basis[t * n + i] }
            }
            for i in 0..<n { z[jj * n + i] = v[i] }
        }
        return z
    }

    /// `A' B` for column-major `A` (k x m) and `B` (k x n), as one product over the whole matrices
    /// (``MatrixProduct`` has its own tests against plain sums).
    static func product(_ a: [Double], _ b: [Double], k: Int, m: Int, n: Int) -> [Double] {
        MatrixProduct.transposeTimes(a, b, k: k, m: m, n: n)
    }

    /// `relativeDifference(a, b) <= tolerance`, reported by name and size only.
    static func check(_ a: [Double], _ b: [Double], _ what: String, tolerance: Double = 1e-12,
                      sourceLocation: SourceLocation = #_sourceLocation) {
        let d = a.count == b.count ? relativeDifference(a, b) : .infinity
        #expect(d <= tolerance, "\(what): relative difference \(d)", sourceLocation: sourceLocation)
    }

    @Test("cross products, Z'M, fitted values and leverages, column maps and residuals, wide and tall, over several blocks and two threads",
          arguments: [(64, 16_500), (16_500, 64), (37, 700)])
    func products(shape: (Int, Int)) throws {
        let (n, p) = shape
        let d = Self.data(rows: n, columns: p, seed: UInt64(n * 100_003 + p))
        let problem = try RidgeProblem(x: .dense(d.x), y: d.y, options: d.options)
        let sparse = try RidgeProblem(x: .sparse(SparseMatrix(d.x)), y: d.y, options: d.options)
        let q = problem.penalizedCount
        #expect(q == p - 1 && problem.unpenalized == [2])
        #expect(q > RidgeProblem.blockWidth || n > RidgeProblem.blockWidth, "the shape must span several blocks")
        let z = Self.writtenOut(d.x, problem)
        let zt = MatrixProduct.transpose(z, rows: n, columns: q)

        let products = problem.crossProducts(), sparseProducts = sparse.crossProducts()
        if n < q {
            Self.check(products.matrix, Self.product(zt, zt, k: q, m: n, n: n), "kernel")
        } else {
            Self.check(products.matrix, Self.product(z, z, k: n, m: q, n: q), "Gram")
        }
        Self.check(sparseProducts.matrix, products.matrix, "sparse cross products")
        Self.check(products.designResponse, Self.product(z, problem.response, k: n, m: q, n: 1), "Z'y")
        Self.check(sparseProducts.designResponse, products.designResponse, "sparse Z'y")
        let plainSquares = (0..<q).map { j in (0..<n).reduce(0) { $0 + z[j * n + $1] * z[j * n + $1] } }
        Self.check(products.columnSquares, plainSquares, "column squares")

        var g = SplitMix64(seed: 7)
        let m = (0..<(n * 3)).map { _ in g.normal() }
        let ztm = problem.transposeTimes(m, columns: 3)
        Self.check(ztm, Self.product(z, m, k: n, m: q, n: 3), "Z'M")
        Self.check(sparse.transposeTimes(m, columns: 3), ztm, "sparse Z'M")

        let r = 5, lambdas = 4
        let directionsT = (0..<(r * q)).map { _ in g.normal() }  // r x q
        let fitWeights = (0..<(r * lambdas)).map { _ in g.normal() }, leverageWeights = (0..<(r * lambdas)).map { _ in g.uniform() }
        // Assembled from the row blocks, which must cover the rows once, in order.
        var fitted = [Double](repeating: .nan, count: n * lambdas), leverage = fitted
        var next = 0
        problem.fittedAndLeverage(
            directionsT: directionsT, rank: r, fitWeights: fitWeights, leverageWeights: leverageWeights, columns: lambdas
        ) { rows, f, h in
            #expect(rows.lowerBound == next)
            next = rows.upperBound
            for l in 0..<lambdas {
                for (k, i) in rows.enumerated() {
                    fitted[i + l * n] = f[k + l * rows.count]
                    leverage[i + l * n] = h[k + l * rows.count]
                }
            }
        }
        #expect(next == n)
        let l = Self.product(MatrixProduct.transpose(directionsT, rows: r, columns: q), zt, k: q, m: r, n: n)  // r x n
        Self.check(fitted, Self.product(l, fitWeights, k: r, m: n, n: lambdas), "fitted values")
        Self.check(leverage, Self.product(l.map { $0 * $0 }, leverageWeights, k: r, m: n, n: lambdas), "leverages")

        let sums = problem.mapColumns { column in (0..<n).reduce(0) { $0 + column[$1] } }
        Self.check(sums, (0..<q).map { j in (0..<n).reduce(0) { $0 + z[j * n + $1] } }, "column sums (mapColumns)",
                   tolerance: 1e-10)

        let b = (0..<q).map { j in j % 5 == 0 ? 0 : g.normal() }
        let residual = problem.residual(scaled: b)
        let zb = Self.product(zt, b, k: q, m: n, n: 1)
        let plain = (0..<n).map { problem.response[$0] - zb[$0] }
        Self.check(residual, plain, "residual", tolerance: 1e-12 * Double(q).squareRoot())
        Self.check(sparse.residual(scaled: b), residual, "sparse residual", tolerance: 1e-12 * Double(q).squareRoot())
    }
}
