#if OpenBLAS
import CLAPACK
#endif

/// Which implementation backs the dense symmetric eigensolver and the Cholesky factorization.
public enum LinearAlgebraBackend {
    /// `"lapack"` when built with the `OpenBLAS` package trait (LAPACKE `dsyevd` and `dpotrf` on
    /// OpenBLAS), `"swift"` for the built-in implementations (the default build).
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
#endif
