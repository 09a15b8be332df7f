/// The Cholesky factor of `Z_A'Z_A + diag(l2_A)` over a support `A` that changes a few features at a
/// time: a feature that enters appends a row (one triangular solve), a feature that leaves is
/// deleted with Givens rotations, so the Newton steps of ``CoordinateDescent`` rarely refactor.
///
/// The factor is rebuilt when the ridge weights change (a new lambda with `alpha < 1`).
struct SupportCholesky {
    /// The features of the factor, in its row order.
    private(set) var features: [Int] = []
    /// Row `i` of the lower-triangular factor, of length `i + 1`.
    private var rows: [[Double]] = []
    /// The ridge weights the factor was built with, in the order of ``features``.
    private var ridge: [Double] = []
    /// `trace / order` of the factored matrix, the scale of the pivot test.
    private var diagonalScale = 0.0
    /// Membership marks by feature index: `marks[j] == stamp` for the features last marked.
    private var marks: [Int] = []
    private var stamp = 0

    /// Forgets the factor.
    mutating func reset() {
        features.removeAll(keepingCapacity: true)
        rows.removeAll(keepingCapacity: true)
        ridge.removeAll(keepingCapacity: true)
        diagonalScale = 0
    }

    /// Updates the factor to `support` with ridge weights `l2(j)`, reading inner products from
    /// `product(j, k)`; returns `false` (and forgets the factor) when the matrix is numerically
    /// singular. Afterwards ``features`` is `support` in the factor's order.
    ///
    /// - Complexity: O(m^2) per feature that enters or leaves (m = |support|), O(m^3) on a rebuild.
    mutating func update(to support: [Int], l2: (Int) -> Double, product: (Int, Int) -> Double) -> Bool {
        for (k, j) in features.enumerated() where ridge[k] != l2(j) {
            reset()
            break
        }
        let target = mark(support)
        for k in stride(from: features.count - 1, through: 0, by: -1) where marks[features[k]] != target {
            delete(k)
        }
        let present = mark(features)
        for j in support where marks[j] != present {
            if !append(j, l2: l2(j), product: product) {
                reset()
                return false
            }
        }
        return true
    }

    /// Appends feature `j`: the new row `l` solves `L l = Z_A'z_j` and its diagonal is
    /// `sqrt(z_j'z_j + l2 - l'l)`.
    private mutating func append(_ j: Int, l2: Double, product: (Int, Int) -> Double) -> Bool {
        let m = features.count
        var row = [Double](repeating: 0, count: m + 1)
        row.withUnsafeMutableBufferPointer { r in
            let rp = r.baseAddress!
            for i in 0..<m {
                rp[i] = product(features[i], j)
                rows[i].withUnsafeBufferPointer { li in
                    rp[i] = (rp[i] - Kernels.nativeDot(li.baseAddress!, rp, count: i)) / li[i]
                }
            }
        }
        let diagonal = product(j, j) + l2
        let scale = (diagonalScale * Double(m) + diagonal) / Double(m + 1)
        let pivot = diagonal - row.withUnsafeBufferPointer { Kernels.dot($0.baseAddress!, $0.baseAddress!, count: m) }
        guard pivot > 1e-13 * scale, pivot.isFinite else { return false }
        row[m] = pivot.squareRoot()
        rows.append(row)
        features.append(j)
        ridge.append(l2)
        diagonalScale = scale
        return true
    }

    /// Deletes row and column `k`, restoring the triangle with Givens rotations on column pairs.
    private mutating func delete(_ k: Int) {
        ridge.remove(at: k)
        features.remove(at: k)
        // Without row k, L L' is still the reduced matrix; rows k... now carry one entry right of
        // the diagonal, which rotations of column pairs (orthogonal, so L L' is unchanged) remove.
        rows.remove(at: k)
        for j in k..<rows.count {
            let a = rows[j][j], b = rows[j][j + 1]
            let r = (a * a + b * b).squareRoot()
            let c = a / r, s = b / r
            for i in j..<rows.count {
                let x = rows[i][j], y = rows[i][j + 1]
                rows[i][j] = c * x + s * y
                rows[i][j + 1] = -s * x + c * y
            }
            rows[j].removeLast()
        }
    }

    /// Marks the features of `list` with a fresh stamp and returns it: afterwards `marks[j]` equals it
    /// exactly for the members of `list` (every index of `list` and of ``features`` is in range).
    ///
    /// - Complexity: O(|list|), plus the growth of `marks` to the largest index seen.
    private mutating func mark(_ list: [Int]) -> Int {
        stamp += 1
        let top = max(list.max() ?? -1, features.max() ?? -1)
        if top >= marks.count { marks += repeatElement(0, count: top + 1 - marks.count) }
        for j in list { marks[j] = stamp }
        return stamp
    }

    /// Solves `L L' d = rhs`, with `rhs` in the order of ``features``.
    ///
    /// - Complexity: O(m^2).
    func solve(_ rhs: [Double]) -> [Double] {
        var v = rhs
        let m = v.count
        v.withUnsafeMutableBufferPointer { vb in
            let vp = vb.baseAddress!
            for i in 0..<m {
                rows[i].withUnsafeBufferPointer { li in
                    vp[i] = (vp[i] - Kernels.nativeDot(li.baseAddress!, vp, count: i)) / li[i]
                }
            }
            for i in stride(from: m - 1, through: 0, by: -1) {
                rows[i].withUnsafeBufferPointer { li in
                    vp[i] /= li[i]
                    Kernels.nativeAxpy(-vp[i], li.baseAddress!, vp, count: i)
                }
            }
        }
        return v
    }
}
