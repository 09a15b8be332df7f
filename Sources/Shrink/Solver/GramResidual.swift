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
    /// Gram column `Z~'z~_k` of each feature (p entries), or nil until `k` first moves. A table of
    /// pointers, not a growing array, so that reading a column checks no exclusivity.
    private let columns: UnsafeMutablePointer<UnsafeMutablePointer<Double>?>
    /// n entries for ``StandardizedDenseDesign/products(of:rows:scratch:needed:_:)``.
    private let scratch: UnsafeMutablePointer<Double>

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
        columns = .allocate(capacity: max(1, p))
        columns.initialize(repeating: nil, count: max(1, p))
        scratch = .allocate(capacity: max(1, design.rowCount))
    }

    deinit {
        g.deallocate()
        savedG.deallocate()
        for k in 0..<p { columns[k]?.deallocate() }
        columns.deallocate()
        scratch.deallocate()
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
    @inline(__always)
    private func gramColumn(_ k: Int) -> UnsafeMutablePointer<Double> {
        columns[k] ?? computeColumn(k)
    }

    /// Computes and stores Gram column `k`, taking the entries of columns already stored from them
    /// (symmetry).
    ///
    /// - Complexity: O(n p).
    private func computeColumn(_ k: Int) -> UnsafeMutablePointer<Double> {
        let out = UnsafeMutablePointer<Double>.allocate(capacity: p)
        out.initialize(repeating: 0, count: p)
        let table = columns
        for j in eligible { if let known = table[j] { out[j] = known[k] } }
        let rows = eligible
        if let fold {
            fold.products(of: k, design: z, rows: rows, needed: { table[$0] == nil }, into: out)
        } else {
            z.products(of: k, rows: rows, scratch: scratch, needed: { table[$0] == nil }) { a, v in out[rows[a]] = v }
        }
        table[k] = out
        return out
    }

    /// - Complexity: O(p), on the AVX2/FMA kernel where the CPU has one.
    @inline(__always)
    func update(_ k: Int, by delta: Double) {
        Kernels.nativeAxpy(-delta, gramColumn(k), g, count: p)
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
