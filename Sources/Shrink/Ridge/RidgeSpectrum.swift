/// The spectral decomposition of a ridge problem and the per-lambda quantities it gives in closed form.
///
/// Primal form (n >= q): the eigendecomposition `Z'Z = V D^2 V'` of the q x q Gram matrix.
/// Dual form (n < q): the eigendecomposition `Z Z' = U D^2 U'` of the n x n kernel matrix.
/// Either way `d_k` are the singular values of `Z` (directions with `d_k^2 <= order * eps * max d^2`
/// are treated as exact zeros), and every lambda then costs O(q * rank) for the coefficients and
/// O(n * rank) for the leverages and residuals of leave-one-out.
struct RidgeSpectrum {
    /// Whether the kernel (dual) form was used.
    let dual: Bool
    /// Retained `d_k^2`, decreasing.
    let d2: [Double]
    /// The number of retained directions.
    var rank: Int { d2.count }
    /// The largest eigenvalue of the decomposed matrix (before truncation).
    let largest: Double
    /// Primal: `V'` restricted to retained directions (rank x q, column-major: column j is row j of V).
    /// Dual: `U'` (rank x n).
    let directionsT: [Double]
    /// Primal: `g = V' Z' y` (rank). Dual: `c = U' y` (rank).
    let projections: [Double]
    /// Primal: the Gram matrix `Z'Z` (q x q). Dual: the kernel `Z Z'` (n x n). Kept for the KKT check.
    let matrix: [Double]
    /// `Z' y_r` (q).
    let designResponse: [Double]

    /// Decomposes the problem's projected, scaled design.
    ///
    /// - Complexity: primal O(n q^2 / 2 + q^3), dual O(q n^2 / 2 + n^3).
    init(_ problem: RidgeProblem) throws {
        let n = problem.rowCount, q = problem.penalizedCount
        let z = problem.z
        designResponse = MatrixProduct.transposeTimes(z, problem.response, k: n, m: q, n: 1)
        dual = n < q
        let order = dual ? n : q
        let m: [Double]
        if dual {
            m = MatrixProduct.rowGram(z, rows: n, columns: q)
        } else {
            m = MatrixProduct.gram(z, rows: n, columns: q)
        }
        matrix = m
        let eig = try SymmetricEigen(m, order: order)
        let top = max(eig.values.last ?? 0, 0)
        largest = top
        let tol = top * Double(order) * Double.ulpOfOne
        var kept: [Int] = []
        for k in stride(from: order - 1, through: 0, by: -1) where eig.values[k] > tol { kept.append(k) }
        d2 = kept.map { eig.values[$0] }
        let r = kept.count
        var dirT = [Double](repeating: 0, count: r * order)
        for (t, k) in kept.enumerated() {
            for j in 0..<order { dirT[t + j * r] = eig.vectors[k * order + j] }
        }
        directionsT = dirT
        // projections = directions' * (Z'y) (primal) or directions' * y (dual).
        let target = dual ? problem.response : designResponse
        var proj = [Double](repeating: 0, count: r)
        for (t, k) in kept.enumerated() {
            var s = 0.0
            for j in 0..<order { s += eig.vectors[k * order + j] * target[j] }
            proj[t] = s
        }
        projections = proj
    }

    /// `sum_k d_k^2 / (d_k^2 + lambda)`: the effective degrees of freedom of the penalized part.
    func penalizedDF(_ lambda: Double) -> Double {
        var s = 0.0
        for v in d2 { s += v / (v + lambda) }
        return s
    }
}
