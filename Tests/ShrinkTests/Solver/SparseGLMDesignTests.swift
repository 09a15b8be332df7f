import Testing
@testable import Shrink

/// The sparse GLM design's batched products (the IRLS solver's KKT gradients): large batches are
/// split by their entries over two threads, and every product must be the one ``SparseGLMDesign/dot(_:_:)``
/// gives for its feature alone, to the bit, and the plain sum over the column's entries.
@Suite("Sparse GLM design")
struct SparseGLMDesignTests {
    /// A 2,000 x 3,000 design with columns of very different lengths (0 to 260 entries), about
    /// 155,000 entries in all: above the two-thread threshold.
    static func design() -> (x: SparseMatrix, stats: ColumnStatistics) {
        var g = SplitMix64(seed: 20_261_129)
        let n = 2000, p = 3000
        var starts = [0], rows: [Int32] = [], values: [Double] = []
        for j in 0..<p {
            let length = j % 7 == 0 ? 0 : Int(g.uniform() * (j < p / 3 ? 260 : 50))
            var picked = Set<Int>()
            while picked.count < length { picked.insert(Int(g.uniform() * Double(n))) }
            for i in picked.sorted() {
                rows.append(Int32(i))
                values.append(Double(1 + Int(g.uniform() * 5)))
            }
            starts.append(rows.count)
        }
        let x = try! SparseMatrix(rowCount: n, columnCount: p, columnStarts: starts, rowIndices: rows, values: values)
        let w = [Double](repeating: 1 / Double(n), count: n)
        return (x, ColumnStatistics(.sparse(x), weights: w, center: true, standardize: true))
    }

    @Test("batched products equal the single products, split over two threads or not")
    func dots() {
        let (x, stats) = Self.design()
        let design = SparseGLMDesign(x, stats: stats)
        #expect(x.values.count >= ProductBatch.threadedWork)
        var g = SplitMix64(seed: 7)
        let r = (0..<x.rowCount).map { _ in g.normal() }
        let all = Array(0..<x.columnCount)
        // Every feature (split in two), a shuffled subset in reverse order (split), a short list (not).
        for features in [all, Array(all.filter { $0 % 3 != 1 }.reversed()), [2999, 5, 0, 1234]] {
            let out = r.withUnsafeBufferPointer { rp in
                BatchCheck.matchesSingles(features, width: x.columnCount) {
                    design.dots(features, rp.baseAddress!, into: $0)
                } single: { design.dot($0, rp.baseAddress!) }
            }
            // And the products themselves, from the raw entries scaled by 1 / s_j.
            for j in stride(from: 0, to: x.columnCount, by: 37) where features.contains(j) {
                var plain = 0.0, magnitude = 0.0
                for k in x.columnStarts[j]..<x.columnStarts[j + 1] {
                    let term = x.values[k] / stats.scales[j] * r[Int(x.rowIndices[k])]
                    plain += term
                    magnitude += abs(term)
                }
                if !stats.varies[j] { plain = 0 }
                #expect(abs(out[j] - plain) <= 1e-12 * max(magnitude, 1), "feature \(j)")
            }
        }
    }
}

/// The batched weighted squares (the IRLS solver's curvatures of a KKT check) equal the single ones
/// to the bit on both designs, split over two threads or not.
@Suite("Batched GLM curvatures")
struct BatchedCurvatureTests {
    static func check<Design: GLMDesign>(_ design: Design, featureCount p: Int, lists: [[Int]]) {
        var g = SplitMix64(seed: 11)
        let v = (0..<design.rowCount).map { _ in g.uniform() * 0.25 / Double(design.rowCount) }
        v.withUnsafeBufferPointer { vp in
            for features in lists {
                BatchCheck.matchesSingles(features, width: p) {
                    design.weightedSquares(features, vp.baseAddress!, into: $0)
                } single: { design.weightedSquares($0, vp.baseAddress!) }
            }
        }
    }

    @Test("sparse design")
    func sparse() {
        let (x, stats) = SparseGLMDesignTests.design()
        #expect(x.values.count >= ProductBatch.threadedWork)
        let all = Array(0..<x.columnCount)
        Self.check(SparseGLMDesign(x, stats: stats), featureCount: x.columnCount,
                   lists: [all, Array(all.filter { $0 % 3 != 1 }.reversed()), [2999, 5, 0, 1234]])
    }

    @Test("dense design")
    func dense() {
        let n = 600, p = 1800
        var g = SplitMix64(seed: 3)
        let x = DenseMatrix(rowCount: n, columnCount: p, columnMajor: (0..<(n * p)).map { _ in 0.3 + g.normal() })
        let stats = ColumnStatistics(.dense(x), weights: [Double](repeating: 1 / Double(n), count: n),
                                     center: true, standardize: true)
        #expect(n * p >= DenseGLMDesign.threadedWork)
        Self.check(DenseGLMDesign(x, stats: stats), featureCount: p,
                   lists: [Array(0..<p), [17, 3, 1000, 5], Array(stride(from: p - 1, through: 0, by: -2))])
    }
}
