/// The spectral decomposition of a ridge problem and the per-lambda quantities it gives in closed form.
///
/// Primal form (n >= q): the eigendecomposition `Z'Z = V D^2 V'` of the q x q Gram matrix.
/// Dual form (n < q): the eigendecomposition `Z Z' = U D^2 U'` of the n x n kernel matrix.
/// Either way `d_k` are the singular values of `Z` (directions with `d_k^2 <= order * eps * max d^2`
/// are treated as exact zeros), and every lambda then costs O(q * rank) for the coefficients and
/// O(n * rank) for the leverages and residuals of leave-one-out.
///
/// Without leave-one-out the eigenvectors are not needed: the spectrum then keeps the tridiagonal
/// reduction `Q T Q'` of the same matrix and its eigenvalues only, and solves every lambda's system
/// through it (``shiftedSolutions(_:)``), O(order^2) per lambda instead of an O(order^3)
/// eigenvector computation. ``withVectors()`` completes the decomposition when that route cannot
/// be used (lambdas near the truncation threshold).
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
    /// Dual: `U'` (rank x n). Empty when only the eigenvalues were computed.
    let directionsT: [Double]
    /// Primal: `g = V' Z' y` (rank). Dual: `c = U' y` (rank). Empty when only the eigenvalues were computed.
    let projections: [Double]
    /// Primal: the Gram matrix `Z'Z` (q x q). Dual: the kernel `Z Z'` (n x n). Kept for the KKT check.
    let matrix: [Double]
    /// `Z' y_r` (q).
    let designResponse: [Double]
    /// `||z_j||^2` of every penalized column (q).
    let columnSquares: [Double]
    /// The right-hand side of the decomposed form: `Z' y_r` (primal) or `y_r` (dual).
    let target: [Double]
    /// The tridiagonal reduction of the Gram matrix, when the eigenvectors were not computed.
    let reduction: HouseholderTridiagonal?
    /// Dual form: `||y_r - U U' y_r||^2`, the part of the response no lambda can fit (its component
    /// outside the retained directions); 0 in the primal form.
    let unfittable: Double
    /// `Q' Z'y_r` for ``reduction``.
    let reducedTarget: [Double]

    /// The smallest `lambda / largest` that ``shiftedSolutions(_:)`` accepts: above it the solves
    /// through `T` are as accurate as through the eigenvectors (relative error about
    /// `order * eps * largest / lambda`), below it the truncation of null directions matters.
    static let shiftFloor = 1e-6

    /// Decomposes the problem's projected, scaled design; with `vectors` false (and the primal form)
    /// only the eigenvalues and the tridiagonal reduction are computed.
    ///
    /// - Complexity: primal O(n q^2 / 2) for the Gram matrix, dual O(q n^2 / 2); then about
    ///   `(4/3) order^3` for the reduction, plus `(11/3) order^3` with `vectors`.
    init(_ problem: RidgeProblem, vectors: Bool) throws {
        let n = problem.rowCount, q = problem.penalizedCount
        let dual = n < q
        let order = dual ? n : q
        let products = problem.crossProducts()
        let m = products.matrix, designResponse = products.designResponse
        let target = dual ? problem.response : designResponse
        if vectors || dual {  // the dual form always uses the eigenvectors (see shiftedSolutions)
            let eig = try SymmetricEigen(m, order: order)
            self.init(dual: dual, values: eig.values, vectors: eig.vectors, matrix: m, designResponse: designResponse,
                      columnSquares: products.columnSquares, target: target, reduction: nil)
        } else {
            let reduction = HouseholderTridiagonal(m, order: order)
            self.init(dual: dual, values: try reduction.eigenvalues(), vectors: nil, matrix: m,
                      designResponse: designResponse, columnSquares: products.columnSquares, target: target,
                      reduction: reduction)
        }
    }

    private init(
        dual: Bool, values: [Double], vectors: [Double]?, matrix: [Double], designResponse: [Double],
        columnSquares: [Double], target: [Double], reduction: HouseholderTridiagonal?
    ) {
        let order = values.count
        self.dual = dual
        self.matrix = matrix
        self.designResponse = designResponse
        self.columnSquares = columnSquares
        self.target = target
        self.reduction = reduction
        let top = max(values.last ?? 0, 0)
        largest = top
        let tol = top * Double(order) * Double.ulpOfOne
        var kept: [Int] = []
        for k in stride(from: order - 1, through: 0, by: -1) where values[k] > tol { kept.append(k) }
        d2 = kept.map { values[$0] }
        let r = kept.count
        var dirT: [Double] = [], proj: [Double] = []
        if let vectors {
            dirT = [Double](repeating: 0, count: r * order)
            proj = [Double](repeating: 0, count: r)
            for (t, k) in kept.enumerated() {
                var s = 0.0
                for j in 0..<order {
                    dirT[t + j * r] = vectors[k * order + j]
                    s += vectors[k * order + j] * target[j]
                }
                proj[t] = s
            }
        }
        directionsT = dirT
        projections = proj
        var outside = 0.0
        if dual, vectors != nil {
            for j in 0..<order {
                var fitted = 0.0
                for t in 0..<r { fitted += dirT[t + j * r] * proj[t] }
                outside += (target[j] - fitted) * (target[j] - fitted)
            }
        }
        unfittable = outside
        var reduced = target
        reduction?.applyQTransposed(&reduced, columns: 1)
        reducedTarget = reduction == nil ? [] : reduced
    }

    /// The same spectrum with the eigenvectors, computed from the kept reduction (itself if it has them).
    ///
    /// - Complexity: about `(11/3) order^3`.
    func withVectors() throws -> RidgeSpectrum {
        guard let reduction else { return self }
        let eig = try reduction.eigenDecomposition()
        return RidgeSpectrum(dual: dual, values: eig.values, vectors: eig.vectors, matrix: matrix,
                             designResponse: designResponse, columnSquares: columnSquares, target: target,
                             reduction: nil)
    }

    /// The solutions `w_l = (T + lambda_l I)^{-1} Q' Z'y_r` in the reduced basis (q x m,
    /// column-major; `Q w_l` is the coefficient vector), or `nil` when only the eigenvectors can
    /// give them: the dual form, no reduction kept, a lambda below ``shiftFloor`` times the largest
    /// eigenvalue, or a non-positive pivot.
    ///
    /// The dual form is left to the eigenvectors: there the residual sums of squares of small
    /// lambdas (`lambda^2 ||w||^2`, nearly interpolating fits) came out only to about 1e-8
    /// relative in a wide test case, against 1e-11 through the eigenvectors; and with n < q the
    /// O(n^3) decomposition is not what a dual fit's time goes to.
    ///
    /// - Complexity: O(q) per lambda.
    func shiftedSolutions(_ lambdas: [Double]) -> [Double]? {
        guard let reduction, rank > 0, let smallest = lambdas.min(), smallest >= Self.shiftFloor * largest else {
            return nil
        }
        return reduction.solveShifted(reducedTarget, shifts: lambdas)
    }

}
