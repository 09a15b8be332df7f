extension DenseGLMDesign {
    /// Forms `sum_i v_i x~_ij x~_ik` a block of rows at a time: each block's standardized columns and
    /// their weighted copies are written to scratch once, then multiplied by
    /// ``Kernels/weightedGramBlock(_:weighted:stride:columnCount:count:into:)``.
    ///
    /// - Complexity: O(n m^2 / 2) time, O(256 m) scratch.
    func weightedGram(_ features: [Int], _ v: UnsafePointer<Double>) -> [Double]? {
        let m = features.count, n = rowCount
        var gram = [Double](repeating: 0, count: m * m)
        guard m > 0, n > 0 else { return gram }
        let block = min(256, n)
        let columns = UnsafeMutablePointer<Double>.allocate(capacity: block * m)
        let weighted = UnsafeMutablePointer<Double>.allocate(capacity: block * m)
        defer {
            columns.deallocate()
            weighted.deallocate()
        }
        values.withUnsafeBufferPointer { x in
            gram.withUnsafeMutableBufferPointer { g in
                var start = 0
                while start < n {
                    let count = min(block, n - start)
                    for (a, j) in features.enumerated() {
                        let source = x.baseAddress! + j * n + start
                        let c = centers[j], s = inverseScales[j]
                        let t = columns + a * block, tw = weighted + a * block
                        for i in 0..<count {
                            let e = s == 0 ? 0 : (source[i] - c) * s
                            t[i] = e
                            tw[i] = v[start + i] * e
                        }
                    }
                    Kernels.weightedGramBlock(columns, weighted: weighted, stride: block, columnCount: m,
                                              count: count, into: g.baseAddress!)
                    start += count
                }
                for a in 0..<m {
                    for c in 0..<a { g[a * m + c] = g[c * m + a] }
                }
            }
        }
        return gram
    }
}

extension DenseGLMDesign {
    /// Forms `sum_i v_i x~_ij x~_ik` for `j` in `rows` and `k` in `columns`: the weighted rows are
    /// written to scratch once, then each column is read in place (centered on the fly) once per four
    /// rows by ``Kernels/centeredDot4(_:center:_:_:_:_:count:)``.
    ///
    /// - Complexity: O(n |rows| |columns|) time, O(n |rows|) scratch.
    func weightedCrossProducts(_ rows: [Int], _ columns: [Int], _ v: UnsafePointer<Double>) -> [Double]? {
        let mw = rows.count, mc = columns.count, n = rowCount
        var out = [Double](repeating: 0, count: mw * mc)
        guard mw > 0, mc > 0, n > 0 else { return out }
        let groups = (mw + 3) / 4
        let weighted = UnsafeMutablePointer<Double>.allocate(capacity: groups * 4 * n)
        defer { weighted.deallocate() }
        weighted.initialize(repeating: 0, count: groups * 4 * n)
        values.withUnsafeBufferPointer { x in
            for (a, j) in rows.enumerated() {
                let source = x.baseAddress! + j * n
                let center = centers[j], s = inverseScales[j]
                let t = weighted + a * n
                if s != 0 { for i in 0..<n { t[i] = v[i] * ((source[i] - center) * s) } }
            }
            for group in 0..<groups {
                let w = weighted + group * 4 * n
                for (c, k) in columns.enumerated() {
                    let s = inverseScales[k]
                    if s == 0 { continue }
                    let t = s * Kernels.centeredDot4(x.baseAddress! + k * n, center: centers[k],
                                                     w, w + n, w + 2 * n, w + 3 * n, count: n)
                    for e in 0..<min(4, mw - 4 * group) { out[(4 * group + e) * mc + c] = t[e] }
                }
            }
        }
        return out
    }
}

extension SparseGLMDesign {
    /// Sparse designs keep to residual updates.
    func weightedGram(_ features: [Int], _ v: UnsafePointer<Double>) -> [Double]? { nil }

    /// Sparse designs keep to residual updates.
    func weightedCrossProducts(_ rows: [Int], _ columns: [Int], _ v: UnsafePointer<Double>) -> [Double]? { nil }
}
