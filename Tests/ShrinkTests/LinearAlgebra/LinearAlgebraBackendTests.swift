import Testing
import Shrink

/// The backend of the dense factorizations: the built-in Swift code by default, LAPACK with the
/// `OpenBLAS` package trait (`swift test --traits OpenBLAS`); the fixture tests in
/// LinearAlgebraTests check whichever runs against numpy's LAPACK results.
@Suite("Linear algebra backend")
struct LinearAlgebraBackendTests {
    @Test("the backend is the one the build selected")
    func backend() {
        #if OpenBLAS
        #expect(LinearAlgebraBackend.name == "lapack")
        #else
        #expect(LinearAlgebraBackend.name == "swift")
        #endif
    }

    @Test("repeated decompositions are bit-identical (deterministic, also with threaded BLAS)")
    func deterministic() throws {
        let n = 300
        var a = [Double](repeating: 0, count: n * n)
        var s: UInt64 = 12345
        for i in 0..<n {
            for j in 0...i {
                s = s &* 6364136223846793005 &+ 1442695040888963407
                let v = Double(s >> 11) / 9_007_199_254_740_992.0 - 0.5
                a[i * n + j] = v
                a[j * n + i] = v
            }
        }
        let first = try SymmetricEigen(a, order: n)
        let second = try SymmetricEigen(a, order: n)
        #expect(first.values == second.values && first.vectors == second.vectors)
        var spd = a
        for i in 0..<n { spd[i * n + i] += Double(n) }
        let c1 = try #require(Cholesky(blocked: spd, order: n))
        let c2 = try #require(Cholesky(blocked: spd, order: n))
        #expect(c1.lower == c2.lower)
        // A V = V diag(values) for the random matrix, whichever backend ran.
        var worst = 0.0
        for k in stride(from: 0, to: n, by: 37) {
            for i in 0..<n {
                var av = 0.0
                for j in 0..<n { av += a[j * n + i] * first.vectors[k * n + j] }
                worst = max(worst, abs(av - first.values[k] * first.vectors[k * n + i]))
            }
        }
        #expect(worst <= 1e-12, "residual \(worst)")
    }
}
