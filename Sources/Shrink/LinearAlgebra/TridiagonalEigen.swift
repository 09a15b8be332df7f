import Dispatch

/// The eigendecomposition of a symmetric tridiagonal matrix by divide and conquer.
///
/// Cuppen's method (1981) with the eigenvector construction of Gu and Eisenstat (1995), as LAPACK's
/// `dstedc`: the matrix is split in two halves coupled by a rank-one term
/// `T = diag(T1, T2) + rho v v'`, the halves are decomposed recursively (small blocks by implicit QL),
/// and the eigenpairs of `D + rho z z'` come from the roots of the secular equation
/// `1 + rho sum_j z_j^2 / (d_j - lambda) = 0`. Entries of `z` that are negligible, or pairs of
/// nearly equal `d_j`, are deflated (their eigenpairs are known). The other eigenvectors use a `z`
/// recomputed from the computed roots (Löwner's formula), which makes them numerically orthogonal
/// however close the roots are. The merged vectors are one matrix product per level, so most of the
/// work runs on the blocked product kernels instead of QL's rotations (`3 n^3` flops of
/// vector-by-vector updates).
enum TridiagonalEigen {
    /// Blocks up to this order are solved by implicit QL.
    static let leafOrder = 32

    /// Returns the eigenvalues in increasing order and the orthonormal eigenvectors (column-major,
    /// eigenvector `k` in column `k`) of the symmetric tridiagonal matrix with the given diagonal and
    /// subdiagonal (`subdiagonal[i] = T[i, i - 1]` for `i >= 1`; `subdiagonal[0]` is ignored).
    ///
    /// - Throws: ``ShrinkError/invalidInput(_:)`` when QL does not converge on a block (practically never).
    /// - Complexity: O(n^3) in the worst case, dominated by one `n x k x k` product per merge (`k`
    ///   the undeflated count); much less with heavy deflation.
    static func decompose(diagonal: [Double], subdiagonal: [Double]) throws -> (values: [Double], vectors: [Double]) {
        let n = diagonal.count
        precondition(subdiagonal.count == n, "a tridiagonal matrix of order \(n) needs \(n) subdiagonal slots")
        guard n > 0 else { return ([], []) }
        // Scale to about unit max norm (as dstedc) so that no intermediate overflows or underflows;
        // by a power of two, so that scaling and unscaling are exact.
        var largest = 0.0
        for i in 0..<n { largest = max(largest, abs(diagonal[i]), i > 0 ? abs(subdiagonal[i]) : 0) }
        if largest == 0 {
            var identity = [Double](repeating: 0, count: n * n)
            for i in 0..<n { identity[i * n + i] = 1 }
            return ([Double](repeating: 0, count: n), identity)
        }
        let scale = Double(sign: .plus, exponent: largest.exponent, significand: 1)
        let d = diagonal.map { $0 / scale }
        var e = subdiagonal.map { $0 / scale }
        e[0] = 0
        var (values, vectors) = try solve(d[...], e[...])
        for i in values.indices { values[i] *= scale }
        return (values, vectors)
    }

    /// Decomposes the block with diagonal `d` and subdiagonal `e` (`e[first]` unused).
    private static func solve(_ d: ArraySlice<Double>, _ e: ArraySlice<Double>) throws -> (values: [Double], vectors: [Double]) {
        let m = d.count
        if m <= leafOrder { return try leaf(Array(d), Array(e)) }
        let k = m / 2
        let lo = d.startIndex
        // T = diag(T1', T2') + rho v v' with v = e_{k-1} + sign * e_k (rho >= 0).
        let beta = e[lo + k]
        let rho = abs(beta)
        let sign: Double = beta < 0 ? -1 : 1
        var upper = Array(d[lo..<(lo + k)]), lower = Array(d[(lo + k)...])
        upper[k - 1] -= rho
        lower[0] -= rho
        var lowerSub = Array(e[(lo + k)...])
        lowerSub[0] = 0
        let d1 = upper, d2 = lower, e1 = Array(e[lo..<(lo + k)]), e2 = lowerSub
        var first: (values: [Double], vectors: [Double]), second: (values: [Double], vectors: [Double])
        if m >= 256 {
            // The halves are independent: two threads, the same bits as one.
            let box = HalfResults()
            DispatchQueue.concurrentPerform(iterations: 2) { part in
                let result = Result { try part == 0 ? solve(d1[...], e1[...]) : solve(d2[...], e2[...]) }
                box.set(part, result)
            }
            (first, second) = (try box.take(0), try box.take(1))
        } else {
            (first, second) = (try solve(d1[...], e1[...]), try solve(d2[...], e2[...]))
        }
        return merge(&first, &second, rho: rho, sign: sign)
    }

    /// Results of the two halves computed on two threads, each slot written by one of them.
    private final class HalfResults: @unchecked Sendable {
        typealias Half = Result<(values: [Double], vectors: [Double]), any Error>
        private let slots: UnsafeMutablePointer<Half?>
        init() {
            slots = .allocate(capacity: 2)
            slots.initialize(repeating: nil, count: 2)
        }
        deinit {
            slots.deinitialize(count: 2)
            slots.deallocate()
        }
        func set(_ part: Int, _ result: Half) { slots[part] = result }
        /// Moves a half's result out (the slot no longer holds its storage).
        func take(_ part: Int) throws -> (values: [Double], vectors: [Double]) {
            let result = slots[part]!
            slots[part] = nil
            return try result.get()
        }
    }

    /// A small block by implicit QL on the identity, sorted.
    private static func leaf(_ d: [Double], _ e: [Double]) throws -> (values: [Double], vectors: [Double]) {
        let m = d.count
        var d = d, e = e
        var v = [Double](repeating: 0, count: m * m)
        for i in 0..<m { v[i * m + i] = 1 }
        let converged = v.withUnsafeMutableBufferPointer { vb in
            d.withUnsafeMutableBufferPointer { db in
                e.withUnsafeMutableBufferPointer { eb in
                    HouseholderTridiagonal.ql(vb.baseAddress!, db.baseAddress!, eb.baseAddress!, m)
                }
            }
        }
        guard converged else {
            throw ShrinkError.invalidInput("the symmetric eigensolver did not converge (block of order \(m))")
        }
        return sorted(values: d, vectors: v)
    }

    /// Eigenpairs in increasing order of value (ties by index, so deterministic); `vectors` holds
    /// `values.count` columns of that length.
    static func sorted(values d: [Double], vectors v: [Double]) -> (values: [Double], vectors: [Double]) {
        let m = d.count
        let order = (0..<m).sorted { d[$0] < d[$1] || (d[$0] == d[$1] && $0 < $1) }
        var sorted = [Double](repeating: 0, count: m * m)
        for (k, source) in order.enumerated() {
            for i in 0..<m { sorted[k * m + i] = v[source * m + i] }
        }
        return (order.map { d[$0] }, sorted)
    }

    /// The eigenpairs of `diag(Q1, Q2) (diag(L1, L2) + rho z z') diag(Q1, Q2)'` with
    /// `z = (last row of Q1, sign * first row of Q2)`.
    ///
    /// Memory: the halves' vectors are emptied once copied into the full-length vectors, which then
    /// become the result: the product with the secular vectors `U` runs in place by blocks of rows
    /// (``productInPlace(_:rows:_:k:)``) and the columns are put in order in place, so at most about
    /// two `m x m` matrices are alive at once (the vectors and `U`, which overwrites the secular
    /// differences `d_i - lambda_j`), not four and a half.
    private static func merge(
        _ first: inout (values: [Double], vectors: [Double]), _ second: inout (values: [Double], vectors: [Double]),
        rho inputRho: Double, sign: Double
    ) -> (values: [Double], vectors: [Double]) {
        let m1 = first.values.count, m2 = second.values.count, m = m1 + m2
        // The columns of diag(Q1, Q2) in increasing order of their eigenvalue (a stable merge).
        var order = [Int]()
        order.reserveCapacity(m)
        var a = 0, b = 0
        while a < m1 || b < m2 {
            if b == m2 || (a < m1 && first.values[a] <= second.values[b]) { order.append(a); a += 1 }
            else { order.append(m1 + b); b += 1 }
        }
        var dl = [Double](repeating: 0, count: m)
        var z = [Double](repeating: 0, count: m)
        var q = [Double](repeating: 0, count: m * m)   // column t: the eigenvector of position t, in full length
        let root2 = 2.0.squareRoot()
        for (t, source) in order.enumerated() {
            if source < m1 {
                dl[t] = first.values[source]
                z[t] = first.vectors[source * m1 + m1 - 1] / root2
                for i in 0..<m1 { q[t * m + i] = first.vectors[source * m1 + i] }
            } else {
                let c = source - m1
                dl[t] = second.values[c]
                z[t] = sign * second.vectors[c * m2] / root2
                for i in 0..<m2 { q[t * m + m1 + i] = second.vectors[c * m2 + i] }
            }
        }
        first.vectors = []
        second.vectors = []
        let rho = 2 * inputRho   // ||z|| is now 1

        // Deflation (dlaed2): negligible z_j, or a pair of nearly equal d rotated so that one z vanishes.
        let eps = Double.ulpOfOne / 2
        var dmax = 0.0, zmax = 0.0
        for t in 0..<m { dmax = max(dmax, abs(dl[t])); zmax = max(zmax, abs(z[t])) }
        let tol = 8 * eps * max(dmax, zmax)
        var kept: [Int] = []
        var deflated: [Int] = []
        if rho * zmax <= tol {
            deflated = Array(0..<m)
        } else {
            var previous = -1
            for t in 0..<m {
                if rho * abs(z[t]) <= tol { deflated.append(t); continue }
                guard previous >= 0 else { previous = t; continue }
                var s = z[previous], c = z[t]
                let tau = hypot2(c, s)
                let gap = dl[t] - dl[previous]
                c /= tau
                s = -s / tau
                if abs(gap * c * s) <= tol {
                    z[t] = tau
                    z[previous] = 0
                    q.withUnsafeMutableBufferPointer { qb in
                        let x = qb.baseAddress! + previous * m, y = qb.baseAddress! + t * m
                        for i in 0..<m {
                            let xi = x[i], yi = y[i]
                            x[i] = c * xi + s * yi
                            y[i] = c * yi - s * xi
                        }
                    }
                    let dp = dl[previous] * c * c + dl[t] * s * s
                    dl[t] = dl[previous] * s * s + dl[t] * c * c
                    dl[previous] = dp
                    deflated.append(previous)
                } else {
                    kept.append(previous)
                }
                previous = t
            }
            if previous >= 0 { kept.append(previous) }
        }

        // The eigenvalues: the secular roots of the kept pairs, then the deflated d's; each pair goes
        // straight to its place in increasing order.
        let k = kept.count
        let dk = kept.map { dl[$0] }, zk = kept.map { z[$0] }
        var delta = [Double](repeating: 0, count: k * k)   // column j: d_i - lambda_j
        var lambdas = [Double](repeating: 0, count: k)
        delta.withUnsafeMutableBufferPointer { db in
            for j in 0..<k { lambdas[j] = secularRoot(j, dk, zk, rho, db.baseAddress! + j * k) }
        }
        let values = lambdas + deflated.map { dl[$0] }
        let sorted = (0..<m).sorted { values[$0] < values[$1] || (values[$0] == values[$1] && $0 < $1) }
        var position = [Int](repeating: 0, count: m)
        for (c, slot) in sorted.enumerated() { position[slot] = c }
        // The deflated eigenvectors, m x (m - k), taken out of q before q becomes the result.
        var deflatedColumns = [Double](repeating: 0, count: m * deflated.count)
        for (c, t) in deflated.enumerated() {
            for i in 0..<m { deflatedColumns[c * m + i] = q[t * m + i] }
        }
        if k > 0 {
            // Gu-Eisenstat: z recomputed from the roots, then u_j = (zhat_i / (d_i - lambda_j))_i normalized.
            var w = (0..<k).map { delta[$0 * k + $0] }
            for j in 0..<k {
                for i in 0..<k where i != j { w[i] *= delta[j * k + i] / (dk[i] - dk[j]) }
            }
            let zhat = (0..<k).map { i in (max(-w[i], 0)).squareRoot() * (zk[i] < 0 ? -1 : 1) }
            // u overwrites delta entry by entry (u_ij needs only delta_ij): no second k x k matrix.
            var u = delta
            delta = []
            for j in 0..<k {
                var norm = 0.0
                for i in 0..<k {
                    let x = zhat[i] / u[j * k + i]
                    u[j * k + i] = x
                    norm += x * x
                }
                let inv = 1 / norm.squareRoot()
                for i in 0..<k { u[j * k + i] *= inv }
            }
            // The kept columns to the front of q (kept is increasing, so each moves left or stays).
            for (c, t) in kept.enumerated() where c != t {
                for i in 0..<m { q[c * m + i] = q[t * m + i] }
            }
            productInPlace(&q, rows: m, u, k: k)
        }
        // Then the deflated columns, and every column to its eigenvalue's position.
        for c in deflated.indices {
            for i in 0..<m { q[(k + c) * m + i] = deflatedColumns[c * m + i] }
        }
        deflatedColumns = []
        permuteColumns(&q, rows: m, to: (0..<m).map { position[$0] })
        return (sorted.map { values[$0] }, q)
    }

    /// Replaces the first `k` columns of the column-major `rows x k` block at the start of `q`
    /// (leading dimension `rows`) by their product with the `k x k` matrix `u`, by blocks of rows, so
    /// that no second `rows x k` matrix is needed.
    ///
    /// - Complexity: O(rows k^2); O(k^2 + b k) scratch for blocks of b rows.
    private static func productInPlace(_ q: inout [Double], rows m: Int, _ u: [Double], k: Int) {
        let block = 128
        var out = [Double](repeating: 0, count: min(block, m) * k)
        q.withUnsafeMutableBufferPointer { qb in
            u.withUnsafeBufferPointer { ub in
                out.withUnsafeMutableBufferPointer { ob in
                    let base = qb.baseAddress!, c = ob.baseAddress!
                    for i0 in stride(from: 0, to: m, by: block) {
                        let b = min(block, m - i0)
                        c.update(repeating: 0, count: b * k)
                        // C (b x k) = Q_k[i0..<i0+b, :] U, as A'B with A' the row block (read in place).
                        MatrixProduct.addTransposeProduct(
                            k: k, m: b, n: k, alpha: 1, a: UnsafePointer(base + i0), lda: 1, aStep: m,
                            b: ub.baseAddress!, ldb: k, bStep: 1, c: c, ldc: b, parallel: true)
                        for j in 0..<k {
                            (base + j * m + i0).update(from: c + j * b, count: b)
                        }
                    }
                }
            }
        }
    }

    /// Moves column `s` of the column-major `rows x destination.count` matrix `q` to column
    /// `destination[s]` (a permutation), in place along its cycles.
    ///
    /// - Complexity: O(rows * columns); O(rows) scratch.
    private static func permuteColumns(_ q: inout [Double], rows m: Int, to destination: [Int]) {
        let n = destination.count
        var done = [Bool](repeating: false, count: n)
        var carried = [Double](repeating: 0, count: m), swap = carried
        for start in 0..<n where !done[start] {
            if destination[start] == start { done[start] = true; continue }
            for i in 0..<m { carried[i] = q[start * m + i] }
            var s = start
            repeat {
                let d = destination[s]
                for i in 0..<m { swap[i] = q[d * m + i] }
                for i in 0..<m { q[d * m + i] = carried[i] }
                (carried, swap) = (swap, carried)
                done[s] = true
                s = d
            } while s != start
        }
    }

    /// The `j`-th smallest root of `1 + rho sum_i z_i^2 / (d_i - lambda)` (`d` increasing, `z_i != 0`,
    /// `rho > 0`), and `delta[i] = d_i - lambda` computed without cancellation (relative to the
    /// nearer pole).
    ///
    /// The root lies in `(d_j, d_{j+1})` (the last in `(d_{k-1}, d_{k-1} + rho ||z||^2]`). Each step
    /// fits the two sums at the current point by one pole each (`A + B / (d_j - lambda)` and
    /// `C + E / (d_{j+1} - lambda)`, matching values and derivatives) and takes the model's root,
    /// falling back to bisection of the bracket when the step leaves it.
    ///
    /// - Complexity: O(k) per step; typically a handful of steps.
    static func secularRoot(
        _ j: Int, _ d: [Double], _ z: [Double], _ rho: Double, _ delta: UnsafeMutablePointer<Double>
    ) -> Double {
        let k = d.count
        let eps = Double.ulpOfOne
        var origin = j
        var lo = 0.0, hi = 0.0
        if j < k - 1 {
            let half = (d[j + 1] - d[j]) / 2
            var f = 1.0
            for i in 0..<k { f += rho * z[i] * z[i] / ((d[i] - d[j]) - half) }
            if f >= 0 { origin = j; lo = 0; hi = half } else { origin = j + 1; lo = -half; hi = 0 }
        } else {
            var norm = 0.0
            for i in 0..<k { norm += z[i] * z[i] }
            hi = rho * norm
        }
        let base = d[origin]
        var gaps = [Double](repeating: 0, count: k)
        for i in 0..<k { gaps[i] = d[i] - base }
        var tau = origin == j ? hi / 2 : lo / 2
        /// `rho sum_i z_i^2 / (d_i - lambda)` over `range` and its derivative in lambda.
        func sums(_ range: Range<Int>) -> (value: Double, slope: Double) {
            var value = 0.0, slope = 0.0
            for i in range {
                let r = z[i] / (gaps[i] - tau)
                value += z[i] * r
                slope += r * r
            }
            return (rho * value, rho * slope)
        }
        for _ in 0..<200 {
            let (psi, dpsi) = sums(0..<(j + 1)), (phi, dphi) = sums((j + 1)..<k)
            let f = 1 + psi + phi
            let error = 8 * eps * (1 + abs(psi) + abs(phi)) + eps * abs(tau) * (dpsi + dphi)
            if abs(f) <= error { break }
            if f > 0 { hi = tau } else { lo = tau }
            if hi - lo <= 2 * eps * max(abs(lo), abs(hi)) { break }
            // The one-pole-per-side model and its root in (a, b).
            let a = gaps[j] - tau
            var step: Double
            if j + 1 < k {
                let b = gaps[j + 1] - tau
                let bb = dpsi * a * a, ee = dphi * b * b
                let w = 1 + (psi - dpsi * a) + (phi - dphi * b)
                // w (a - s)(b - s) + bb (b - s) + ee (a - s) = 0
                let qa = w, qb = -(w * (a + b) + bb + ee), qc = w * a * b + bb * b + ee * a
                if qa == 0 {
                    step = qc / -qb
                } else {
                    let disc = max(qb * qb - 4 * qa * qc, 0).squareRoot()
                    let r1 = (-qb - (qb < 0 ? -disc : disc)) / (2 * qa)
                    let r2 = r1 == 0 ? 0 : qc / (qa * r1)
                    step = (r1 > a && r1 < b) ? r1 : r2
                }
            } else {
                let w = 1 + (psi - dpsi * a)
                step = w > 0 ? a + dpsi * a * a / w : .nan
            }
            var next = tau + step
            if !(next > lo && next < hi) { next = (lo + hi) / 2 }
            if next == tau { break }
            tau = next
        }
        for i in 0..<k { delta[i] = gaps[i] - tau }
        return base + tau
    }
}
