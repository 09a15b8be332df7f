/// The eigendecomposition `A = V diag(values) V'` of a real symmetric matrix.
///
/// Householder reduction to tridiagonal form (EISPACK `tred2`, as in JAMA; see `HouseholderTridiagonal`),
/// on column-major storage so that every inner loop runs down contiguous columns, then the
/// tridiagonal eigenproblem by divide and conquer (`TridiagonalEigen`, as LAPACK's `dstedc`; the
/// implicit QL algorithm with Wilkinson shifts for small orders). Backward stable: the computed pairs are exact for a matrix within
/// a few `eps * ||A||` of `A`, whatever its conditioning or rank. With the `OpenBLAS` package
/// trait, LAPACK's `dsyevd` runs instead (see ``LinearAlgebraBackend``).
public struct SymmetricEigen: Sendable {
    /// The order of the matrix.
    public let order: Int
    /// The eigenvalues in increasing order.
    public let values: [Double]
    /// The orthonormal eigenvectors, column-major: eigenvector `k` is `vectors[k * order ..< (k + 1) * order]`.
    public let vectors: [Double]

    /// Decomposes the symmetric `order x order` matrix `a` (column-major; only symmetric input is meaningful).
    ///
    /// - Throws: ``ShrinkError/invalidInput(_:)`` when `a` has the wrong size or a non-finite entry, or
    ///   (practically never) when the QL iteration does not converge within `30 * order` sweeps.
    /// - Complexity: O(order^3): about `(4/3) n^3` for the reduction, then at most about `(7/3) n^3`
    ///   multiply-adds for divide and conquer and the back-transformation, mostly matrix products.
    public init(_ a: [Double], order n: Int) throws {
        guard n >= 0, a.count == n * n else {
            throw ShrinkError.invalidInput("a symmetric matrix of order \(n) needs \(n * n) entries, got \(a.count)")
        }
        for (k, v) in a.enumerated() where !v.isFinite {
            throw ShrinkError.invalidInput("matrix entry (\(k % max(n, 1) + 1), \(k / max(n, 1) + 1)) = \(v) is not finite")
        }
        order = n
        if n == 0 { values = []; vectors = []; return }
        #if OpenBLAS
        guard let lapack = LAPACK.symmetricEigen(a, order: n) else {
            throw ShrinkError.invalidInput("LAPACK dsyevd did not converge (order \(n))")
        }
        values = lapack.values
        vectors = lapack.vectors
        #else
        (values, vectors) = try HouseholderTridiagonal(a, order: n).eigenDecomposition()
        #endif
    }
}
