import CShrinkKernels
import Dispatch
/// A residual over a dense design seen through a ``StandardizedDenseDesign`` view: each coordinate
/// step costs O(n) and nothing of size n x p is copied.
///
/// The residual is kept in the view's state form `s` with `r~ = D s` (see ``StandardizedDenseDesign``):
/// `r~` itself when all weights are equal, `r~ / sqrt(w)` otherwise, so that a step reads two streams
/// (the column and `s`) and only the gradient of an unequally weighted problem reads a third (`w`).
///
/// The residual's (weighted) sum `S` is tracked through the steps, so that the gradient of a column
/// whose center is at most its sd is a plain dot product of the raw column corrected once,
/// `x_j's - c_j S`, without the per-entry centering (see ``StandardizedDenseDesign/gradient(_:_:stateSum:)``).
///
/// With long columns (``splitRows`` rows or more) each step is split by rows: the first half on the
/// caller's thread, the second on a ``RowSplitWorker``, in lock-step, the two parts of a gradient
/// added in a fixed order. Each core then streams half of the column and of the residual, which on a
/// core's L2 stay between the gradient and the update (exact coordinate descent reads a column twice).
/// The split depends on the shape alone, and so do the bits: the caller's thread runs both halves
/// itself on one processor, while another split residual is alive in the process (the folds of a
/// cross-validation run side by side on the cores already), and for a while after its worker kept
/// it waiting (``RowSplitWorker/accepting``: another process on the worker's core).
final class DenseResidual: ResidualModel {
    /// The standardized, weighted design, a view of the caller's matrix.
    let z: StandardizedDenseDesign
    /// The residual `s` (state form of `y~ - Z~ b`).
    private let r: UnsafeMutablePointer<Double>
    /// The residual at the last ``setReference()``.
    private let reference: UnsafeMutablePointer<Double>
    /// `y~` in state form.
    private let response: UnsafeMutablePointer<Double>
    /// n entries of scratch for batches of gradients.
    private let scratch: UnsafeMutablePointer<Double>
    /// The residual, tracked sum and step count at the last ``saveCheckpoint()``.
    private let saved: UnsafeMutablePointer<Double>
    private var savedSum = (stateSum: 0.0, steps: 0)
    private var n: Int { z.rowCount }
    /// `S = z.stateSum(r)`, kept up to date by every step and summed afresh every
    /// ``resumInterval`` steps, at every reference and every batch of gradients.
    private var stateSum: Double
    /// `z.centeredSum(j)` of the columns stepped so far (NaN: not computed yet).
    private var centeredSums: [Double]
    /// Steps since `stateSum` was last summed afresh.
    private var stepsSinceSum = 0
    /// The first row of the second half when the steps are split by rows, else n.
    let split: Int
    /// The thread that runs the second half, when the steps are split and a second processor exists.
    let worker: RowSplitWorker?
    /// Whether the worker takes every command (``WorkerPolicy/always``).
    private let alwaysThreaded: Bool
    /// Whether the worker takes the next command: it exists, this is the process's only split
    /// residual and the worker is ``RowSplitWorker/accepting`` (see the type's summary). Otherwise
    /// the caller's thread runs the second half, after the worker's pending commands.
    private var threaded: Bool {
        guard let worker else { return false }
        if alwaysThreaded || shrink_split_count() == 1 && worker.accepting { return true }
        worker.quiesce()
        return false
    }
    /// The number of rows from which the steps are split over two threads (see the type's summary).
    /// Each step then waits once for the other thread, which cost about 1 us on some runs of the
    /// benchmark VM and 2-3 us on others (the halves of n = 5,000 streamed at 15 or at 8 GB/s, against 12
    /// on one thread); from 8,192 rows a half's work outweighs even the slower wait (`Benchmarks/`,
    /// the `epoch split` and `epoch single` rows).
    static let splitRows = 1 << 13
    /// ``RowSplitWorker`` command codes.
    private enum Command {
        static let product = 0, subtract = 1, sum = 2
    }
    /// The number of steps after which the tracked sum is replaced by a fresh one, so that the
    /// rounding of the steps cannot accumulate in it (a sum costs about an eighth of a step).
    static let resumInterval = 16

    /// When split steps run their second half on the worker thread.
    enum WorkerPolicy {
        /// While this is the process's only split residual with a worker (the default).
        case whenAlone
        /// Always (tests).
        case always
        /// Never: no worker thread is made (tests; the same bits).
        case never
    }

    /// Creates the residual at `b = 0`, i.e. `r~ = y~`; `splitsRows` overrides the choice of
    /// splitting the steps by rows (by default from ``splitRows`` rows; never below 16 rows).
    ///
    /// - Complexity: O(n).
    init(design: StandardizedDenseDesign, response yTilde: [Double], splitsRows: Bool? = nil,
         workerPolicy: WorkerPolicy = .whenAlone) {
        z = design
        let count = max(1, yTilde.count)
        let state = UnsafeMutablePointer<Double>.allocate(capacity: count)
        state.initialize(repeating: 0, count: count)
        yTilde.withUnsafeBufferPointer { design.state(fromWeighted: $0.baseAddress!, into: state) }
        response = state
        r = .allocate(capacity: count)
        r.initialize(from: response, count: count)
        reference = .allocate(capacity: count)
        reference.initialize(from: response, count: count)
        scratch = .allocate(capacity: count)
        scratch.initialize(repeating: 0, count: count)
        saved = .allocate(capacity: count)
        saved.initialize(from: response, count: count)
        stateSum = design.stateSum(state)
        centeredSums = [Double](repeating: .nan, count: design.columnCount)
        let n = design.rowCount
        if splitsRows ?? (n >= Self.splitRows), n >= 16 {
            // A whole number of cache lines in the first half.
            let half = n / 2 & ~7
            split = half
            let residual = r, rows = half..<n
            worker = workerPolicy == .never ? nil : RowSplitWorker { code, j, value in
                switch code {
                case Command.product: return design.partialProduct(j, residual, rows: rows)
                case Command.subtract:
                    design.subtract(multiplier: value, j, from: residual, rows: rows)
                    return 0
                default: return design.stateSum(residual, rows: rows)
                }
            }
            if worker != nil { shrink_split_register(1) }
        } else {
            split = n
            worker = nil
        }
        alwaysThreaded = workerPolicy == .always
    }

    deinit {
        worker?.stop()
        if worker != nil { shrink_split_register(-1) }
        r.deallocate()
        reference.deallocate()
        response.deallocate()
        scratch.deallocate()
        saved.deallocate()
    }

    var tracksAllGradients: Bool { false }

    /// - Complexity: O(n).
    func saveCheckpoint() {
        worker?.quiesce()
        saved.update(from: r, count: n)
        savedSum = (stateSum, stepsSinceSum)
    }

    /// - Complexity: O(n).
    func restoreCheckpoint() {
        worker?.quiesce()
        r.update(from: saved, count: n)
        (stateSum, stepsSinceSum) = savedSum
    }

    func setReference() {
        worker?.quiesce()
        reference.update(from: r, count: n)
        resum()
    }

    /// Replaces the tracked sum by a fresh one.
    ///
    /// - Complexity: O(n).
    private func resum() {
        if split < n {
            let ticket = threaded ? worker?.post(Command.sum, feature: 0, value: 0) : nil
            let own = z.stateSum(r, rows: 0..<split)
            stateSum = own + (ticket.map { worker!.result($0) } ?? z.stateSum(r, rows: split..<n))
        } else {
            stateSum = z.stateSum(r)
        }
        stepsSinceSum = 0
    }

    /// - Complexity: O(n).
    func distanceFromReference() -> Double {
        worker?.quiesce()
        return z.distanceSquared(r, reference).squareRoot()
    }

    @inline(__always)
    func gradient(_ j: Int) -> Double {
        if split == n { return z.gradient(j, r, stateSum: stateSum) }
        if z.inverseScales[j] == 0 { return 0 }
        guard threaded, let worker else {
            let own = z.partialProduct(j, r, rows: 0..<split)
            return z.gradient(j, partial: own + z.partialProduct(j, r, rows: split..<n), stateSum: stateSum)
        }
        let posted = ContinuousClock.now
        let ticket = worker.post(Command.product, feature: j, value: 0)
        let own = z.partialProduct(j, r, rows: 0..<split)
        let other = worker.result(ticket, postedAt: posted)
        return z.gradient(j, partial: own + other, stateSum: stateSum)
    }

    @inline(__always)
    func update(_ j: Int, by delta: Double) {
        let a: Double
        if split == n {
            a = z.subtract(delta, j, from: r)
        } else {
            a = z.multiplier(delta, j)
            if a == 0 { return }
            if threaded {
                worker?.post(Command.subtract, feature: j, value: a)
            } else {
                z.subtract(multiplier: a, j, from: r, rows: split..<n)
            }
            z.subtract(multiplier: a, j, from: r, rows: 0..<split)
        }
        if a == 0 { return }
        stepsSinceSum += 1
        if stepsSinceSum >= Self.resumInterval {
            resum()
            return
        }
        var e = centeredSums[j]
        if e.isNaN {
            e = z.centeredSum(j)
            centeredSums[j] = e
        }
        stateSum += a * e
    }

    /// - Complexity: O(n (1 + |features|)).
    func gradients(_ features: [Int], into g: inout [Double]) {
        resum()  // split, it waits for the worker's pending commands too
        z.gradients(features, r, stateSum: stateSum, scratch: scratch, into: &g)
    }

    func residualSummary(_ b: [Double]) -> (rss: Double, responseDot: Double) {
        worker?.quiesce()
        return (z.inner(r, r), z.inner(response, r))
    }

    /// Returns `z~_r' z~_c` for `r` in `rows` and `c` in `columns`, row-major, from the blocked tiles
    /// (``StandardizedDenseDesign/gramProducts(_:against:_:)``, the weighted blocks taken from
    /// `columns`, usually the fewer). One column at a time with four-column dots, the Newton
    /// supports' products were 13 % of a naive path's samples on FHT 6,000 x 1,100 (perf); from the
    /// tiles about 4 %.
    ///
    /// - Complexity: O(n |rows| |columns|); at most n x 64 entries of scratch.
    func crossProducts(_ rows: [Int], _ columns: [Int]) -> [Double] {
        let width = columns.count
        var out = [Double](repeating: 0, count: rows.count * width)
        z.gramProducts(columns, against: rows) { c, a, value in out[a * width + c] = value }
        return out
    }
}

/// A zero-copy standardized, weighted view of a dense design: column `j` stands for
/// `z~_j = sqrt(w) ∘ (x_j - c_j) / s_j`, and every operation applies the centering and scaling on
/// the fly (``Kernels/centeredDot(_:center:_:count:)`` and its relatives) in the pass it makes anyway.
///
/// Vectors of length n that the solvers keep (residuals) are in a *state form* `s` with `r~ = D s`:
/// `D = I` when all weights are equal (then `sqrt(w)` is a constant folded into the scalars), and
/// `D = diag(sqrt(w))` otherwise (then `s` is the unweighted residual; rows of weight zero hold 0).
/// Columns that do not vary stand for zero columns.
final class StandardizedDenseDesign: @unchecked Sendable {
    /// The number of rows.
    let rowCount: Int
    /// The number of columns.
    let columnCount: Int
    /// The caller's entries, column-major (shared, not copied).
    private let values: [Double]
    /// The column centers `c_j`.
    let centers: [Double]
    /// `1 / s_j` for columns that vary, 0 for the others.
    let inverseScales: [Double]
    /// The weights `w` when they are not all equal (else empty).
    private let weights: [Double]
    /// `sqrt(w)` when the weights are not all equal (else empty).
    private let sqrtWeights: [Double]
    /// Whether all weights are equal.
    let equalWeights: Bool
    /// The common `sqrt(w_i)` when all weights are equal.
    private let commonSqrtWeight: Double
    /// Whether column `j`'s center is at most its weighted sd (or zero), so that a product with a
    /// vector may be taken on the raw column and corrected once by the center times the vector's sum,
    /// losing at most about a bit when the vector is centered (as residuals and Gram scratch columns are).
    private let plainProducts: [Bool]
    /// Whether ``gradients(_:_:stateSum:scratch:into:)`` takes plain columns four at a time. Four
    /// columns at a time read the vector once for four but run four memory streams: with short
    /// columns streamed from memory (n < 8192 and a design over 8 MB) one sequential stream was
    /// 35-60 % faster (measured in `Benchmarks/`, the `gradients` rows of the Kernels target).
    var batchesGradients: Bool

    /// Creates the view of `z_ij = sqrt(w_i) (x_ij - c_j) / s_j`.
    ///
    /// - Complexity: O(n + p) time and memory; the design is not copied.
    init(_ x: DenseMatrix, sqrtWeights v: [Double], stats: ColumnStatistics) {
        rowCount = x.rowCount
        columnCount = x.columnCount
        values = x.values
        centers = stats.centers
        inverseScales = (0..<x.columnCount).map { stats.varies[$0] ? 1 / stats.scales[$0] : 0 }
        plainProducts = (0..<x.columnCount).map { j in
            let c = stats.centers[j]
            return c == 0 || abs(c) <= stats.scales[j] * stats.curvatures[j].squareRoot()
        }
        batchesGradients = x.rowCount >= 8192 || x.rowCount * x.columnCount <= 1 << 20
        let first = v.first ?? 1
        equalWeights = v.allSatisfy { $0 == first }
        commonSqrtWeight = first
        sqrtWeights = equalWeights ? [] : v
        weights = equalWeights ? [] : v.map { $0 * $0 }
    }

    /// Writes the state form of a weighted vector `y~` (`y~` itself, or `y~ / sqrt(w)`).
    ///
    /// - Complexity: O(n).
    func state(fromWeighted y: UnsafePointer<Double>, into s: UnsafeMutablePointer<Double>) {
        if equalWeights {
            s.update(from: y, count: rowCount)
        } else {
            for i in 0..<rowCount { s[i] = sqrtWeights[i] > 0 ? y[i] / sqrtWeights[i] : 0 }
        }
    }

    /// Returns `S = 1' D^2 s`, the sum the gradient of a plain column is corrected by: `sum_i s_i`
    /// with equal weights, `sum_i w_i s_i` otherwise.
    ///
    /// - Complexity: O(n).
    func stateSum(_ s: UnsafePointer<Double>) -> Double {
        if equalWeights { return Kernels.sum(s, count: rowCount) }
        return weights.withUnsafeBufferPointer { Kernels.dot($0.baseAddress!, s, count: rowCount) }
    }

    /// Returns `1' D^2 (x_j - c_j)` (`sum_i (x_ij - c_j)`, or `sum_i w_i (x_ij - c_j)`): zero but for
    /// rounding when `c_j` is the weighted mean, the column sum when the design is not centered. A
    /// ``subtract(_:_:from:)`` that returns `a` changes ``stateSum(_:)`` by `a` times this.
    ///
    /// - Complexity: O(n).
    func centeredSum(_ j: Int) -> Double {
        values.withUnsafeBufferPointer { x in
            let column = x.baseAddress! + j * rowCount, c = centers[j]
            if equalWeights {
                var total = 0.0
                for i in 0..<rowCount { total += column[i] - c }
                return total
            }
            return weights.withUnsafeBufferPointer { w in
                var total = 0.0
                for i in 0..<rowCount { total += w[i] * (column[i] - c) }
                return total
            }
        }
    }

    /// Returns `z~_j' D s`, given `S = stateSum(s)`.
    ///
    /// A column whose center is at most its sd (``plainProducts``) takes the plain product of its raw
    /// entries, corrected once, `x_j' D^2 s - c_j S`: no cancellation to fear, and one subtraction per
    /// entry less than the fused centered product the other columns keep.
    ///
    /// - Complexity: O(n), one pass over column `j` and `s` (and `w` with unequal weights).
    @inline(__always)
    func gradient(_ j: Int, _ s: UnsafePointer<Double>, stateSum total: Double) -> Double {
        gradient(j, partial: partialProduct(j, s, rows: 0..<rowCount), stateSum: total)
    }

    /// Writes `z~_j' D s` for each of `features` into `g[j]`, given `S = stateSum(s)`.
    ///
    /// With unequal weights `w ∘ s` is formed once in `scratch` (n entries), so every product reads
    /// two streams. The plain columns (``plainProducts``) go four at a time through
    /// ``Kernels/nativeDot4(_:_:_:_:_:count:)`` (AVX2/FMA where the CPU has it), which loads each
    /// entry of the vector once for the four, unless the columns are short and the design too large
    /// for the caches; the others take the fused centered product. A large batch is split in two
    /// halves on two threads (``ProductBatch``: the same bits).
    ///
    /// - Complexity: O(n (1 + |features|)).
    func gradients(
        _ features: [Int], _ s: UnsafePointer<Double>, stateSum total: Double,
        scratch: UnsafeMutablePointer<Double>, into g: inout [Double]
    ) {
        let n = rowCount
        let vector: UnsafePointer<Double>
        let common: Double
        if equalWeights {
            vector = UnsafePointer(s)
            common = commonSqrtWeight
        } else {
            weights.withUnsafeBufferPointer { w in
                for i in 0..<n { scratch[i] = w[i] * s[i] }
            }
            vector = UnsafePointer(scratch)
            common = 1
        }
        features.withUnsafeBufferPointer { fb in
            g.withUnsafeMutableBufferPointer { gb in
                let count = fb.count
                let batch = ProductBatch(features: fb, vector: vector, output: gb.baseAddress!)
                batch.run(threaded: count * n >= ProductBatch.threadedWork && count >= 8, split: count / 2) { part in
                    self.gradients(part.features, part.vector, common: common, total: total, into: part.output)
                }
            }
        }
    }

    /// `g[j]` for the features of `features`, from `common * D s` in `vector` (see above).
    private func gradients(
        _ features: UnsafeBufferPointer<Int>, _ vector: UnsafePointer<Double>, common: Double, total: Double,
        into g: UnsafeMutablePointer<Double>
    ) {
        Kernels.standardizedProducts(
            features, x: values, rows: rowCount, centers: centers, inverseScales: inverseScales, plain: plainProducts,
            batched: batchesGradients, vector, common: common, total: total, into: g)
    }

    /// Computes `s -= delta D^-1 z~_j`, i.e. `r~ -= delta z~_j`, as `s += a (x_j - c_j)`.
    ///
    /// - Returns: the multiplier `a` (0 for a constant column, which is left alone).
    /// - Complexity: O(n), one pass over column `j` and `s`.
    @inline(__always) @discardableResult
    func subtract(_ delta: Double, _ j: Int, from s: UnsafeMutablePointer<Double>) -> Double {
        let a = multiplier(delta, j)
        subtract(multiplier: a, j, from: s, rows: 0..<rowCount)
        return a
    }

    /// The multiplier `a` of ``subtract(_:_:from:)`` for a move of `delta` along feature `j` (0 for a
    /// constant column).
    @inline(__always)
    func multiplier(_ delta: Double, _ j: Int) -> Double {
        let scale = inverseScales[j]
        if scale == 0 { return 0 }
        return equalWeights ? -delta * commonSqrtWeight * scale : -delta * scale
    }

    /// Computes `s += a (x_j - c_j)` on the rows `rows` only (`a` from ``multiplier(_:_:)``): the
    /// entries of ``subtract(_:_:from:)`` there, to the bit.
    ///
    /// - Complexity: O(|rows|).
    @inline(__always)
    func subtract(multiplier a: Double, _ j: Int, from s: UnsafeMutablePointer<Double>, rows: Range<Int>) {
        if a == 0 || rows.isEmpty { return }
        values.withUnsafeBufferPointer { x in
            Kernels.nativeCenteredAxpy(a, x.baseAddress! + j * rowCount + rows.lowerBound, center: centers[j],
                                       s + rows.lowerBound, count: rows.count)
        }
    }

    /// Returns the part of the product behind ``gradient(_:_:stateSum:)`` over the rows `rows`: the
    /// raw `x_j' D^2 s` of a plain column, the centered `(x_j - c_j)' D^2 s` of the others (0 for a
    /// constant column). The parts of a split of the rows, added, give ``gradient(_:partial:stateSum:)``.
    ///
    /// - Complexity: O(|rows|), one pass over those entries of column `j` and `s` (and `w`).
    @inline(__always)
    func partialProduct(_ j: Int, _ s: UnsafePointer<Double>, rows: Range<Int>) -> Double {
        if inverseScales[j] == 0 || rows.isEmpty { return 0 }
        let start = rows.lowerBound, count = rows.count
        return values.withUnsafeBufferPointer { x in
            let column = x.baseAddress! + j * rowCount + start
            if equalWeights {
                return plainProducts[j] ? Kernels.nativeDot(column, s + start, count: count)
                    : Kernels.nativeCenteredDot(column, center: centers[j], s + start, count: count)
            }
            return weights.withUnsafeBufferPointer { w in
                plainProducts[j] ? Kernels.weightedDot(column, w.baseAddress! + start, s + start, count: count)
                    : Kernels.centeredWeightedDot(column, center: centers[j], w.baseAddress! + start, s + start,
                                                  count: count)
            }
        }
    }

    /// Returns `z~_j' D s` from the sum of ``partialProduct(_:_:rows:)`` over a split of the rows,
    /// given `S = stateSum(s)`.
    @inline(__always)
    func gradient(_ j: Int, partial: Double, stateSum total: Double) -> Double {
        let scale = inverseScales[j]
        if scale == 0 { return 0 }
        let common = equalWeights ? commonSqrtWeight * scale : scale
        return plainProducts[j] ? common * (partial - centers[j] * total) : common * partial
    }

    /// ``stateSum(_:)`` over the rows `rows` only.
    ///
    /// - Complexity: O(|rows|).
    func stateSum(_ s: UnsafePointer<Double>, rows: Range<Int>) -> Double {
        if rows.isEmpty { return 0 }
        if equalWeights { return Kernels.sum(s + rows.lowerBound, count: rows.count) }
        return weights.withUnsafeBufferPointer {
            Kernels.dot($0.baseAddress! + rows.lowerBound, s + rows.lowerBound, count: rows.count)
        }
    }

    /// Returns `(D a)'(D b)` for two vectors in state form.
    ///
    /// - Complexity: O(n).
    func inner(_ a: UnsafePointer<Double>, _ b: UnsafePointer<Double>) -> Double {
        if equalWeights { return Kernels.dot(a, b, count: rowCount) }
        return weights.withUnsafeBufferPointer {
            Kernels.centeredWeightedDot(a, center: 0, $0.baseAddress!, b, count: rowCount)
        }
    }

    /// Returns `||D (a - b)||^2` for two vectors in state form.
    ///
    /// - Complexity: O(n).
    func distanceSquared(_ a: UnsafePointer<Double>, _ b: UnsafePointer<Double>) -> Double {
        var s = 0.0
        if equalWeights {
            for i in 0..<rowCount {
                let d = a[i] - b[i]
                s += d * d
            }
        } else {
            weights.withUnsafeBufferPointer { w in
                for i in 0..<rowCount {
                    let d = a[i] - b[i]
                    s += w[i] * (d * d)
                }
            }
        }
        return s
    }

    /// Calls `body(a, z~_rows[a]' z~_k)` for each feature of `rows`, for which `needed` holds: writes
    /// `w ∘ z~_k / sqrt(w)` into `scratch` (n entries) once, then one product per row feature (four
    /// plain ones per pass with ``Kernels/nativeDot4(_:_:_:_:_:count:)``, AVX2/FMA where the CPU has
    /// it, which loads the scratch column once for the four).
    ///
    /// - Complexity: O(n (1 + |rows|)).
    func products(
        of k: Int, rows: [Int], scratch: UnsafeMutablePointer<Double>,
        needed: (Int) -> Bool = { _ in true }, _ body: (Int, Double) -> Void
    ) {
        let n = rowCount
        let total = weightedColumn(k, into: scratch)
        values.withUnsafeBufferPointer { x in
            let base = x.baseAddress!
            // The scratch column is centered: where no cancellation is to be feared, `x_j' d - c_j sum(d)`
            // with plain dots, four row features per pass over the scratch column; else the fused
            // centered dot.
            var pending: [(a: Int, j: Int)] = []
            pending.reserveCapacity(4)
            for (a, j) in rows.enumerated() where needed(j) {
                let scale = inverseScales[j]
                if scale == 0 { body(a, 0); continue }
                let column = base + j * n, c = centers[j]
                guard plainProducts[j] else {
                    body(a, scale * Kernels.nativeCenteredDot(column, center: c, scratch, count: n))
                    continue
                }
                pending.append((a, j))
                if pending.count == 4 {
                    let d = Kernels.nativeDot4(base + pending[0].j * n, base + pending[1].j * n,
                                               base + pending[2].j * n, base + pending[3].j * n, scratch, count: n)
                    for (t, f) in pending.enumerated() { body(f.a, inverseScales[f.j] * (d[t] - centers[f.j] * total)) }
                    pending.removeAll(keepingCapacity: true)
                }
            }
            for f in pending {
                body(f.a, inverseScales[f.j] * (Kernels.nativeDot(base + f.j * n, scratch, count: n) - centers[f.j] * total))
            }
        }
    }

    /// ``products(of:rows:scratch:needed:_:)`` for two features at once: calls
    /// `body(a, z~_rows[a]' z~_k, z~_rows[a]' z~_k2)`, reading each row feature's column once for
    /// both (``Kernels/nativeDot4x2(_:_:_:_:_:_:count:)``). `scratch` holds 2n entries.
    ///
    /// - Complexity: O(n (1 + |rows|)).
    func products(
        of k: Int, and k2: Int, rows: [Int], scratch: UnsafeMutablePointer<Double>,
        needed: (Int) -> Bool, _ body: (Int, Double, Double) -> Void
    ) {
        let n = rowCount
        let first = scratch, second = scratch + n
        let total = weightedColumn(k, into: first), total2 = weightedColumn(k2, into: second)
        values.withUnsafeBufferPointer { x in
            let base = x.baseAddress!
            var pending: [(a: Int, j: Int)] = []
            pending.reserveCapacity(4)
            func flush() {
                if pending.count == 4 {
                    let (d, e) = Kernels.nativeDot4x2(base + pending[0].j * n, base + pending[1].j * n,
                                                      base + pending[2].j * n, base + pending[3].j * n,
                                                      first, second, count: n)
                    for (t, f) in pending.enumerated() {
                        let s = inverseScales[f.j], c = centers[f.j]
                        body(f.a, s * (d[t] - c * total), s * (e[t] - c * total2))
                    }
                } else {
                    for f in pending {
                        let column = base + f.j * n, s = inverseScales[f.j], c = centers[f.j]
                        body(f.a, s * (Kernels.nativeDot(column, first, count: n) - c * total),
                             s * (Kernels.nativeDot(column, second, count: n) - c * total2))
                    }
                }
                pending.removeAll(keepingCapacity: true)
            }
            for (a, j) in rows.enumerated() where needed(j) {
                let scale = inverseScales[j]
                if scale == 0 { body(a, 0, 0); continue }
                guard plainProducts[j] else {
                    let column = base + j * n, c = centers[j]
                    body(a, scale * Kernels.nativeCenteredDot(column, center: c, first, count: n),
                         scale * Kernels.nativeCenteredDot(column, center: c, second, count: n))
                    continue
                }
                pending.append((a, j))
                if pending.count == 4 { flush() }
            }
            flush()
        }
    }

    /// Calls `body(r, t, z~_rows[r]' z~_columns[t])` for the Gram entries between two lists of
    /// features (only for `r <= t` with `upper`).
    ///
    /// With equal weights and every column of both lists plain (``plainProducts``: center at most
    /// the spread) or constant (its entries are zero), the raw columns are multiplied with each other by
    /// ``Kernels/crossProducts(_:_:count:upper:_:)`` and each entry corrected once,
    /// `w s_j s_k (x_j'x_k - n c_j c_k)`: no scratch column is written (on FHT (5000, 100, 0) writing
    /// and summing them was 9 % of a covariance fit), and the tiles read one set of columns instead
    /// of two. The correction cancels at most the two bits that `|c| <= sd` allows.
    /// Otherwise the weighted columns of `rows` are written to `scratch` (n entries each) and
    /// multiplied with the raw columns of `columns`, each entry then corrected by the column's center
    /// times the scratch column's sum, as in ``products(of:rows:scratch:needed:_:)`` (the fused
    /// centered dot where the center is large against the spread).
    ///
    /// - Complexity: O(n |rows| |columns|); `scratch` holds n |rows| entries.
    func gramBlock(
        rows: ArraySlice<Int>, columns: ArraySlice<Int>, upper: Bool, scratch: UnsafeMutablePointer<Double>,
        _ body: (Int, Int, Double) -> Void
    ) {
        let n = rowCount
        let rowList = Array(rows), columnList = Array(columns)
        if multipliesRawColumns(rowList) && multipliesRawColumns(columnList) {
            let w = commonSqrtWeight * commonSqrtWeight, count = Double(n)
            values.withUnsafeBufferPointer { x in
                let base = x.baseAddress!
                let left = rowList.map { UnsafePointer(base + $0 * n) }
                let right = columnList.map { UnsafePointer(base + $0 * n) }
                Kernels.crossProducts(left, right, count: n, upper: upper) { r, t, d in
                    let j = rowList[r], k = columnList[t]
                    body(r, t, w * inverseScales[j] * inverseScales[k] * (d - count * centers[j] * centers[k]))
                }
            }
            return
        }
        let totals = rowList.enumerated().map { a, j in weightedColumn(j, into: scratch + a * n) }
        values.withUnsafeBufferPointer { x in
            let base = x.baseAddress!
            let left = (0..<rowList.count).map { UnsafePointer(scratch + $0 * n) }
            let right = columnList.map { UnsafePointer(base + $0 * n) }
            Kernels.crossProducts(left, right, count: n, upper: upper) { r, t, d in
                let k = columnList[t], scale = inverseScales[k]
                let value: Double
                if scale == 0 {
                    value = 0
                } else if plainProducts[k] {
                    value = scale * (d - centers[k] * totals[r])
                } else {
                    value = scale * Kernels.nativeCenteredDot(base + k * n, center: centers[k], scratch + r * n, count: n)
                }
                body(r, t, value)
            }
        }
    }

    /// Calls `body(a, c, z~_rows[a]' z~_columns[c])` for every pair, or, with `columns` `nil`, for the
    /// pairs `a <= c` of `rows` with itself (the upper triangle), by
    /// ``gramBlock(rows:columns:upper:scratch:_:)`` over blocks of at most 64 weighted `rows` (16-64,
    /// multiples of 8, about a quarter of them), or in one block of raw columns where
    /// ``multipliesRawColumns(_:)`` (no scratch; the tile product splits it over two threads when large).
    ///
    /// - Complexity: O(n |rows| |columns|), half that for the triangle; O(n b) scratch for blocks of b rows.
    func gramProducts(_ rows: [Int], against columns: [Int]? = nil, _ body: (Int, Int, Double) -> Void) {
        let m = rows.count
        guard m > 0, columns.map({ !$0.isEmpty }) ?? true else { return }
        let raw = multipliesRawColumns(rows) && multipliesRawColumns(columns ?? [])
        let width = raw ? m : min(64, (max(16, m / 4) + 7) / 8 * 8)
        let scratch = UnsafeMutablePointer<Double>.allocate(capacity: raw ? 1 : rowCount * min(width, m))
        defer { scratch.deallocate() }
        for i0 in stride(from: 0, to: m, by: width) {
            let block = rows[i0..<min(m, i0 + width)]
            if let columns {
                gramBlock(rows: block, columns: columns[...], upper: false, scratch: scratch) { r, t, value in
                    body(i0 + r, t, value)
                }
            } else {
                gramBlock(rows: block, columns: rows[i0...], upper: true, scratch: scratch) { r, t, value in
                    body(i0 + r, i0 + t, value)
                }
            }
        }
    }

    /// Whether ``gramBlock(rows:columns:upper:scratch:_:)`` multiplies the raw columns of `features`
    /// (no scratch): equal weights, and each column plain or constant.
    ///
    /// - Complexity: O(|features|).
    func multipliesRawColumns(_ features: [Int]) -> Bool {
        equalWeights && features.allSatisfy { plainProducts[$0] || inverseScales[$0] == 0 }
    }

    /// Writes `w ∘ z~_k / sqrt(w)` (the weighted, centered, scaled column `k`) into `out` (n
    /// entries) and returns its sum.
    ///
    /// - Complexity: O(n).
    private func weightedColumn(_ k: Int, into out: UnsafeMutablePointer<Double>) -> Double {
        let n = rowCount
        guard inverseScales[k] != 0 else {
            out.update(repeating: 0, count: n)
            return 0
        }
        values.withUnsafeBufferPointer { x in
            let column = x.baseAddress! + k * n
            if equalWeights {
                // Written, not added to zeros: clearing the scratch first was 6 % of a covariance fit
                // on FHT (5000, 100, 0) (perf).
                let w = commonSqrtWeight * commonSqrtWeight
                Kernels.centeredScale(w * inverseScales[k], column, center: centers[k], into: out, count: n)
            } else {
                out.update(repeating: 0, count: n)
                weights.withUnsafeBufferPointer { w in
                    Kernels.nativeCenteredWeightedAxpy(inverseScales[k], column, center: centers[k],
                                                       w.baseAddress!, out, count: n)
                }
            }
        }
        return Kernels.sum(out, count: n)
    }
}
