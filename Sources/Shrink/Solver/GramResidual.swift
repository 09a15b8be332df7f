/// Covariance updates: keeps the gradient `g = Z~'r~` of every feature instead of the residual.
///
/// A step on feature `k` costs O(p): `g -= delta * Z~'z~_k`. The column `Z~'z~_k` of the Gram
/// matrix is computed only when `k` first moves, so memory is O(p * features ever active).
final class GramResidual: ResidualModel {
    private let z: StandardizedDenseDesign
    /// Where Gram columns come from in a cross-validation fold (else from `z`).
    private let fold: FoldGram?
    private let eligible: [Int]
    private let p: Int
    private let g: UnsafeMutablePointer<Double>
    /// `g` at the last ``saveCheckpoint()``.
    private let savedG: UnsafeMutablePointer<Double>
    private let correlations: [Double]   // Z~'y~
    private let responseSquares: Double  // y~'y~
    private var slot: [Int]
    private var columns: UnsafeMutablePointer<Double>
    private var capacity = 0
    private var stored = 0

    /// Creates the model at `b = 0`: `g = Z~'y~`.
    ///
    /// - Complexity: O(n p).
    init(design: StandardizedDenseDesign, response yTilde: [Double], eligible: [Int], fold: FoldGram? = nil) {
        z = design
        self.fold = fold
        p = design.columnCount
        self.eligible = eligible
        var c = [Double](repeating: 0, count: p)
        let yy = yTilde.withUnsafeBufferPointer { y in
            let state = UnsafeMutablePointer<Double>.allocate(capacity: max(1, yTilde.count))
            defer { state.deallocate() }
            design.state(fromWeighted: y.baseAddress!, into: state)
            for j in eligible { c[j] = design.gradient(j, state) }
            return Kernels.sumOfSquares(y.baseAddress!, count: yTilde.count)
        }
        responseSquares = yy
        correlations = c
        g = .allocate(capacity: max(1, p))
        g.initialize(from: c, count: p)
        savedG = .allocate(capacity: max(1, p))
        savedG.initialize(from: c, count: p)
        slot = [Int](repeating: -1, count: p)
        columns = .allocate(capacity: 1)
    }

    deinit {
        g.deallocate()
        savedG.deallocate()
        columns.deallocate()
    }

    /// - Complexity: O(p).
    func saveCheckpoint() { savedG.update(from: g, count: p) }

    /// - Complexity: O(p).
    func restoreCheckpoint() { g.update(from: savedG, count: p) }

    @inline(__always)
    func gradient(_ j: Int) -> Double { g[j] }

    var tracksAllGradients: Bool { true }

    func setReference() {}

    func distanceFromReference() -> Double { 0 }

    /// Returns the start of Gram column `k`, computing `Z~'z~_k` on first use.
    ///
    /// - Complexity: O(n p) the first time, O(1) after.
    private func gramColumn(_ k: Int) -> UnsafeMutablePointer<Double> {
        if slot[k] >= 0 { return columns + slot[k] * p }
        if stored == capacity {
            capacity = max(4, capacity * 2)
            let grown = UnsafeMutablePointer<Double>.allocate(capacity: capacity * p)
            grown.initialize(from: columns, count: stored * p)
            columns.deallocate()
            columns = grown
        }
        let out = columns + stored * p
        out.initialize(repeating: 0, count: p)
        let scratch = UnsafeMutablePointer<Double>.allocate(capacity: max(1, z.rowCount))
        defer { scratch.deallocate() }
        // Symmetry: reuse a column already computed for j.
        for j in eligible where slot[j] >= 0 { out[j] = columns[slot[j] * p + k] }
        let known = slot, rows = eligible
        if let fold {
            fold.products(of: k, design: z, rows: rows, needed: { known[$0] < 0 }, into: out)
        } else {
            z.products(of: k, rows: rows, scratch: scratch, needed: { known[$0] < 0 }) { a, v in out[rows[a]] = v }
        }
        slot[k] = stored
        stored += 1
        return out
    }

    @inline(__always)
    func update(_ k: Int, by delta: Double) {
        Kernels.axpy(-delta, gramColumn(k), g, count: p)
    }

    func gradients(_ features: [Int], into out: inout [Double]) {
        for j in features { out[j] = g[j] }
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

    /// Reads the stored Gram columns, computing missing ones.
    ///
    /// - Complexity: O(|rows| |columns|) for stored columns.
    func crossProducts(_ rows: [Int], _ columns: [Int]) -> [Double] {
        var out = [Double](repeating: 0, count: rows.count * columns.count)
        for (c, k) in columns.enumerated() {
            let column = gramColumn(k)
            for (a, j) in rows.enumerated() { out[a * columns.count + c] = column[j] }
        }
        return out
    }
}
