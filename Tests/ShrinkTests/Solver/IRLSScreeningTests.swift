import Foundation
import Testing
import Shrink

/// The IRLS solver checks most features outside its working set by a bound instead of an inner
/// product (``IRLSSolver``'s `uncertainOutside`), on wide designs where many features are far from
/// entering. Every path point must still satisfy the KKT conditions of *every* feature, computed
/// here from scratch on the original data.
@Suite("IRLS screening keeps every KKT condition")
struct IRLSScreeningTests {
    /// A wide design with a few strong features and many weak, partly correlated ones: most
    /// gradients stay well below lambda, so the bound screens them out along the path.
    static func data(n: Int, p: Int, counts: Bool, sparse: Bool, seed: UInt64)
        -> (x: DenseMatrix, design: DesignMatrix, y: [Double]) {
        var rng = SplitMix64(seed: seed)
        var columns = [[Double]](repeating: [], count: p)
        let shared = (0..<n).map { _ in rng.normal() }
        for j in 0..<p {
            columns[j] = (0..<n).map { i in
                if sparse { return rng.uniform() < 0.05 ? Double(1 + Int(rng.uniform() * 4)) : 0 }
                return rng.normal() + (j % 7 == 0 ? 0.8 * shared[i] : 0)
            }
        }
        var y: [Double] = []
        for i in 0..<n {
            var eta = 0.0
            for j in 0..<5 { eta += (j % 2 == 0 ? 0.9 : -0.7) * columns[j * 3][i] }
            if counts {
                let mean = exp(0.3 * eta)
                // A Poisson draw by inversion (means here stay below about 10).
                var k = 0.0, term = exp(-mean), total = term
                let u = rng.uniform()
                while total < u && k < 100 { k += 1; term *= mean / k; total += term }
                y.append(k)
            } else {
                y.append(rng.uniform() < 1 / (1 + exp(-eta)) ? 1 : 0)
            }
        }
        let rows = (0..<n).map { i in (0..<p).map { columns[$0][i] } }
        let x = DenseMatrix(rows: rows)
        return (x, sparse ? .sparse(SparseMatrix(x)) : .dense(x), y)
    }

    /// The largest violation of `|g_j - l2 b_j| <= l1` (zero coefficients) or
    /// `g_j - l2 b_j = l1 sign(b_j)`, on the standardized scale, with `g_j` the gradient of minus
    /// the mean log-likelihood along standardized column `j`; relative to lambda.
    static func worstViolation(x: DenseMatrix, y: [Double], counts: Bool, point: PathPoint, alpha: Double) -> Double {
        let n = x.rowCount, p = x.columnCount
        let b = point.coefficients.dense
        var r = [Double](repeating: 0, count: n)
        for i in 0..<n {
            var eta = point.intercept
            for j in 0..<p where b[j] != 0 { eta += x[i, j] * b[j] }
            let mu = counts ? exp(eta) : 1 / (1 + exp(-eta))
            r[i] = (y[i] - mu) / Double(n)
        }
        var worst = 0.0
        for j in 0..<p {
            var mean = 0.0, squares = 0.0
            for i in 0..<n { mean += x[i, j]; squares += x[i, j] * x[i, j] }
            mean /= Double(n)
            let sd = (squares / Double(n) - mean * mean).squareRoot()
            if sd == 0 { continue }
            var g = 0.0
            for i in 0..<n { g += (x[i, j] - mean) / sd * r[i] }
            let bs = b[j] * sd
            let l1 = point.lambda * alpha, l2 = point.lambda * (1 - alpha)
            let v = g - l2 * bs
            let violation = bs == 0 ? max(0, abs(v) - l1) : abs(v - l1 * (bs > 0 ? 1 : -1))
            worst = max(worst, violation / point.lambda)
        }
        return worst
    }

    @Test("wide binomial and poisson paths, dense and sparse, satisfy every KKT condition",
          arguments: [(false, false), (false, true), (true, false), (true, true)])
    func everyFeatureOptimal(counts: Bool, sparse: Bool) throws {
        let (x, design, y) = Self.data(n: 80, p: 600, counts: counts, sparse: sparse, seed: counts ? 5 : 6)
        for alpha in [1.0, 0.5] {
            var options = ElasticNetOptions()
            options.alpha = alpha
            options.tolerance = 1e-12
            options.lambdaMinRatio = 0.02
            let path = counts ? try Poisson.fit(x: design, y: y, options: options)
                              : try Logistic.fit(x: design, y: y, options: options)
            #expect(path.points.count >= 20)
            #expect(path.points.last!.nonzeroCount >= 10, "the path should reach a sizeable support")
            for (k, point) in path.points.enumerated() {
                let worst = Self.worstViolation(x: x, y: y, counts: counts, point: point, alpha: alpha)
                #expect(worst <= 1e-5, "point \(k) (lambda \(point.lambda), alpha \(alpha)): KKT violation \(worst) lambda")
            }
        }
    }

    /// A tall design whose working sets grow past 150 features, where the IRLS steps hold the
    /// subproblem as its Hessian only because the design has over four rows per feature: every
    /// point satisfies every KKT condition, and the dense path (Hessian form) reaches the objectives
    /// of the sparse one (coordinate passes on the residual) at every lambda.
    @Test("tall binomial path with a working set beyond 150 features")
    func largeHessianWorkingSet() throws {
        let (x, design, y) = Self.data(n: 700, p: 170, counts: false, sparse: false, seed: 11)
        var options = ElasticNetOptions()
        options.tolerance = 1e-12
        options.lambdaMinRatio = 1e-3
        options.lambdaCount = 40
        let path = try Logistic.fit(x: design, y: y, options: options)
        let sparsePath = try Logistic.fit(x: .sparse(SparseMatrix(x)), y: y, options: options)
        #expect(path.points.last!.nonzeroCount > 150, "the path should reach a working set beyond 150")
        #expect(path.points.count == sparsePath.points.count)
        for (k, (point, other)) in zip(path.points, sparsePath.points).enumerated() {
            let worst = Self.worstViolation(x: x, y: y, counts: false, point: point, alpha: 1)
            // Down to lambda = 1e-3 lambda_max the certificate (the KKT estimate relative to the
            // objective) leaves violations up to about 2e-5 lambda, with either solver.
            #expect(worst <= 1e-4, "point \(k): KKT violation \(worst) lambda")
            let f = Self.objective(x: x, y: y, point: point), g = Self.objective(x: x, y: y, point: other)
            #expect(abs(f - g) <= 1e-9 * g, "point \(k): objectives \(f) and \(g)")
        }
    }

    /// Minus the mean log-likelihood of a logistic point plus its lasso penalty on standardized
    /// coefficients (population sd).
    static func objective(x: DenseMatrix, y: [Double], point: PathPoint) -> Double {
        let n = x.rowCount, p = x.columnCount
        let b = point.coefficients.dense
        var loss = 0.0
        for i in 0..<n {
            var eta = point.intercept
            for j in 0..<p where b[j] != 0 { eta += x[i, j] * b[j] }
            loss += (eta > 0 ? eta + log1p(exp(-eta)) : log1p(exp(eta))) - y[i] * eta
        }
        var penalty = 0.0
        for j in 0..<p where b[j] != 0 {
            var mean = 0.0, squares = 0.0
            for i in 0..<n { mean += x[i, j]; squares += x[i, j] * x[i, j] }
            mean /= Double(n)
            penalty += abs(b[j]) * (squares / Double(n) - mean * mean).squareRoot()
        }
        return loss / Double(n) + point.lambda * penalty
    }
}
