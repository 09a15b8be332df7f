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
    /// 2n entries for ``StandardizedDenseDesign/products(of:and:rows:scratch:needed:_:)``.
    private let scratch: UnsafeMutablePointer<Double>
    /// Whether a new Gram column brings its ``partner(of:)``'s along: when the eligible columns
    /// exceed 1 MB, about what a core's caches keep, so that every Gram column streams the design
    /// from memory. (FHT N = 5,000, p = 100, 4 MB: fits 30 % faster in alternating runs; at
    /// N = 1,000 no difference showed through the timing noise.)
    private let pairsColumns: Bool

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
            let n = yTilde.count
            let state = UnsafeMutablePointer<Double>.allocate(capacity: max(1, 2 * n))
            defer { state.deallocate() }
            design.state(fromWeighted: y.baseAddress!, into: state)
            // As a KKT check's batch: plain columns four at a time, two threads when large (perf on
            // FHT (5000, 100, 0): 3.8 % of a covariance fit's samples one column at a time, 2.8 % so).
            design.gradients(eligible, state, stateSum: design.stateSum(state), scratch: state + n, into: &c)
            return Kernels.sumOfSquares(y.baseAddress!, count: n)
        }
        responseSquares = yy
        correlations = c
        g = .allocate(capacity: max(1, p))
        g.initialize(from: c, count: p)
        savedG = .allocate(capacity: max(1, p))
        savedG.initialize(from: c, count: p)
        columns = .allocate(capacity: max(1, p))
        columns.initialize(repeating: nil, count: max(1, p))
        scratch = .allocate(capacity: max(1, 2 * design.rowCount))
        pairsColumns = design.rowCount * eligible.count * MemoryLayout<Double>.size > 1 << 20
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
        columns[k] ?? (storedCount >= bulkThreshold ? fillColumns(k) : computeColumn(k))
    }

    /// The number of stored Gram columns.
    private var storedCount = 0

    /// The number of stored columns from which the next missing one brings every other missing one
    /// with it (``fillColumns(_:)``): a sixteenth of the eligible features (at least 8), or none (the
    /// first missing column brings them all) when at most 128 are eligible, where filling all costs
    /// no more than the eight single columns the threshold would take first; never where
    /// the columns come from a fold, nor without the AVX2/FMA kernels (the timings below are of the
    /// AVX-512 tiles; the AVX2 dots read each entry once for two products, as paired columns do).
    /// A path that has needed that many columns is likely to need most of the others (every FHT
    /// N > p cell ends with 97-99 of its 100 features), and register-tiled
    /// block products compute them at a fraction of the cost of column by column, each of which
    /// reads the whole design: filling all p columns costs about as much as computing p / 20 of them
    /// singly from memory, or p / 5 from the caches. So a path that needs only the first few columns
    /// pays about twice their cost (four times on a cache-resident design, where it is small).
    /// Measured (medians of 11 alternating runs, `fitSeconds`): a quarter as the threshold took
    /// FHT (1000, 100, 0) 0.0036 -> 0.0034 s and (5000, 100, 0) 0.0073 -> 0.0065 s (perf: the Gram
    /// products from 25 % of the fit to 11 %); a sixteenth then (1000, 100, 0) 0.0036 -> 0.0033 s,
    /// (5000, 100, 0) 0.0074 -> 0.0062 s, (5000, 100, 0.5) 0.0066 -> 0.0062 s; no single columns
    /// at p <= 128 then (5000, 100, 0) 0.0068-0.0069 -> 0.0055-0.0059 s, (5000, 100, 0.5)
    /// 0.0085 -> 0.0081 s, (1000, 100, 0.95) 0.0077 -> 0.0070 s. (``MatrixProduct``
    /// instead of the register tiles was no faster: with a contraction of n and blocks of tens of
    /// columns, packing its strips costs as much as the products.) The Gram matrix then takes `p^2`
    /// doubles, no more than the design (covariance updates run only with `n >= p`).
    private var bulkThreshold: Int {
        guard fold == nil && Kernels.native else { return .max }
        return eligible.count <= 128 ? 0 : max(8, eligible.count / 16)
    }

    /// Computes and stores every missing Gram column, `k`'s among them: the entries among missing
    /// features by ``StandardizedDenseDesign/gramProducts(_:against:_:)`` (the upper triangle, each
    /// entry once and mirrored); the entries with stored features are taken from those (so the
    /// matrix stays exactly symmetric).
    ///
    /// - Complexity: O(n m^2 / 2) for m missing columns; at most n x 64 entries of scratch.
    private func fillColumns(_ k: Int) -> UnsafeMutablePointer<Double> {
        let table = columns
        let missing = eligible.filter { table[$0] == nil }
        let fresh = missing.map { newColumn($0) }
        let m = missing.count
        z.gramProducts(missing) { r, t, value in
            fresh[t][missing[r]] = value
            fresh[r][missing[t]] = value
        }
        for (a, j) in missing.enumerated() { table[j] = fresh[a] }
        storedCount += m
        return table[k] ?? computeColumn(k)  // a feature outside the eligible ones, column by column
    }

    /// Computes and stores Gram column `k`, taking the entries of columns already stored from them
    /// (symmetry). With it goes the column of the likeliest feature to move next (see
    /// ``partner(of:)``): computing both reads the design once, and the design's columns, streamed
    /// from memory, are what a Gram column costs once n p no longer fits in the caches.
    ///
    /// - Complexity: O(n p).
    private func computeColumn(_ k: Int) -> UnsafeMutablePointer<Double> {
        let table = columns
        let out = newColumn(k)
        let rows = eligible
        if let fold {
            fold.products(of: k, design: z, rows: rows, needed: { table[$0] == nil }, into: out)
        } else if pairsColumns, let k2 = partner(of: k) {
            let out2 = newColumn(k2)
            z.products(of: k, and: k2, rows: rows, scratch: scratch, needed: { table[$0] == nil }) { a, v, v2 in
                out[rows[a]] = v
                out2[rows[a]] = v2
            }
            out2[k] = out[k2]
            table[k2] = out2
            storedCount += 1
        } else {
            z.products(of: k, rows: rows, scratch: scratch, needed: { table[$0] == nil }) { a, v in out[rows[a]] = v }
        }
        table[k] = out
        storedCount += 1
        return out
    }

    /// Allocates a Gram column for `k` with the entries of the stored columns filled in (symmetry).
    ///
    /// - Complexity: O(p).
    private func newColumn(_ k: Int) -> UnsafeMutablePointer<Double> {
        let out = UnsafeMutablePointer<Double>.allocate(capacity: p)
        out.initialize(repeating: 0, count: p)
        let table = columns
        for j in eligible { if let known = table[j] { out[j] = known[k] } }
        return out
    }

    /// The feature without a stored column whose gradient is largest in magnitude, if it is at
    /// least half of `k`'s (the feature about to move): a lasso path lets such features in soon.
    ///
    /// - Complexity: O(p).
    private func partner(of k: Int) -> Int? {
        let table = columns
        var best = -1, largest = 0.5 * abs(g[k])
        for j in eligible where j != k && table[j] == nil && abs(g[j]) >= largest {
            best = j
            largest = abs(g[j])
        }
        return best >= 0 && largest > 0 ? best : nil
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
