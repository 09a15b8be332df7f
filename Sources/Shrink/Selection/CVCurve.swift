/// The cross-validation error along a lambda path and the two lambdas cv.glmnet recommends.
public struct CVCurve: Sendable, Equatable {
    /// The lambdas (the master grid), decreasing.
    public let lambdas: [Double]
    /// The mean cross-validated error at each lambda.
    public let cvm: [Double]
    /// Its standard error at each lambda.
    public let cvsd: [Double]
    /// The number of non-zero coefficients of the full-data fit at each lambda.
    public let nzero: [Int]
    /// The index (0-based) of ``lambdaMin``.
    public let indexMin: Int
    /// The index (0-based) of ``lambda1se``.
    public let index1se: Int

    /// The largest lambda attaining the best ``cvm`` (the minimum; the maximum for AUC).
    public var lambdaMin: Double { lambdas[indexMin] }
    /// The largest lambda whose ``cvm`` is within one standard error (``cvsd`` at
    /// ``lambdaMin``) of the best.
    public var lambda1se: Double { lambdas[index1se] }
    /// `cvm + cvsd`.
    public var cvup: [Double] { zip(cvm, cvsd).map { $0 + $1 } }
    /// `cvm - cvsd`.
    public var cvlo: [Double] { zip(cvm, cvsd).map { $0 - $1 } }

    /// Creates a curve and picks lambda.min and lambda.1se as cv.glmnet's `getOptcv.glmnet`:
    /// the first (largest-lambda) index with the best `cvm`, then the first index with
    /// `cvm <= cvm[min] + cvsd[min]` (with signs flipped when larger is better). NaN entries are
    /// never chosen.
    ///
    /// - Throws: ``ShrinkError/invalidInput(_:)`` when the arrays differ in length or every `cvm`
    ///   is NaN.
    public init(lambdas: [Double], cvm: [Double], cvsd: [Double], nzero: [Int], largerIsBetter: Bool = false) throws {
        guard cvm.count == lambdas.count, cvsd.count == lambdas.count, nzero.count == lambdas.count,
              !lambdas.isEmpty else {
            throw ShrinkError.invalidInput("the cross-validation arrays have inconsistent lengths")
        }
        let sign = largerIsBetter ? -1.0 : 1.0
        var best: Int? = nil
        for k in cvm.indices where !cvm[k].isNaN {
            if best == nil || sign * cvm[k] < sign * cvm[best!] { best = k }
        }
        guard let best else { throw ShrinkError.invalidInput("the cross-validated error is NaN at every lambda") }
        let bar = sign * cvm[best] + cvsd[best]
        var oneSE = best
        for k in cvm.indices where !cvm[k].isNaN && sign * cvm[k] <= bar {
            oneSE = k
            break
        }
        self.lambdas = lambdas
        self.cvm = cvm
        self.cvsd = cvsd
        self.nzero = nzero
        indexMin = best
        index1se = oneSE
    }
}
