/// The residual of one IRLS step's weighted least-squares problem, so that a GLM's proximal Newton
/// steps run on the same ``CoordinateDescent`` as least squares.
///
/// At the current point the quadratic model of the loss is `1/2 sum_i v_i (z_i - b0 - x~_i'b)^2` with
/// IRLS weights `v` and working response `z`. The intercept is eliminated by centering each column
/// with its `v`-weighted mean `m_j`, implicitly: the weighted residual `rho = v∘(z - b0 - X~ b)` is
/// kept as `rho = u + o v`, where a step on feature `j` changes `u` on the column's stored entries
/// and the scalar `o` by `delta m_j` (O(nnz) on sparse designs). `sum_i rho_i = 0` throughout, so the
/// intercept is optimal for every `b`: ``intercept(from:start:)`` recovers it.
///
/// In the protocol's terms `r~ = rho / sqrt(v)` and `z~_j = sqrt(v)∘(x~_j - m_j)`. The model covers
/// the step's working set only: its feature `k` is the design's column `features[k]`, so a step
/// costs O(working set) beyond its passes, not O(p).
final class IRLSResidual<Design: GLMDesign>: ResidualModel {
    private let x: Design
    /// The design's column of each of the model's features.
    let features: [Int]
    private let n: Int
    /// The IRLS weights `v` (zero where the observation weight is zero).
    private let v: UnsafeMutablePointer<Double>
    /// `1 / v_i` where `v_i > 0`, else 0.
    private let inverseV: UnsafeMutablePointer<Double>
    /// `sum_i v_i`.
    private let weightSum: Double
    private let u: UnsafeMutablePointer<Double>
    private var o = 0.0
    private let referenceU: UnsafeMutablePointer<Double>
    private var referenceO = 0.0
    /// The weighted residual at `b = 0` of the centered problem (the protocol's `y~`, times sqrt(v)).
    private let response: UnsafeMutablePointer<Double>
    /// `sum_i response_i`.
    private let responseSum: Double
    /// `||y~||^2 = sum_i response_i^2 / v_i`.
    let responseSquares: Double
    /// Whether the columns are centered (an intercept is fitted).
    private let centered: Bool
    /// Column means by feature, computed on first use (``mean(_:)``).
    private let means: FeatureBuffer<Double>
    private let hasMean: FeatureBuffer<Bool>
    /// Scratch of length n for ``crossProducts(_:_:)``.
    private let scratch: UnsafeMutablePointer<Double>
    /// `u` and `o` at the last ``saveCheckpoint()``.
    private let savedU: UnsafeMutablePointer<Double>
    private var savedO = 0.0

    /// Creates the quadratic model at the current point.
    ///
    /// - Parameters:
    ///   - weights: The IRLS weights `v_i = w_i var(mu_i)`.
    ///   - residual: `w∘(y - mu)`, the weighted residual at the current point; with an intercept it
    ///     must sum to zero (take the intercept step first).
    ///   - features: The design's columns the model covers (every column with a non-zero
    ///     coefficient must be among them).
    ///   - fitted: `X~ b` at the current coefficients `b`.
    /// - Complexity: O(n).
    init(design: Design, features: [Int], weights: [Double], residual: [Double], fitted: [Double],
         centered: Bool) {
        x = design
        self.features = features
        n = weights.count
        self.centered = centered
        let count = max(1, n)
        v = .allocate(capacity: count)
        inverseV = .allocate(capacity: count)
        u = .allocate(capacity: count)
        referenceU = .allocate(capacity: count)
        response = .allocate(capacity: count)
        scratch = .allocate(capacity: count)
        scratch.initialize(repeating: 0, count: count)
        savedU = .allocate(capacity: count)
        var s = 0.0
        for i in 0..<n {
            v[i] = weights[i]
            inverseV[i] = weights[i] > 0 ? 1 / weights[i] : 0
            u[i] = weights[i] > 0 ? residual[i] : 0
            s += weights[i]
        }
        weightSum = s
        referenceU.initialize(from: u, count: n)
        savedU.initialize(from: u, count: n)
        let m = features.count
        means = FeatureBuffer(repeating: 0, count: m)
        hasMean = FeatureBuffer(repeating: !centered, count: m)
        // The response of the centered problem: rho + v∘(X~ b - m'b), where
        // m'b = sum_k b_k x~_k'v / W = v'(X~ b) / W needs no column.
        var shift = 0.0
        if centered && s > 0 {
            for i in 0..<n { shift += weights[i] * fitted[i] }
            shift /= s
        }
        var total = 0.0, squares = 0.0
        for i in 0..<n {
            let r = u[i] + v[i] * (fitted[i] - shift)
            response[i] = r
            total += r
            squares += r * r * inverseV[i]
        }
        responseSum = total
        responseSquares = squares
    }

    deinit {
        v.deallocate()
        inverseV.deallocate()
        u.deallocate()
        referenceU.deallocate()
        response.deallocate()
        scratch.deallocate()
        savedU.deallocate()
        means.deallocate()
        hasMean.deallocate()
    }

    /// The `v`-weighted mean of feature `j`'s column (0 without centering), computed once.
    ///
    /// - Complexity: O(n) on first use, then O(1).
    @inline(__always)
    func mean(_ j: Int) -> Double {
        if !hasMean[j] {
            means[j] = weightSum > 0 ? x.dot(features[j], v) / weightSum : 0
            hasMean[j] = true
        }
        return means[j]
    }

    /// Returns `sum_i v_i (x~_ij - m_j)^2`, the curvature of feature `j`.
    ///
    /// - Complexity: O(n) (O(nnz) sparse).
    func curvature(_ j: Int) -> Double {
        let squares: Double
        if hasMean[j] {
            squares = x.weightedSquares(features[j], v)
        } else {
            // The mean's product comes from the same pass.
            let (sum, s) = x.dotAndWeightedSquares(features[j], v, v)
            means[j] = weightSum > 0 ? sum / weightSum : 0
            hasMean[j] = true
            squares = s
        }
        let m = means[j]
        return max(0, squares - weightSum * m * m)
    }

    /// The intercept that goes with coefficients `b`, given the intercept `start` that went with `b0`.
    func intercept(from start: Double, _ b: [Double], _ b0: [Double], over set: [Int]) -> Double {
        guard centered else { return start }
        var a = start
        for j in set where b[j] != b0[j] { a -= (b[j] - b0[j]) * mean(j) }
        return a
    }

    var tracksAllGradients: Bool { false }

    /// - Complexity: O(n).
    func saveCheckpoint() {
        savedU.update(from: u, count: n)
        savedO = o
    }

    /// - Complexity: O(n).
    func restoreCheckpoint() {
        u.update(from: savedU, count: n)
        o = savedO
    }

    @inline(__always)
    func gradient(_ j: Int) -> Double {
        x.dot(features[j], u) + o * weightSum * mean(j)
    }

    @inline(__always)
    func update(_ j: Int, by delta: Double) {
        x.weightedAxpy(-delta, features[j], v, u)
        if centered { o += delta * mean(j) }
    }

    func gradients(_ features: [Int], into g: inout [Double]) {
        for j in features { g[j] = gradient(j) }
    }

    /// `||r~||^2 = sum (u + o v)^2 / v` and `y~'r~`.
    ///
    /// - Complexity: O(n).
    func residualSummary(_ b: [Double]) -> (rss: Double, responseDot: Double) {
        var uu = 0.0, us = 0.0, ru = 0.0
        for i in 0..<n {
            let t = u[i] * inverseV[i]
            uu += u[i] * t
            us += u[i]
            ru += response[i] * t
        }
        return (uu + 2 * o * us + o * o * weightSum, ru + o * responseSum)
    }

    func setReference() {
        referenceU.update(from: u, count: n)
        referenceO = o
    }

    /// - Complexity: O(n).
    func distanceFromReference() -> Double {
        let shift = o - referenceO
        var s = 0.0
        for i in 0..<n {
            let d = u[i] - referenceU[i] + shift * v[i]
            s += d * d * inverseV[i]
        }
        return s.squareRoot()
    }

    /// `sum_i v_i (x~_ij - m_j)(x~_ik - m_k)`, scattering each row feature once.
    ///
    /// - Complexity: O(|rows| (n + sum of the columns' nnz)).
    func crossProducts(_ rows: [Int], _ columns: [Int]) -> [Double] {
        let width = columns.count
        var out = [Double](repeating: 0, count: rows.count * width)
        for (a, j) in rows.enumerated() {
            x.weightedAxpy(1, features[j], v, scratch)
            let mj = mean(j)
            for (c, k) in columns.enumerated() {
                out[a * width + c] = x.dot(features[k], scratch) - weightSum * mj * mean(k)
            }
            scratch.update(repeating: 0, count: n)
        }
        return out
    }
}
