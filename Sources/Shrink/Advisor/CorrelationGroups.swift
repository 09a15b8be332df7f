/// Finds groups of strongly correlated features: the connected components of the graph that
/// links features `j` and `k` when `|r_jk| >= threshold`.
///
/// Correlations are weighted Pearson correlations (the fit's observation weights normalized to
/// sum 1); constant columns have no links.
enum CorrelationGroups {
    /// The correlation matrix of the columns of `x` (p x p, row by row).
    ///
    /// - Complexity: O(n p^2) time, O(n p) extra memory (the standardized columns).
    static func correlations(_ x: DesignMatrix, weights: [Double]) -> [[Double]] {
        let n = x.rowCount, p = x.columnCount
        let stats = ColumnStatistics(x, weights: weights, center: true, standardize: true)
        // Columns z_j = sqrt(w) (x_j - mean_j) / sd_j, so r_jk = z_j . z_k.
        var z = [Double](repeating: 0, count: n * p)
        let sw = weights.map { $0.squareRoot() }
        for j in 0..<p where stats.varies[j] {
            let col = x.denseColumn(j)
            let m = stats.means[j], s = stats.scales[j]
            for i in 0..<n { z[j * n + i] = sw[i] * (col[i] - m) / s }
        }
        var r = [[Double]](repeating: [Double](repeating: 0, count: p), count: p)
        z.withUnsafeBufferPointer { zp in
            for j in 0..<p {
                r[j][j] = stats.varies[j] ? 1 : 0
                guard stats.varies[j] else { continue }
                for k in (j + 1)..<max(j + 1, p) where stats.varies[k] {
                    let v = max(-1, min(1, Kernels.dot(zp.baseAddress! + j * n, zp.baseAddress! + k * n, count: n)))
                    r[j][k] = v
                    r[k][j] = v
                }
            }
        }
        return r
    }

    /// The connected components of size at least 2 under `|r| >= threshold`, each sorted, in
    /// order of their first member, with the smallest link in the spanning tree found.
    ///
    /// - Complexity: O(p^2 alpha(p)) (union-find).
    static func components(_ r: [[Double]], threshold: Double) -> [(members: [Int], weakestLink: Double)] {
        let p = r.count
        var parent = Array(0..<p)
        func find(_ a: Int) -> Int {
            var a = a
            while parent[a] != a {
                parent[a] = parent[parent[a]]
                a = parent[a]
            }
            return a
        }
        var weakest = [Double](repeating: 1, count: p)
        for j in 0..<p {
            for k in (j + 1)..<max(j + 1, p) where abs(r[j][k]) >= threshold {
                let a = find(j), b = find(k)
                if a != b {
                    let lo = min(a, b), hi = max(a, b)
                    parent[hi] = lo
                    weakest[lo] = min(weakest[lo], weakest[hi], abs(r[j][k]))
                }
            }
        }
        var byRoot: [Int: [Int]] = [:]
        for j in 0..<p { byRoot[find(j), default: []].append(j) }
        return byRoot.values.filter { $0.count >= 2 }.map { $0.sorted() }.sorted { $0[0] < $1[0] }
            .map { ($0, weakest[find($0[0])]) }
    }
}
