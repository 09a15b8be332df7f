#if OpenBLAS
import CLAPACK
#endif

/// Which implementation backs the dense symmetric eigensolver and the Cholesky factorization.
public enum LinearAlgebraBackend {
    /// `"lapack"` when built with the `OpenBLAS` package trait (LAPACKE `dsyevd` and `dpotrf` on
    /// OpenBLAS, and its `dgemm` for the dense products), `"swift"` for the built-in implementations
    /// (the default build).
    public static var name: String {
        #if OpenBLAS
        return "lapack"
        #else
        return "swift"
        #endif
    }
}

#if OpenBLAS
/// Thin wrappers over LAPACKE for the `OpenBLAS` trait.
enum LAPACK {
    /// The eigenvalues (increasing) and eigenvectors (column-major, one per column) of the
    /// column-major symmetric matrix `a` by divide and conquer (`dsyevd`), or `nil` when LAPACK fails.
    ///
    /// - Complexity: O(n^3).
    static func symmetricEigen(_ a: [Double], order n: Int) -> (values: [Double], vectors: [Double])? {
        var v = a
        var w = [Double](repeating: 0, count: n)
        let info = v.withUnsafeMutableBufferPointer { vb in
            w.withUnsafeMutableBufferPointer { wb in
                LAPACKE_dsyevd(LAPACK_COL_MAJOR, CChar(UInt8(ascii: "V")), CChar(UInt8(ascii: "L")),
                               Int32(n), vb.baseAddress!, Int32(n), wb.baseAddress!)
            }
        }
        guard info == 0 else { return nil }
        return (w, v)
    }

    /// The row-major lower Cholesky factor of the row-major symmetric matrix `a` (`dpotrf`, lower
    /// triangle read), or `nil` when it is not positive definite or a pivot `L_jj^2` is at most `floor`.
    ///
    /// - Complexity: O(n^3 / 3).
    static func cholesky(_ a: [Double], order n: Int, floor: Double) -> [Double]? {
        var l = a
        let info = l.withUnsafeMutableBufferPointer { lb in
            LAPACKE_dpotrf(LAPACK_ROW_MAJOR, CChar(UInt8(ascii: "L")), Int32(n), lb.baseAddress!, Int32(n))
        }
        guard info == 0 else { return nil }
        for j in 0..<n where !(l[j * n + j] * l[j * n + j] > floor) { return nil }
        return l
    }
}

/// The dense products on OpenBLAS's `dgemm` for the `OpenBLAS` trait.
enum BLAS {
    /// Computes `C[0..<m, 0..<n] += alpha * A' B` by `cblas_dgemm` for the operand layouts of
    /// ``MatrixProduct/addTransposeProduct(k:m:n:alpha:a:lda:aStep:b:ldb:bStep:c:ldc:upperOnly:parallel:)``
    /// in which one of each operand's two steps is 1 (column-major `A` or `A'`, likewise `B`);
    /// returns false, computing nothing, for any other layout. A symmetric product `A'A` with
    /// `upperOnly` runs on `cblas_dsyrk` and fills the upper triangle only.
    ///
    /// OpenBLAS splits the product over its own threads; for a fixed thread count its summation
    /// order, and so the result, is the same on every run.
    /// - Complexity: O(k m n).
    static func addTransposeProduct(
        k: Int, m: Int, n: Int, alpha: Double, a: UnsafePointer<Double>, lda: Int, aStep: Int,
        b: UnsafePointer<Double>, ldb: Int, bStep: Int, c: UnsafeMutablePointer<Double>, ldc: Int,
        upperOnly: Bool
    ) -> Bool {
        let transA: CBLAS_TRANSPOSE, leadingA: Int
        if aStep == 1 { (transA, leadingA) = (CblasTrans, lda) }           // a: column-major k x m
        else if lda == 1 { (transA, leadingA) = (CblasNoTrans, aStep) }    // a: column-major m x k
        else { return false }
        if upperOnly && a == b && lda == ldb && aStep == bStep && m == n {
            // A'A: the upper triangle alone, half the work.
            cblas_dsyrk(CblasColMajor, CblasUpper, transA, blasint(m), blasint(k), alpha,
                        a, blasint(max(leadingA, 1)), 1, c, blasint(max(ldc, 1)))
            return true
        }
        let transB: CBLAS_TRANSPOSE, leadingB: Int
        if bStep == 1 { (transB, leadingB) = (CblasNoTrans, ldb) }         // b: column-major k x n
        else if ldb == 1 { (transB, leadingB) = (CblasTrans, bStep) }      // b: column-major n x k
        else { return false }
        cblas_dgemm(CblasColMajor, transA, transB, blasint(m), blasint(n), blasint(k), alpha,
                    a, blasint(max(leadingA, 1)), b, blasint(max(leadingB, 1)), 1, c, blasint(max(ldc, 1)))
        return true
    }
}
#endif
