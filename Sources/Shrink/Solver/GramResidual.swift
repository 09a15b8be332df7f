/// Covariance updates: keeps the gradient `g = Z~'r~` of every feature instead of the residual.
///
/// A step on feature `k` costs O(p): `g -= delta * Z~'z~_k`. The column `Z~'z~_k` of the Gram
/// matrix is computed only when `k` first moves, so memory is O(p * features ever active).
final class GramResidual: ResidualModel {
    private let z: StandardizedDenseDesign
    private let eligible: [Int]
    private let p: Int
    private var g: [Double]
    private let correlations: [Double]   // Z~'y~
    private let responseSquares: Double  // y~'y~
    private var slot: [Int]
    private var columns: [Double] = []

    /// Creates the model at `b = 0`: `g = Z~'y~`.
    ///
    /// - Complexity: O(n p).
    init(design: StandardizedDenseDesign, response yTilde: [Double], eligible: [Int]) {
        z = design
        p = design.columnCount
        self.eligible = eligible
        var c = [Double](repeating: 0, count: p)
        let yy = yTilde.withUnsafeBufferPointer { y in
            for j in eligible { c[j] = Kernels.dot(design.column(j), y.baseAddress!, count: design.rowCount) }
            return Kernels.sumOfSquares(y.baseAddress!, count: yTilde.count)
        }
        responseSquares = yy
        correlations = c
        g = c
        slot = [Int](repeating: -1, count: p)
    }

    @inline(__always)
    func gradient(_ j: Int) -> Double { g[j] }

    /// Returns the slot of Gram column `k`, computing `Z~'z~_k` on first use.
    ///
    /// - Complexity: O(n p) the first time, O(1) after.
    private func gramSlot(_ k: Int) -> Int {
        if slot[k] >= 0 { return slot[k] }
        let s = columns.count / p
        columns.append(contentsOf: repeatElement(0, count: p))
        let n = z.rowCount
        let zk = z.column(k)
        columns.withUnsafeMutableBufferPointer { buf in
            let out = buf.baseAddress! + s * p
            for j in eligible { out[j] = Kernels.dot(z.column(j), zk, count: n) }
        }
        slot[k] = s
        return s
    }

    func update(_ k: Int, by delta: Double) {
        let s = gramSlot(k)
        columns.withUnsafeBufferPointer { buf in
            g.withUnsafeMutableBufferPointer { gp in
                Kernels.axpy(-delta, buf.baseAddress! + s * p, gp.baseAddress!, count: p)
            }
        }
    }

    func gradients(_ features: [Int], into out: inout [Double]) {
        for j in features { out[j] = g[j] }
    }

    /// Reads the stored Gram columns, computing missing ones.
    ///
    /// - Complexity: O(|S|^2) for stored columns.
    func gram(_ features: [Int]) -> [Double] {
        let m = features.count
        var out = [Double](repeating: 0, count: m * m)
        for c in 0..<m {
            let base = gramSlot(features[c]) * p
            for a in 0..<m { out[a * m + c] = columns[base + features[a]] }
        }
        return out
    }

    /// Uses `||r||^2 = y'y - b'Z'y - b'g` and `y'r = y'y - b'Z'y`, both O(active).
    func residualSummary(_ b: [Double]) -> (rss: Double, responseDot: Double) {
        var bc = 0.0, bg = 0.0
        for j in 0..<p where b[j] != 0 {
            bc += b[j] * correlations[j]
            bg += b[j] * g[j]
        }
        return (max(0, responseSquares - bc - bg), responseSquares - bc)
    }
}
