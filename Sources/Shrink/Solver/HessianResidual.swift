/// The quadratic model of one IRLS step held as its Hessian on a working set: covariance updates for
/// a GLM, so that coordinate descent and Newton steps on the subproblem cost O(m) and O(m^3) instead
/// of O(n) and O(n m^2).
///
/// Around the current coefficients `b_c` the model is `1/2 ||r~_c - Z~ d||^2` with `d = b - b_c`, the
/// intercept eliminated by centering with the IRLS weights. It is kept as the Hessian
/// `H = Z~'Z~` (the `v`-weighted, `v`-centered cross products of the working set), the gradient
/// `g = Z~'r~_c` at `b_c` and `R = ||r~_c||^2`; the model's gradient at `b` is `g - H d`, updated in
/// O(m) per coordinate step, and its residual sum of squares is `R - g'd - d'(g - H d)`. Its
/// features are the working set's positions `0..<m` in the Hessian's order.
final class HessianResidual: ResidualModel {
    private let m: Int
    /// Row-major `m x m`.
    private let hessian: UnsafeMutablePointer<Double>
    /// `g - H d`, by position.
    private let current: UnsafeMutablePointer<Double>
    /// `current` at the last ``saveCheckpoint()``.
    private let saved: UnsafeMutablePointer<Double>
    /// `g` at the expansion point, by position.
    private let initial: [Double]
    /// The coefficients at the expansion point, by position.
    private let origin: [Double]
    /// `||r~_c||^2`.
    private let rss: Double
    /// `||y~||^2 = ||r~_c + Z~ b_c||^2`, the residual sum of squares at `b = 0`.
    let responseSquares: Double

    /// Creates the model of the step at coefficients `coefficients`, its Hessian written in place.
    ///
    /// - Parameters:
    ///   - gradient: `Z~'r~_c` of each working feature, by position.
    ///   - coefficients: The coefficients `b_c` of the working features, by position.
    ///   - rss: `||r~_c||^2`.
    ///   - hessian: Writes the row-major `m x m` Hessian of the working set (every feature with a
    ///     non-zero coefficient must be in it) to the buffer it is given.
    /// - Complexity: O(m s) for `s` non-zero coefficients, plus `hessian`.
    init(gradient: [Double], coefficients: [Double], rss: Double,
         hessian: (UnsafeMutablePointer<Double>) -> Void) {
        m = gradient.count
        self.hessian = .allocate(capacity: max(1, m * m))
        hessian(self.hessian)
        current = .allocate(capacity: max(1, m))
        current.initialize(from: gradient, count: m)
        saved = .allocate(capacity: max(1, m))
        saved.initialize(from: gradient, count: m)
        initial = gradient
        origin = coefficients
        self.rss = rss
        // ||y~||^2 = R + 2 g'b_c + b_c'H b_c, from the rows of the non-zero coefficients.
        var squares = rss
        let matrix = self.hessian, m = m
        coefficients.withUnsafeBufferPointer { o in
            for a in 0..<m where o[a] != 0 {
                let row = Kernels.nativeDot(matrix + a * m, o.baseAddress!, count: m)
                squares += o[a] * (2 * gradient[a] + row)
            }
        }
        responseSquares = max(0, squares)
    }

    deinit {
        hessian.deallocate()
        current.deallocate()
        saved.deallocate()
    }

    /// The Hessian's diagonal entry of feature `j` (its curvature).
    func curvature(_ j: Int) -> Double { max(0, hessian[j * (m + 1)]) }

    @inline(__always)
    func gradient(_ j: Int) -> Double { current[j] }

    /// - Complexity: O(m).
    @inline(__always)
    func update(_ j: Int, by delta: Double) {
        Kernels.nativeAxpy(-delta, hessian + j * m, current, count: m)
    }

    func gradients(_ features: [Int], into out: inout [Double]) {
        for j in features { out[j] = current[j] }
    }

    var tracksAllGradients: Bool { true }

    /// - Complexity: O(m).
    func saveCheckpoint() { saved.update(from: current, count: m) }

    /// - Complexity: O(m).
    func restoreCheckpoint() { current.update(from: saved, count: m) }

    func setReference() {}

    func distanceFromReference() -> Double { 0 }

    /// `||r~||^2 = R - g'd - d'(g - H d)` and `y~'r~ = R - g'd + b_c'(g - H d)`.
    ///
    /// - Complexity: O(m).
    func residualSummary(_ b: [Double]) -> (rss: Double, responseDot: Double) {
        var gd = 0.0, dc = 0.0, oc = 0.0
        for a in 0..<m {
            let d = b[a] - origin[a]
            gd += initial[a] * d
            dc += d * current[a]
            oc += origin[a] * current[a]
        }
        return (max(0, rss - gd - dc), rss - gd + oc)
    }

    /// Reads the Hessian.
    ///
    /// - Complexity: O(|rows| |columns|).
    func crossProducts(_ rows: [Int], _ columns: [Int]) -> [Double] {
        var out = [Double](repeating: 0, count: rows.count * columns.count)
        for (a, j) in rows.enumerated() {
            for (c, k) in columns.enumerated() { out[a * columns.count + c] = hessian[j * m + k] }
        }
        return out
    }
}
