import Testing
@testable import Shrink

/// The updated support factor solves the same systems as a fresh factorization.
@Suite("Support Cholesky updates")
struct SupportCholeskyTests {
    /// A random Gram matrix `Z'Z` of `p` columns over `n` rows (rank p when n >= p).
    static func gram(rows n: Int, columns p: Int, seed: UInt64) -> [Double] {
        var g = SplitMix64(seed: seed)
        let z = (0..<(n * p)).map { _ in g.normal() }
        var out = [Double](repeating: 0, count: p * p)
        for j in 0..<p {
            for k in 0..<p {
                var s = 0.0
                for i in 0..<n { s += z[j * n + i] * z[k * n + i] }
                out[j * p + k] = s
            }
        }
        return out
    }

    @Test("adding and deleting features matches a fresh Cholesky solve")
    func matchesFreshFactor() throws {
        let p = 12
        let a = Self.gram(rows: 40, columns: p, seed: 5)
        let l2: (Int) -> Double = { 0.1 * Double($0 % 3) }
        var factor = SupportCholesky()
        // Supports that add, delete (first, middle, last) and re-add features.
        let supports: [[Int]] = [[0, 1, 2, 3], [0, 1, 2, 3, 7, 9], [1, 2, 3, 7, 9], [1, 2, 7], [1, 2, 7, 4, 11, 0],
                                 [2, 7, 4, 11, 0, 5, 6, 8, 10, 3], [2, 7, 4]]
        for support in supports {
            let ok = factor.update(to: support, l2: l2, product: { a[$0 * p + $1] })
            #expect(ok)
            let order = factor.features
            #expect(Set(order) == Set(support) && order.count == support.count)
            let m = order.count
            var h = [Double](repeating: 0, count: m * m)
            for (r, j) in order.enumerated() {
                for (c, k) in order.enumerated() { h[r * m + c] = a[j * p + k] }
                h[r * m + r] += l2(j)
            }
            let rhs = (0..<m).map { Double($0) - 2.5 }
            let fresh = try #require(Cholesky(h, order: m)).solve(rhs)
            let updated = factor.solve(rhs)
            for k in 0..<m { #expect(abs(updated[k] - fresh[k]) <= 1e-10 * (1 + abs(fresh[k]))) }
        }
    }

    @Test("relabeling renames the kept features and deletes the others")
    func relabel() throws {
        let p = 10
        let a = Self.gram(rows: 30, columns: p, seed: 13)
        var factor = SupportCholesky()
        let built = factor.update(to: [4, 1, 7, 9, 2, 6], l2: { _ in 0.5 }, product: { a[$0 * p + $1] })
        #expect(built)
        // Drop 7 and 2; the others take the numbers 10 + j.
        factor.relabel { [7, 2].contains($0) ? nil : 10 + $0 }
        let order = factor.features
        #expect(order.sorted() == [11, 14, 16, 19])
        let m = order.count
        var h = [Double](repeating: 0, count: m * m)
        for (r, j) in order.enumerated() {
            for (c, k) in order.enumerated() { h[r * m + c] = a[(j - 10) * p + (k - 10)] }
            h[r * m + r] += 0.5
        }
        let rhs = [1.0, -2, 0.5, 3]
        let fresh = try #require(Cholesky(h, order: m)).solve(rhs)
        let updated = factor.solve(rhs)
        for k in 0..<m { #expect(abs(updated[k] - fresh[k]) <= 1e-10 * (1 + abs(fresh[k]))) }
        // It keeps updating under the new numbers.
        let product: (Int, Int) -> Double = { j, k in a[(j - 10) * p + (k - 10)] }
        let ok = factor.update(to: [11, 14, 13], l2: { _ in 0.5 }, product: product)
        #expect(ok)
        #expect(Set(factor.features) == Set([11, 14, 13]))
    }

    @Test("a change of ridge weights rebuilds; a singular matrix is refused")
    func rebuildAndSingular() {
        let p = 4
        var a = Self.gram(rows: 10, columns: p, seed: 9)
        var factor = SupportCholesky()
        let plain = factor.update(to: [0, 1, 2], l2: { _ in 0 }, product: { a[$0 * p + $1] })
        let ridged = factor.update(to: [0, 1, 2], l2: { _ in 1 }, product: { a[$0 * p + $1] })
        #expect(plain && ridged)
        let m = 3
        let rows = factor.features
        var h = [Double](repeating: 0, count: m * m)
        for r in 0..<m { for c in 0..<m { h[r * m + c] = a[rows[r] * p + rows[c]] + (r == c ? 1 : 0) } }
        let fresh = Cholesky(h, order: m)!.solve([1, 2, 3])
        let updated = factor.solve([1, 2, 3])
        for k in 0..<m { #expect(abs(updated[k] - fresh[k]) <= 1e-12 * (1 + abs(fresh[k]))) }
        // Column 3 a copy of column 0: singular without ridge weights.
        for k in 0..<p { a[3 * p + k] = a[0 * p + k]; a[k * p + 3] = a[k * p + 0] }
        a[3 * p + 3] = a[0]
        let copy = a
        let singular = factor.update(to: [0, 1, 3], l2: { _ in 0 }, product: { copy[$0 * p + $1] })
        #expect(!singular)
        #expect(factor.features.isEmpty)
    }
}
