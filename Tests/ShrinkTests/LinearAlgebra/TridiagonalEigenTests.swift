import Foundation
import Testing
@testable import Shrink

/// A symmetric tridiagonal matrix with LAPACK's eigenvalues (scipy.linalg.eigh_tridiagonal; see
/// scripts/make_ridge_fixtures.py).
struct TridiagonalFixture: Decodable {
    var name: String
    var order: Int
    var diagonal: [Double]
    var subdiagonal: [Double]
    var eigenvalues: [Double]

    static let names = ["random700", "wilkinson_glued420", "second_difference500", "graded300", "split400",
                        "constant_diagonal333"]

    static func load(_ name: String) throws -> TridiagonalFixture {
        guard let url = Bundle.module.url(forResource: name, withExtension: "json",
                                          subdirectory: "Fixtures/linalg/tridiagonal")
        else { throw ShrinkError.invalidInput("fixture \(name) is missing") }
        return try JSONDecoder().decode(TridiagonalFixture.self, from: Data(contentsOf: url))
    }

    /// The subdiagonal in the solver's convention (`e[i] = T[i, i - 1]`, `e[0]` unused).
    var shifted: [Double] { [0] + subdiagonal }
    var norm: Double { eigenvalues.map(abs).max() ?? 0 }
}

@Suite("Divide-and-conquer tridiagonal eigensolver against LAPACK")
struct TridiagonalEigenTests {
    @Test("eigenvalues agree with LAPACK to a backward-stable tolerance", arguments: TridiagonalFixture.names)
    func eigenvalues(name: String) throws {
        let f = try TridiagonalFixture.load(name)
        let result = try TridiagonalEigen.decompose(diagonal: f.diagonal, subdiagonal: f.shifted)
        let tol = 20 * Double(f.order) * Double.ulpOfOne * f.norm
        var worst = 0.0
        for k in 0..<f.order { worst = max(worst, abs(result.values[k] - f.eigenvalues[k])) }
        #expect(worst <= tol, "\(name): largest eigenvalue error \(worst), tolerance \(tol)")
    }

    /// Orthogonality is what plain Cuppen loses on close eigenvalues (the glued Wilkinson case) and
    /// what the recomputed `z` of Gu and Eisenstat restores.
    @Test("eigenvectors are orthonormal and T v = lambda v", arguments: TridiagonalFixture.names)
    func eigenvectors(name: String) throws {
        let f = try TridiagonalFixture.load(name)
        let n = f.order
        let (values, v) = try TridiagonalEigen.decompose(diagonal: f.diagonal, subdiagonal: f.shifted)
        let gram = MatrixProduct.transposeTimes(v, v, k: n, m: n, n: n)
        var orthogonality = 0.0, residual = 0.0
        for a in 0..<n {
            for b in 0..<n { orthogonality = max(orthogonality, abs(gram[a * n + b] - (a == b ? 1 : 0))) }
            let x = v[(a * n)..<((a + 1) * n)].map { $0 }
            for i in 0..<n {
                var tv = f.diagonal[i] * x[i]
                if i > 0 { tv += f.subdiagonal[i - 1] * x[i - 1] }
                if i + 1 < n { tv += f.subdiagonal[i] * x[i + 1] }
                residual = max(residual, abs(tv - values[a] * x[i]))
            }
        }
        #expect(orthogonality <= 10 * Double(n) * Double.ulpOfOne, "\(name): orthogonality \(orthogonality)")
        #expect(residual <= 10 * Double(n) * Double.ulpOfOne * f.norm, "\(name): residual \(residual)")
    }

    @Test("the full eigensolver through divide and conquer matches QL on a dense matrix")
    func denseAgainstQL() throws {
        // A random symmetric matrix of order 150: reduction, divide and conquer, blocked back-transformation.
        let n = 150
        var state: UInt64 = 12345
        func next() -> Double {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return Double(state >> 11) / Double(1 << 53) - 0.5
        }
        var a = [Double](repeating: 0, count: n * n)
        for j in 0..<n { for i in 0...j { let x = next(); a[j * n + i] = x; a[i * n + j] = x } }
        let reduction = HouseholderTridiagonal(a, order: n)
        let (values, vectors) = try reduction.eigenDecomposition()
        let reference = try reduction.eigenvalues()   // QL without vectors
        var worst = 0.0, norm = 0.0
        for k in 0..<n { worst = max(worst, abs(values[k] - reference[k])); norm = max(norm, abs(reference[k])) }
        #expect(worst <= 20 * Double(n) * Double.ulpOfOne * norm)
        let av = MatrixProduct.transposeTimes(a, vectors, k: n, m: n, n: n)   // A symmetric: A'V = AV
        var residual = 0.0
        for k in 0..<n { for i in 0..<n { residual = max(residual, abs(av[k * n + i] - values[k] * vectors[k * n + i])) } }
        #expect(residual <= 50 * Double(n) * Double.ulpOfOne * norm, "residual \(residual)")
        let again = try HouseholderTridiagonal(a, order: n).eigenDecomposition()
        #expect(again.values == values && again.vectors == vectors, "repeated decompositions differ")
    }

    @Test("zero and diagonal matrices")
    func trivial() throws {
        let zero = try TridiagonalEigen.decompose(diagonal: [Double](repeating: 0, count: 40),
                                                  subdiagonal: [Double](repeating: 0, count: 40))
        #expect(zero.values == [Double](repeating: 0, count: 40))
        let diagonal = (0..<70).map { Double(($0 * 37) % 70) }
        let result = try TridiagonalEigen.decompose(diagonal: diagonal, subdiagonal: [Double](repeating: 0, count: 70))
        #expect(result.values == diagonal.sorted())
        for k in 0..<70 {
            // Every eigenvector is a unit coordinate vector, of the row holding that value.
            let row = diagonal.firstIndex(of: result.values[k])!
            #expect(abs(abs(result.vectors[k * 70 + row]) - 1) <= 1e-15)
        }
    }
}
