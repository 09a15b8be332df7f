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
            var out = [Double](repeating: .nan, count: x.columnCount)
            r.withUnsafeBufferPointer { rp in
                out.withUnsafeMutableBufferPointer { design.dots(features, rp.baseAddress!, into: $0.baseAddress!) }
            }
            var mismatches = 0
            for j in features {
                let single = r.withUnsafeBufferPointer { design.dot(j, $0.baseAddress!) }
                if out[j].bitPattern != single.bitPattern { mismatches += 1 }
            }
            #expect(mismatches == 0, "\(features.count) features")
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
