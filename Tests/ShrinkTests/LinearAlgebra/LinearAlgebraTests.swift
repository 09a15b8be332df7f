import Foundation
import Testing
import Shrink

/// A symmetric matrix with LAPACK's eigenvalues (numpy.linalg.eigh) and, when SPD, numpy's
/// Cholesky factor (see scripts/make_ridge_fixtures.py).
struct LinalgFixture: Decodable {
    var name: String
    var order: Int
    var matrix: [Double]
    var eigenvalues: [Double]
    var cholesky: [Double]?

    static let names = ["hilbert10", "rank5_of_14", "spd40", "graded30", "clustered25", "indefinite33", "tridiag50"]

    static func load(_ name: String) throws -> LinalgFixture {
        guard let url = Bundle.module.url(forResource: name, withExtension: "json", subdirectory: "Fixtures/linalg")
        else { throw ShrinkError.invalidInput("fixture \(name) is missing") }
        return try JSONDecoder().decode(LinalgFixture.self, from: Data(contentsOf: url))
    }

    var norm: Double { eigenvalues.map(abs).max() ?? 0 }
}

@Suite("Symmetric eigensolver and Cholesky against LAPACK (numpy)")
struct LinearAlgebraTests {
    @Test("eigenvalues agree with LAPACK to a backward-stable tolerance", arguments: LinalgFixture.names)
    func eigenvalues(name: String) throws {
        let f = try LinalgFixture.load(name)
        let eig = try SymmetricEigen(f.matrix, order: f.order)
        let tol = 20 * Double(f.order) * Double.ulpOfOne * f.norm
        for k in 0..<f.order {
            #expect(abs(eig.values[k] - f.eigenvalues[k]) <= tol, "\(name): eigenvalue \(k): \(eig.values[k]) vs \(f.eigenvalues[k])")
        }
    }

    @Test("eigenvectors are orthonormal and A V = V diag(values)", arguments: LinalgFixture.names)
    func eigenvectors(name: String) throws {
        let f = try LinalgFixture.load(name)
        let n = f.order
        let eig = try SymmetricEigen(f.matrix, order: n)
        let v = eig.vectors
        var worstOrth = 0.0, worstResidual = 0.0
        for a in 0..<n {
            for b in 0..<n {
                var s = 0.0
                for i in 0..<n { s += v[a * n + i] * v[b * n + i] }
                worstOrth = max(worstOrth, abs(s - (a == b ? 1 : 0)))
            }
            for i in 0..<n {
                var s = 0.0
                for j in 0..<n { s += f.matrix[j * n + i] * v[a * n + j] }
                worstResidual = max(worstResidual, abs(s - eig.values[a] * v[a * n + i]))
            }
        }
        #expect(worstOrth <= 50 * Double(n) * Double.ulpOfOne, "\(name): orthogonality \(worstOrth)")
        #expect(worstResidual <= 50 * Double(n) * Double.ulpOfOne * f.norm, "\(name): residual \(worstResidual)")
    }

    @Test("blocked and unblocked Cholesky agree with LAPACK's factor", arguments: LinalgFixture.names)
    func cholesky(name: String) throws {
        let f = try LinalgFixture.load(name)
        let n = f.order
        guard let reference = f.cholesky else {
            // Rank-deficient or too ill-conditioned for the default pivot floor: must be refused.
            if f.eigenvalues[0] <= 0 {
                #expect(Cholesky(blocked: f.matrix, order: n, blockSize: 4) == nil)
            }
            return
        }
        let factors = [Cholesky(f.matrix, order: n), Cholesky(blocked: f.matrix, order: n, blockSize: 7),
                       Cholesky(blocked: f.matrix, order: n)]
        let condition = f.eigenvalues.last! / f.eigenvalues.first!
        for (which, c) in factors.enumerated() {
            let chol = try #require(c, "\(name): factorization \(which) failed")
            let l = chol.lower
            var worst = 0.0, scale = 0.0
            for i in 0..<n {
                for j in 0...i {
                    worst = max(worst, abs(l[i * n + j] - reference[j * n + i]))  // reference is column-major
                    scale = max(scale, abs(reference[j * n + i]))
                }
            }
            #expect(worst <= 1e-13 * condition * scale, "\(name) #\(which): factor differs by \(worst)")
            // The solve: A x = A 1 gives x = 1 to the conditioning.
            let ones = [Double](repeating: 1, count: n)
            var b = [Double](repeating: 0, count: n)
            for i in 0..<n { for j in 0..<n { b[i] += f.matrix[j * n + i] } }
            let x = chol.solve(b)
            #expect(x.allSatisfy { abs($0 - 1) <= 1e-12 * condition }, "\(name) #\(which): solve")
            _ = ones
        }
    }

    @Test("bad input is rejected with a clear error")
    func badInput() {
        #expect(throws: ShrinkError.self) { try SymmetricEigen([1, 2, 3], order: 2) }
        do {
            _ = try SymmetricEigen([1, .nan, .nan, 1], order: 2)
            Issue.record("NaN accepted")
        } catch let e as ShrinkError {
            #expect(e.description.contains("not finite"))
        } catch { Issue.record("unexpected \(error)") }
        #expect(Cholesky(blocked: [1, 2, 2, 1], order: 2) == nil)   // indefinite
        #expect(Cholesky(blocked: [0, 0, 0, 0], order: 2) == nil)
    }

    @Test("empty and 1 x 1 matrices")
    func tiny() throws {
        #expect(try SymmetricEigen([], order: 0).values.isEmpty)
        let e = try SymmetricEigen([-3], order: 1)
        #expect(e.values == [-3] && e.vectors == [1])
    }
}
