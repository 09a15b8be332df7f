/// The Cholesky factor of `Z_A'Z_A + diag(l2_A)` over a support `A` that changes a few features at a
/// time: a feature that enters appends a row (one triangular solve), a feature that leaves is
/// deleted with Givens rotations, so the Newton steps of ``CoordinateDescent`` rarely refactor.
///
/// The factor is rebuilt when the ridge weights change (a new lambda with `alpha < 1`). Its rows
/// live in one square buffer (row `i` at `i * stride`), so the triangular sweeps run on raw
/// pointers without touching a reference count per row.
struct SupportCholesky {
    /// The features of the factor, in its row order.
    private(set) var features: [Int] = []
    /// Row `i` of the lower-triangular factor in `storage[i * stride ... i * stride + i]`; the entries
    /// right of the diagonal are scratch.
    private var storage: [Double] = []
    /// The row length of ``storage``: the largest order it holds without growing.
    private var stride = 0
    /// The ridge weights the factor was built with, in the order of ``features``.
    private var ridge: [Double] = []
    /// `trace / order` of the factored matrix, the scale of the pivot test.
    private var diagonalScale = 0.0
    /// Membership marks by feature index: `marks[j] == stamp` for the features last marked.
    private var marks: [Int] = []
    private var stamp = 0

    /// Forgets the factor (keeping its storage).
    mutating func reset() {
        features.removeAll(keepingCapacity: true)
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
        for k in Swift.stride(from: features.count - 1, through: 0, by: -1) where marks[features[k]] != target {
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

    /// Renames every feature `j` of the factor to `map(j)`, deleting those it maps to `nil`, so that
    /// a factor built over one numbering of the features serves another (an IRLS path keeps one
    /// factor over the design's columns while each step's solver numbers its working set).
    ///
    /// - Complexity: O(m) plus O(m^2) per deleted feature.
    mutating func relabel(_ map: (Int) -> Int?) {
        for k in Swift.stride(from: features.count - 1, through: 0, by: -1) {
            if let target = map(features[k]) { features[k] = target } else { delete(k) }
        }
    }

    /// Grows ``storage`` to hold a factor of `order` rows, keeping the rows it has.
    ///
    /// - Complexity: O(order^2) when it grows (at least doubling), else O(1).
    private mutating func reserve(_ order: Int) {
        guard order > stride else { return }
        let grown = max(order, 2 * stride, 16), old = stride, m = features.count
        var larger = [Double](repeating: 0, count: grown * grown)
        storage.withUnsafeBufferPointer { from in
            larger.withUnsafeMutableBufferPointer { to in
                for i in 0..<m { (to.baseAddress! + i * grown).update(from: from.baseAddress! + i * old, count: i + 1) }
            }
        }
        storage = larger
        stride = grown
    }

    /// Appends feature `j`: the new row `l` solves `L l = Z_A'z_j` and its diagonal is
    /// `sqrt(z_j'z_j + l2 - l'l)`.
    ///
    /// - Complexity: O(m^2) for a factor of order m.
    private mutating func append(_ j: Int, l2: Double, product: (Int, Int) -> Double) -> Bool {
        let m = features.count
        reserve(m + 1)
        let ld = stride, order = features
        let diagonal = product(j, j) + l2
        let scale = (diagonalScale * Double(m) + diagonal) / Double(m + 1)
        let pivot = storage.withUnsafeMutableBufferPointer { s -> Double in
            let base = s.baseAddress!, row = base + m * ld
            order.withUnsafeBufferPointer { f in
                for i in 0..<m { row[i] = product(f[i], j) }
            }
            for i in 0..<m {
                let li = base + i * ld
                row[i] = (row[i] - Kernels.nativeDot(li, row, count: i)) / li[i]
            }
            let pivot = diagonal - Kernels.dot(row, row, count: m)
            if pivot > 1e-13 * scale && pivot.isFinite { row[m] = pivot.squareRoot() }
            return pivot
        }
        guard pivot > 1e-13 * scale, pivot.isFinite else { return false }
        features.append(j)
        ridge.append(l2)
        diagonalScale = scale
        return true
    }

    /// Deletes row and column `k`, restoring the triangle with Givens rotations on column pairs.
    ///
    /// - Complexity: O(m^2) for a factor of order m.
    private mutating func delete(_ k: Int) {
        ridge.remove(at: k)
        features.remove(at: k)
        let m = features.count, ld = stride
        // Without row k, L L' is still the reduced matrix; rows k... now carry one entry right of
        // the diagonal, which rotations of column pairs (orthogonal, so L L' is unchanged) remove.
        storage.withUnsafeMutableBufferPointer { s in
            let base = s.baseAddress!
            for i in k..<m { (base + i * ld).update(from: base + (i + 1) * ld, count: i + 2) }
            for j in k..<m {
                let a = base[j * ld + j], b = base[j * ld + j + 1]
                let r = (a * a + b * b).squareRoot()
                let c = a / r, sn = b / r
                for i in j..<m {
                    let row = base + i * ld
                    let x = row[j], y = row[j + 1]
                    row[j] = c * x + sn * y
                    row[j + 1] = -sn * x + c * y
                }
            }
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
        let m = v.count, ld = stride
        storage.withUnsafeBufferPointer { s in
            let base = s.baseAddress!
            v.withUnsafeMutableBufferPointer { vb in
                let vp = vb.baseAddress!
                for i in 0..<m {
                    let li = base + i * ld
                    vp[i] = (vp[i] - Kernels.nativeDot(li, vp, count: i)) / li[i]
                }
                for i in Swift.stride(from: m - 1, through: 0, by: -1) {
                    let li = base + i * ld
                    vp[i] /= li[i]
                    Kernels.nativeAxpy(-vp[i], li, vp, count: i)
                }
            }
        }
        return v
    }
}
