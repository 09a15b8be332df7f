import Testing
@testable import Shrink

@Suite("Householder tridiagonal reduction: A = Q T Q', eigenvalues, shifted solves")
struct HouseholderTridiagonalTests {
    /// `Q` as a dense column-major matrix, from the reflectors applied to the identity.
    static func q(_ t: HouseholderTridiagonal) -> [Double] {
        let n = t.order
        var q = [Double](repeating: 0, count: n * n)
        for i in 0..<n { q[i * n + i] = 1 }
        t.applyQ(&q, columns: n)
        return q
    }

    /// The largest entries of `|Q T Q' - A|` and `|Q'Q - I|` for the reduction `t` of `a`.
    static func residuals(_ t: HouseholderTridiagonal, of a: [Double]) -> (reconstruction: Double, orthogonality: Double) {
        let n = t.order
        let q = Self.q(t)
        // (T Q')[i, j] = sum_k T[i, k] Q[j, k]
        var tq = [Double](repeating: 0, count: n * n)
        for j in 0..<n {
            for i in 0..<n {
                var s = t.diagonal[i] * q[i * n + j]
                if i > 0 { s += t.offDiagonal[i] * q[(i - 1) * n + j] }
                if i + 1 < n { s += t.offDiagonal[i + 1] * q[(i + 1) * n + j] }
                tq[j * n + i] = s
            }
        }
        var worstA = 0.0, worstOrth = 0.0
        for j in 0..<n {
            for i in 0..<n {
                var s = 0.0, o = 0.0
                for k in 0..<n {
                    s += q[k * n + i] * tq[j * n + k]
                    o += q[i * n + k] * q[j * n + k]
                }
                worstA = max(worstA, abs(s - a[j * n + i]))
                worstOrth = max(worstOrth, abs(o - (i == j ? 1 : 0)))
            }
        }
        return (worstA, worstOrth)
    }

    @Test("by panels (several, the last one partial) as reflector by reflector: Q orthogonal, Q T Q' = A, LAPACK's eigenvalues",
          arguments: LinalgFixture.names)
    func blocked(name: String) throws {
        let f = try LinalgFixture.load(name)
        let n = f.order
        let t = HouseholderTridiagonal(f.matrix, order: n, block: 4)
        let (worstA, worstOrth) = Self.residuals(t, of: f.matrix)
        #expect(worstA <= 50 * Double(n) * Double.ulpOfOne * f.norm, "\(name): |QTQ' - A| = \(worstA)")
        #expect(worstOrth <= 50 * Double(n) * Double.ulpOfOne, "\(name): |Q'Q - I| = \(worstOrth)")
        let values = try t.eigenvalues()
        let tol = 20 * Double(n) * Double.ulpOfOne * f.norm
        for k in 0..<n {
            #expect(abs(values[k] - f.eigenvalues[k]) <= tol, "\(name): eigenvalue \(k): \(values[k]) vs \(f.eigenvalues[k])")
        }
    }

    @Test("a block-diagonal matrix above the blocked order: a zero row to reduce, and the same T's spectrum both ways")
    func blockedDefault() throws {
        // diag(B, C), B of order 60 and C of order 90: reflectors of C's rows leave B alone, and row 60
        // reaches the reduction with nothing left of its diagonal (a reflector of scale zero).
        let n = 150, split = 60
        #expect(n >= HouseholderTridiagonal.blockedOrder)
        var state: UInt64 = 7
        func next() -> Double {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return Double(state >> 11) / Double(1 << 53) - 0.5
        }
        var a = [Double](repeating: 0, count: n * n)
        for j in 0..<n {
            for i in j..<n where (i < split) == (j < split) {
                let x = next()
                a[j * n + i] = x
                a[i * n + j] = x
            }
        }
        let blocked = HouseholderTridiagonal(a, order: n)
        let plain = HouseholderTridiagonal(a, order: n, block: 0)
        #expect(blocked.offDiagonal[split] == 0 && plain.offDiagonal[split] == 0)
        let norm = a.map(abs).reduce(0, +)
        let (worstA, worstOrth) = Self.residuals(blocked, of: a)
        #expect(worstA <= 50 * Double(n) * Double.ulpOfOne * norm, "|QTQ' - A| = \(worstA)")
        #expect(worstOrth <= 50 * Double(n) * Double.ulpOfOne, "|Q'Q - I| = \(worstOrth)")
        let (x, y) = (try blocked.eigenvalues(), try plain.eigenvalues())
        let worst = zip(x, y).map { abs($0 - $1) }.max()!
        #expect(worst <= 20 * Double(n) * Double.ulpOfOne * norm, "eigenvalues differ by \(worst)")
    }

    @Test("Q is orthogonal and Q T Q' reproduces A", arguments: LinalgFixture.names)
    func reconstruction(name: String) throws {
        let f = try LinalgFixture.load(name)
        let n = f.order
        let t = HouseholderTridiagonal(f.matrix, order: n)
        let (worstA, worstOrth) = Self.residuals(t, of: f.matrix)
        #expect(worstA <= 50 * Double(n) * Double.ulpOfOne * f.norm, "\(name): |QTQ' - A| = \(worstA)")
        #expect(worstOrth <= 50 * Double(n) * Double.ulpOfOne, "\(name): |Q'Q - I| = \(worstOrth)")
        // Q' undoes Q, also for a number of columns that is not a multiple of four.
        var x = (0..<(n * 5)).map { Double($0 % 7) - 3 }
        let original = x
        t.applyQ(&x, columns: 5)
        t.applyQTransposed(&x, columns: 5)
        #expect(zip(x, original).allSatisfy { abs($0 - $1) <= 100 * Double(n) * Double.ulpOfOne })
    }

    @Test("eigenvalues without vectors agree with LAPACK and with the full decomposition", arguments: LinalgFixture.names)
    func eigenvalues(name: String) throws {
        let f = try LinalgFixture.load(name)
        let t = HouseholderTridiagonal(f.matrix, order: f.order)
        let values = try t.eigenvalues()
        let full = try t.eigenDecomposition().values
        let tol = 20 * Double(f.order) * Double.ulpOfOne * f.norm
        for k in 0..<f.order {
            #expect(abs(values[k] - f.eigenvalues[k]) <= tol, "\(name): eigenvalue \(k): \(values[k]) vs \(f.eigenvalues[k])")
            #expect(abs(values[k] - full[k]) <= tol)
        }
    }

    @Test("Q (T + lambda I)^-1 Q' b solves (A + lambda I) x = b; a non-positive pivot gives nil",
          arguments: LinalgFixture.names)
    func shiftedSolves(name: String) throws {
        let f = try LinalgFixture.load(name)
        let n = f.order
        let t = HouseholderTridiagonal(f.matrix, order: n)
        let smallest = f.eigenvalues.first ?? 0
        // Shifts that make A + lambda I positive definite with condition at most ~1e6.
        let base = max(0, -smallest) + 1e-6 * f.norm
        let shifts = [base, 10 * base, f.norm]
        let b = (0..<n).map { Double(($0 * 5) % 11) - 5 }
        var reduced = b
        t.applyQTransposed(&reduced, columns: 1)
        var x = try #require(t.solveShifted(reduced, shifts: shifts))
        t.applyQ(&x, columns: shifts.count)
        let bNorm = b.map(abs).max()!
        for (l, shift) in shifts.enumerated() {
            var worst = 0.0, xNorm = 0.0
            for i in 0..<n {
                var s = shift * x[l * n + i]
                for j in 0..<n { s += f.matrix[j * n + i] * x[l * n + j] }
                worst = max(worst, abs(s - b[i]))
                xNorm = max(xNorm, abs(x[l * n + i]))
            }
            // Backward stable: the residual is a modest multiple of eps (||A|| + lambda) ||x||.
            let bound = 100 * Double(n) * Double.ulpOfOne * ((f.norm + shift) * xNorm + bNorm)
            #expect(worst <= bound, "\(name) shift \(shift): residual \(worst) > \(bound)")
        }
        if smallest < 0 {
            #expect(t.solveShifted(reduced, shifts: [0]) == nil, "\(name): indefinite system accepted")
        }
    }
}
