extension DenseGLMDesign {
    /// Forms `sum_i v_i x~_ij x~_ik` for `j` in `rows` and `k` in `columns`: the weighted rows are
    /// written to scratch once, then each column is read in place (centered on the fly) once per four
    /// rows by ``Kernels/centeredDot4(_:center:_:_:_:_:count:)``. When `rows == columns` only the
    /// upper triangle (by groups of four rows) is computed and mirrored. The four-row dots run on the
    /// AVX2/FMA kernel where the CPU has one.
    ///
    /// With the AVX2/FMA kernels and at least four rows the products are one packed matrix product
    /// (``MatrixProduct``) of `sqrt(v)`-weighted, centered copies instead.
    ///
    /// - Complexity: O(n |rows| |columns|) time (about half for a Gram matrix), O(n |rows|) scratch
    ///   (O(n (|rows| + |columns|)) for the matrix product).
    func weightedCrossProducts(_ rows: [Int], _ columns: [Int], _ v: UnsafePointer<Double>) -> [Double]? {
        let mw = rows.count, mc = columns.count, n = rowCount
        var out = [Double](repeating: 0, count: mw * mc)
        guard mw > 0, mc > 0, n > 0 else { return out }
        let symmetric = rows == columns
        if Kernels.native && mw >= 4 {
            productsByMatrixProduct(rows, columns, v, symmetric: symmetric, into: &out)
            return out
        }
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
                for c in (symmetric ? 4 * group : 0)..<mc {
                    let k = columns[c], s = inverseScales[k]
                    if s == 0 { continue }
                    let t = s * Kernels.nativeCenteredDot4(x.baseAddress! + k * n, center: centers[k],
                                                           w, w + n, w + 2 * n, w + 3 * n, count: n)
                    for e in 0..<min(4, mw - 4 * group) { out[(4 * group + e) * mc + c] = t[e] }
                }
            }
        }
        if symmetric {
            // Mirror the upper triangle (within a group of four both halves were computed; keep the
            // upper one so the matrix is exactly symmetric).
            for a in 0..<mw {
                for c in 0..<a { out[a * mc + c] = out[c * mc + a] }
            }
        }
        return out
    }
}

extension DenseGLMDesign {
    /// `out[a * |columns| + c] = sum_i v_i x~_i,rows[a] x~_i,columns[c]` as the matrix product
    /// `Zc' Zr` of the copies `z_j = sqrt(v) x~_j` (one symmetric product `Z' Z` when the two lists
    /// are the same).
    ///
    /// - Complexity: O(n |rows| |columns|) on the packed kernel, O(n (|rows| + |columns|)) copies.
    private func productsByMatrixProduct(_ rows: [Int], _ columns: [Int], _ v: UnsafePointer<Double>,
                                         symmetric: Bool, into out: inout [Double]) {
        let n = rowCount, mw = rows.count, mc = columns.count
        let root = UnsafeMutablePointer<Double>.allocate(capacity: n)
        defer { root.deallocate() }
        for i in 0..<n { root[i] = v[i].squareRoot() }
        func copy(_ features: [Int]) -> UnsafeMutablePointer<Double> {
            let z = UnsafeMutablePointer<Double>.allocate(capacity: n * features.count)
            values.withUnsafeBufferPointer { x in
                for (a, j) in features.enumerated() {
                    let source = x.baseAddress! + j * n, t = z + a * n
                    let center = centers[j], s = inverseScales[j]
                    for i in 0..<n { t[i] = root[i] * ((source[i] - center) * s) }
                }
            }
            return z
        }
        let zr = copy(rows)
        let zc = symmetric ? zr : copy(columns)
        defer { zr.deallocate(); if !symmetric { zc.deallocate() } }
        out.withUnsafeMutableBufferPointer { o in
            // Column-major C = Zc' Zr (mc x mw) is row-major `out` (mw x mc).
            MatrixProduct.addTransposeProduct(k: n, m: mc, n: mw, alpha: 1, a: zc, lda: n, b: zr, ldb: n,
                                              c: o.baseAddress!, ldc: mc, upperOnly: symmetric, parallel: true)
        }
        if symmetric {
            for a in 0..<mw { for c in (a + 1)..<max(a + 1, mc) { out[a * mc + c] = out[c * mc + a] } }
        }
    }
}

extension SparseGLMDesign {
    /// Sparse designs keep to residual updates.
    func weightedCrossProducts(_ rows: [Int], _ columns: [Int], _ v: UnsafePointer<Double>) -> [Double]? { nil }
}
