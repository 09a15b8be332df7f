import Testing
@testable import Shrink

/// The zero-copy standardized views of a dense design (gaussian ``DenseResidual``/``GramResidual`` over
/// ``StandardizedDenseDesign``, and the GLM ``DenseGLMDesign``) against an explicit standardized copy
/// built by plain loops here.
@Suite("Standardized dense views")
struct StandardizedDenseViewTests {
    static let n = 37, p = 5

    /// Column 0 has a large mean, column 2 is constant (a zero column once standardized).
    static func design() -> (x: DenseMatrix, y: [Double]) {
        var g = SplitMix64(seed: 42)
        var values = [Double](repeating: 0, count: n * p)
        for j in 0..<p {
            for i in 0..<n {
                values[j * n + i] = j == 2 ? 7.5 : (j == 0 ? 1e6 : Double(j)) + g.normal()
            }
        }
        let y = (0..<n).map { _ in g.normal() * 3 + 2 }
        return (DenseMatrix(rowCount: n, columnCount: p, columnMajor: values), y)
    }

    /// Weights summing to 1: all equal, or unequal with a zero.
    static func weights(equal: Bool) -> [Double] {
        let raw = (0..<n).map { i in equal ? 1.0 : (i == 4 ? 0 : 1 + Double(i % 4)) }
        let total = raw.reduce(0, +)
        return raw.map { $0 / total }
    }

    /// The explicit standardized copy `z_ij = sqrt(w_i) (x_ij - c_j) / s_j` (zero for constant columns)
    /// and `y~ = sqrt(w) (y - ybar)`.
    static func explicit(_ x: DenseMatrix, _ y: [Double], _ w: [Double], _ stats: ColumnStatistics)
        -> (z: [[Double]], y: [Double]) {
        let z = (0..<p).map { j in
            (0..<n).map { i in stats.varies[j] ? w[i].squareRoot() * (x[i, j] - stats.centers[j]) / stats.scales[j] : 0 }
        }
        var ybar = 0.0
        for i in 0..<n { ybar += w[i] * y[i] }
        return (z, (0..<n).map { w[$0].squareRoot() * (y[$0] - ybar) })
    }

    /// The shared design under equal or unequal weights: its statistics, the explicit standardized
    /// copy and response, and the view.
    static func fixture(equalWeights: Bool) -> (x: DenseMatrix, w: [Double], stats: ColumnStatistics,
                                                z: [[Double]], yTilde: [Double], view: StandardizedDenseDesign) {
        let (x, y) = design()
        let w = weights(equal: equalWeights)
        let stats = ColumnStatistics(.dense(x), weights: w, center: true, standardize: true)
        let (z, yTilde) = explicit(x, y, w, stats)
        let view = StandardizedDenseDesign(x, sqrtWeights: w.map { $0.squareRoot() }, stats: stats)
        return (x, w, stats, z, yTilde, view)
    }

    static func dot(_ a: [Double], _ b: [Double]) -> Double { zip(a, b).reduce(0) { $0 + $1.0 * $1.1 } }

    static func close(_ a: Double, _ b: Double, _ scale: Double) -> Bool { abs(a - b) <= 1e-12 * max(scale, 1) }

    /// Also with the steps split by rows over two threads (``DenseResidual/split``: rows 0..<16 and 16..<37).
    @Test("the gaussian residual over the view matches an explicit standardized copy",
          arguments: [true, false], [false, true])
    func gaussianResidual(equalWeights: Bool, splitsRows: Bool) {
        let (_, _, _, z, yTilde, view) = Self.fixture(equalWeights: equalWeights)
        #expect(view.equalWeights == equalWeights)
        let model = DenseResidual(design: view, response: yTilde, splitsRows: splitsRows)
        #expect(model.split == (splitsRows ? 16 : Self.n))
        let gram = GramResidual(design: view, response: yTilde, eligible: [0, 1, 3, 4])
        let scale = Self.dot(yTilde, yTilde).squareRoot()
        model.setReference()
        let steps: [(Int, Double)] = [(1, 0.3), (3, -0.2), (0, 0.05), (2, 0.7)]
        var r = yTilde
        for (j, delta) in steps {
            model.update(j, by: delta)
            gram.update(j, by: delta)
            for i in 0..<Self.n { r[i] -= delta * z[j][i] }
        }
        for j in 0..<Self.p {
            #expect(Self.close(model.gradient(j), Self.dot(z[j], r), scale), "feature \(j)")
        }
        for j in [0, 1, 3, 4] { #expect(Self.close(gram.gradient(j), Self.dot(z[j], r), scale), "Gram feature \(j)") }
        #expect(model.gradient(2) == 0)
        let summary = model.residualSummary([])
        #expect(Self.close(summary.rss, Self.dot(r, r), scale * scale))
        #expect(Self.close(summary.responseDot, Self.dot(yTilde, r), scale * scale))
        let gramSummary = gram.residualSummary([0.05, 0.3, 0, -0.2, 0])
        #expect(Self.close(gramSummary.rss, Self.dot(r, r), scale * scale))
        let moved = zip(r, yTilde).map { $0 - $1 }
        #expect(Self.close(model.distanceFromReference(), Self.dot(moved, moved).squareRoot(), scale))
        let rows = [0, 1, 2, 4], columns = [3, 0, 1]
        let products = model.crossProducts(rows, columns)
        let gramProducts = gram.crossProducts([0, 1, 4], [3, 0, 1])
        for (a, j) in rows.enumerated() {
            for (c, k) in columns.enumerated() {
                #expect(Self.close(products[a * columns.count + c], Self.dot(z[j], z[k]), 1), "(\(j), \(k))")
            }
        }
        for (a, j) in [0, 1, 4].enumerated() {
            for (c, k) in columns.enumerated() {
                #expect(Self.close(gramProducts[a * columns.count + c], Self.dot(z[j], z[k]), 1), "Gram (\(j), \(k))")
            }
        }
    }

    /// The Gram columns of two features from one pass over the design, against the explicit copy:
    /// plain columns four at a time and one at a time, the large-mean column centered per entry,
    /// the constant column zero.
    @Test("paired Gram columns match the explicit copy", arguments: [true, false])
    func pairedProducts(equalWeights: Bool) {
        let (_, _, _, z, _, view) = Self.fixture(equalWeights: equalWeights)
        let scratch = UnsafeMutablePointer<Double>.allocate(capacity: 2 * Self.n)
        defer { scratch.deallocate() }
        for (rows, pair) in [([0, 1, 2, 3, 4], (1, 3)), ([1, 3, 4, 0, 2, 1], (0, 4)), ([3], (2, 1))] {
            var seen = 0
            view.products(of: pair.0, and: pair.1, rows: rows, scratch: scratch, needed: { $0 != 4 }) { a, v, v2 in
                let j = rows[a]
                #expect(j != 4)
                #expect(Self.close(v, Self.dot(z[j], z[pair.0]), 1), "(\(j), \(pair.0))")
                #expect(Self.close(v2, Self.dot(z[j], z[pair.1]), 1), "(\(j), \(pair.1))")
                seen += 1
            }
            #expect(seen == rows.filter { $0 != 4 }.count)
        }
    }

    /// A design over a megabyte, where a new Gram column brings its partner's along: the gradients
    /// the covariance model tracks match the residual model's, and the stored Gram matrix is exactly
    /// symmetric.
    @Test("paired Gram columns keep the covariance model exact and symmetric")
    func pairedGramResidual() {
        let n = 30_000, p = 6
        var g = SplitMix64(seed: 7)
        let means = [0.5, -0.8, 1e5, 0, 0.9, 30]
        var values = [Double](repeating: 0, count: n * p)
        for j in 0..<p { for i in 0..<n { values[j * n + i] = means[j] + g.normal() + (j > 0 ? 0.5 * values[i] : 0) } }
        let x = DenseMatrix(rowCount: n, columnCount: p, columnMajor: values)
        let w = [Double](repeating: 1 / Double(n), count: n)
        let stats = ColumnStatistics(.dense(x), weights: w, center: true, standardize: true)
        let view = StandardizedDenseDesign(x, sqrtWeights: w.map { $0.squareRoot() }, stats: stats)
        let yTilde = (0..<n).map { i in w[i].squareRoot() * (values[i] - 2 * values[3 * n + i] + g.normal()) }
        let model = DenseResidual(design: view, response: yTilde)
        let all = Array(0..<p)
        let gram = GramResidual(design: view, response: yTilde, eligible: all)
        for (j, delta) in [(0, 0.3), (3, -0.5), (5, 0.1), (0, -0.05), (2, 0.2), (1, 0.4), (4, -0.1)] {
            model.update(j, by: delta)
            gram.update(j, by: delta)
        }
        for j in all { #expect(abs(gram.gradient(j) - model.gradient(j)) <= 1e-12, "feature \(j)") }
        let products = gram.crossProducts(all, all)
        for j in all {
            for k in all { #expect(products[j * p + k] == products[k * p + j], "(\(j), \(k))") }
        }
    }

    /// Twelve features (at most 128: the first new Gram column brings all the others along in one
    /// blocked product) and 130 (eight columns computed singly, then the ninth brings the other
    /// missing ones, the entries with stored features taken from those): every stored column
    /// matches the explicit copy's products, the matrix is exactly symmetric, and the tracked
    /// gradients match the residual model's. With a column of large mean (or unequal weights) the
    /// blocks go through weighted scratch columns; with small means only and equal weights, through
    /// the raw columns' products, corrected once.
    @Test("bulk-filled Gram columns match the explicit copy and are exactly symmetric",
          arguments: [(true, 12, true), (false, 12, true), (true, 130, true), (false, 130, true),
                      (true, 12, false), (true, 130, false)])
    func bulkGramColumns(equalWeights: Bool, p: Int, largeMean: Bool) {
        let n = 150
        var g = SplitMix64(seed: 31)
        var values = [Double](repeating: 0, count: n * p)
        for j in 0..<p {
            let mean = largeMean ? (j == 5 ? 1e4 : 0.3 * Double(j)) : 0.25 * Double(j % 4)
            for i in 0..<n { values[j * n + i] = mean + g.normal() + (j > 0 ? 0.4 * values[i] : 0) }
        }
        for i in 0..<n { values[7 * n + i] = 2.5 }  // a constant column
        let x = DenseMatrix(rowCount: n, columnCount: p, columnMajor: values)
        let raw = (0..<n).map { i in equalWeights ? 1.0 : 1 + Double(i % 4) }
        let total = raw.reduce(0, +)
        let w = raw.map { $0 / total }
        let stats = ColumnStatistics(.dense(x), weights: w, center: true, standardize: true)
        let z = (0..<p).map { j in
            (0..<n).map { i in stats.varies[j] ? w[i].squareRoot() * (x[i, j] - stats.centers[j]) / stats.scales[j] : 0 }
        }
        let view = StandardizedDenseDesign(x, sqrtWeights: w.map { $0.squareRoot() }, stats: stats)
        let yTilde = (0..<n).map { i in w[i].squareRoot() * (values[i] - values[3 * n + i] + g.normal()) }
        let model = DenseResidual(design: view, response: yTilde)
        let all = Array(0..<p)
        let gram = GramResidual(design: view, response: yTilde, eligible: all)
        // Twelve features move one after another.
        for (step, j) in [4, 0, 9, 2, 11, 6, 1, 3, 8, 10, 5, 7].enumerated() {
            let delta = 0.1 * Double(step % 5) - 0.2
            model.update(j, by: delta)
            gram.update(j, by: delta)
        }
        for j in all { #expect(abs(gram.gradient(j) - model.gradient(j)) <= 1e-12, "feature \(j)") }
        let products = gram.crossProducts(all, all)
        for j in all {
            for k in all {
                #expect(products[j * p + k] == products[k * p + j], "(\(j), \(k))")
                let exact = Self.dot(z[j], z[k])
                #expect(abs(products[j * p + k] - exact) <= 1e-12 * max(1, abs(exact)), "(\(j), \(k))")
            }
        }
    }

    /// Many steps on columns with small means (gradients as plain products corrected by the tracked
    /// residual sum) and large means (centered per entry), from a response that is not centered, so
    /// the correction `c_j S` is far from zero; uncentered statistics too (centers 0); batches of
    /// gradients four columns at a time and one at a time.
    @Test("gradients from the tracked residual sum match the explicit copy after many steps",
          arguments: [(true, true, true), (false, true, true), (true, false, true), (false, false, true),
                      (true, true, false), (false, true, false)])
    func trackedSum(equalWeights: Bool, center: Bool, batches: Bool) {
        let n = 53, p = 6
        var g = SplitMix64(seed: 2026)
        // Means 0.5, -0.8, 1e5 (large), 0, 0.9 and 30 against sds about 1 (column 3 is centered data).
        let means = [0.5, -0.8, 1e5, 0, 0.9, 30]
        var values = [Double](repeating: 0, count: n * p)
        for j in 0..<p { for i in 0..<n { values[j * n + i] = means[j] + g.normal() } }
        let x = DenseMatrix(rowCount: n, columnCount: p, columnMajor: values)
        let raw = (0..<n).map { i in equalWeights ? 1.0 : (i == 4 ? 0 : 1 + Double(i % 5)) }
        let total = raw.reduce(0, +)
        let w = raw.map { $0 / total }
        let stats = ColumnStatistics(.dense(x), weights: w, center: center, standardize: true)
        let z = (0..<p).map { j in
            (0..<n).map { i in w[i].squareRoot() * (x[i, j] - stats.centers[j]) / stats.scales[j] }
        }
        // A response in weighted form with a large mean: y~ = sqrt(w) (3 + noise).
        let yTilde = (0..<n).map { i in w[i].squareRoot() * (3 + g.normal()) }
        let view = StandardizedDenseDesign(x, sqrtWeights: w.map { $0.squareRoot() }, stats: stats)
        #expect(view.batchesGradients)
        view.batchesGradients = batches
        let model = DenseResidual(design: view, response: yTilde)
        var r = yTilde
        for step in 0..<200 {
            let j = (step * 7 + step / 5) % p
            let delta = (g.uniform() - 0.5) * 0.2
            model.update(j, by: delta)
            for i in 0..<n { r[i] -= delta * z[j][i] }
            if step % 3 == 0 {
                let k = (step + 1) % p
                let bound = (Self.dot(z[k], z[k]) * Self.dot(r, r)).squareRoot()
                #expect(Self.close(model.gradient(k), Self.dot(z[k], r), bound), "step \(step), feature \(k)")
            }
            if step == 100 { model.setReference() }
        }
        var batch = [Double](repeating: .nan, count: p)
        model.gradients(Array(0..<p), into: &batch)
        for j in 0..<p {
            let bound = (Self.dot(z[j], z[j]) * Self.dot(r, r)).squareRoot()
            #expect(Self.close(model.gradient(j), Self.dot(z[j], r), bound), "feature \(j)")
            #expect(Self.close(batch[j], Self.dot(z[j], r), bound), "batch feature \(j)")
        }
        #expect(Self.close(model.residualSummary([]).rss, Self.dot(r, r), Self.dot(r, r)))
    }

    @Test("the GLM view matches an explicit standardized copy", arguments: [true, false])
    func glmDesign(standardize: Bool) {
        let (x, _) = Self.design()
        let w = Self.weights(equal: false)
        let stats = ColumnStatistics(.dense(x), weights: w, center: true, standardize: standardize)
        let design = DenseGLMDesign(x, stats: stats)
        #expect(design.centers == stats.centers)
        var g = SplitMix64(seed: 7)
        let r = (0..<Self.n).map { _ in g.normal() }
        let v = (0..<Self.n).map { i in i == 5 ? 0 : 0.1 + g.uniform() }
        for j in 0..<Self.p {
            let xt = (0..<Self.n).map { i in stats.varies[j] ? (x[i, j] - stats.centers[j]) / stats.scales[j] : 0 }
            let magnitude = xt.reduce(0) { $0 + abs($1) }
            r.withUnsafeBufferPointer { rp in
                v.withUnsafeBufferPointer { vp in
                    #expect(Self.close(design.dot(j, rp.baseAddress!), Self.dot(xt, r), magnitude))
                    let squares = (0..<Self.n).reduce(0.0) { $0 + v[$1] * xt[$1] * xt[$1] }
                    #expect(Self.close(design.weightedSquares(j, vp.baseAddress!), squares, squares))
                    var plain = r, weighted = r
                    plain.withUnsafeMutableBufferPointer { design.axpy(0.7, j, $0.baseAddress!) }
                    weighted.withUnsafeMutableBufferPointer { design.weightedAxpy(-1.3, j, vp.baseAddress!, $0.baseAddress!) }
                    for i in 0..<Self.n {
                        #expect(Self.close(plain[i], r[i] + 0.7 * xt[i], 1))
                        #expect(Self.close(weighted[i], r[i] - 1.3 * v[i] * xt[i], 1))
                    }
                }
            }
        }
    }

    /// The GLM design's batched products (the KKT gradients): plain columns four at a time and
    /// centered once, a column with a large mean centered per entry, a constant column 0; in an order
    /// that leaves one to three plain columns over; on a small design (batched) and on one of more
    /// than 2^20 entries with short columns (one plain column at a time), where the batch of every
    /// feature is split over two threads.
    @Test("GLM batched products match the explicit copy", arguments: [(37, 11), (64, 16_500)])
    func glmDots(shape: (Int, Int)) {
        let (n, p) = shape
        var g = SplitMix64(seed: UInt64(n * 7 + p))
        var values = [Double](repeating: 0, count: n * p)
        for j in 0..<p {
            for i in 0..<n { values[j * n + i] = (j == 0 ? 1e4 : 0.1 * Double(j % 11)) + g.normal() }
        }
        for i in 0..<n { values[2 * n + i] = -3.5 }  // constant
        let x = DenseMatrix(rowCount: n, columnCount: p, columnMajor: values)
        let raw = (0..<n).map { i in 1 + Double(i % 3) }
        let w = raw.map { $0 / raw.reduce(0, +) }
        let stats = ColumnStatistics(.dense(x), weights: w, center: true, standardize: true)
        let design = DenseGLMDesign(x, stats: stats)
        #expect(design.batchesProducts == (n * p <= 1 << 20))
        #expect(!design.plainProducts[0] && design.plainProducts[1])
        let r = (0..<n).map { _ in 0.5 + g.normal() }  // not centered: the correction c_j sum(r) matters
        var lists = [Array(0..<11), [10, 3, 0, 7, 2, 5]]
        if p * n >= DenseGLMDesign.threadedWork { lists.append(Array(0..<p)) }
        for features in lists {
            var out = [Double](repeating: .nan, count: p)
            r.withUnsafeBufferPointer { rp in
                out.withUnsafeMutableBufferPointer { design.dots(features, rp.baseAddress!, into: $0.baseAddress!) }
            }
            // Both halves of a split batch: a sample of each, the features at the split and the last.
            let checked = features.count > 11
                ? Array(Set(stride(from: 0, to: p, by: 97)).union([p / 2 - 1, p / 2, p - 1])).sorted() : features
            #expect(features.allSatisfy { out[$0].isFinite })
            for j in checked {
                let xt = (0..<n).map { i in stats.varies[j] ? (x[i, j] - stats.centers[j]) / stats.scales[j] : 0 }
                let magnitude = zip(xt, r).reduce(0) { $0 + abs($1.0 * $1.1) }
                #expect(Self.close(out[j], Self.dot(xt, r), magnitude), "feature \(j)")
            }
        }
    }
}
