#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Stability selection (Meinshausen & Bühlmann, 2010, "Stability selection", JRSS B 72(4)):
/// the lasso on B random half-samples and the frequency with which each feature is selected.
///
/// - The lambdas are fixed fractions of the full-data lasso's lambda_max, `f_l` log-spaced from
///   1 down to ``StabilityOptions/minRatio``, the same for every subsample.
/// - Subsample b draws `floor(n / 2)` rows without replacement (a partial Fisher-Yates shuffle
///   with ``SplitMix64``); all subsamples are drawn from one generator before any fit, so the
///   result does not depend on the order in which the concurrent fits finish.
/// - `frequency[l][j]` is the fraction of subsamples whose lasso has feature j non-zero at lambda l.
/// - Error control: over a region Λ = the first `regionEnd` lambdas, let q be the average over
///   subsamples of the number of features selected at some lambda in Λ. Under the
///   exchangeability assumption of Meinshausen & Bühlmann (theorem 1), the expected number V of
///   falsely selected features among `{ j : max over Λ of frequency >= pi_thr }` satisfies
///   `E[V] <= q^2 / ((2 pi_thr - 1) p)` for pi_thr in (0.5, 1]. Λ is the longest prefix of the grid
///   with `q <= sqrt(target * 0.8 * p)`, which keeps the bound at pi_thr = 0.9 at most the target
///   (``StabilityOptions/expectedFalseSelections``).
public struct StabilitySelection: Sendable, Equatable {
    /// The lambdas, decreasing.
    public let lambdas: [Double]
    /// The lambdas as fractions of lambda_max.
    public let fractions: [Double]
    /// The number of subsamples B.
    public let subsamples: Int
    /// `frequency[l][j]`: the fraction of subsamples selecting feature j at lambda l.
    public let frequency: [[Double]]
    /// `averageSelected[l]`: q for the region made of the first l + 1 lambdas.
    public let averageSelected: [Double]
    /// The number of lambdas in the region Λ used for error control.
    public let regionEnd: Int
    /// One entry per threshold.
    public let selections: [Selection]

    /// The stable set at one threshold.
    public struct Selection: Sendable, Equatable {
        /// pi_thr.
        public let threshold: Double
        /// The features (0-based, by decreasing frequency, then index) with maximal frequency
        /// over Λ at least the threshold.
        public let features: [Int]
        /// The Meinshausen-Bühlmann bound on the expected number of false selections.
        public let expectedFalseBound: Double
    }

    /// q over the region Λ.
    public var q: Double { averageSelected[regionEnd - 1] }

    /// The maximal frequency of each feature over the region Λ.
    public var maxFrequencyInRegion: [Double] {
        guard let p = frequency.first?.count else { return [] }
        return (0..<p).map { j in (0..<regionEnd).map { frequency[$0][j] }.max() ?? 0 }
    }

    /// Runs stability selection for the lasso with `options` (alpha is set to 1 and the lambdas
    /// to the grid).
    ///
    /// - Parameter lambdaMax: The full-data lasso's largest lambda (its lambda_max).
    /// - Throws: ``ShrinkError/invalidInput(_:)`` for fewer than 4 rows, bad options, or a
    ///   subsample fit's error (prefixed with its number).
    public static func run(x: DesignMatrix, y: [Double], options: ElasticNetOptions, lambdaMax: Double,
                           stability: StabilityOptions = StabilityOptions(), seed: UInt64,
                           family: CVFamily = .gaussian, parallel: Bool = true) async throws -> StabilitySelection {
        let n = x.rowCount, p = x.columnCount
        let b = stability.subsamples
        guard b >= 1 else { throw ShrinkError.invalidInput("stability selection needs at least 1 subsample, got \(b)") }
        guard n >= 4 else { throw ShrinkError.invalidInput("stability selection needs at least 4 rows, got \(n)") }
        guard stability.lambdaCount >= 1 else {
            throw ShrinkError.invalidInput("stability selection needs at least 1 lambda, got \(stability.lambdaCount)")
        }
        guard stability.minRatio > 0 && stability.minRatio < 1 else {
            throw ShrinkError.invalidInput("the stability lambda ratio \(stability.minRatio) is outside (0, 1)")
        }
        for t in stability.thresholds where !(t > 0.5 && t <= 1) {
            throw ShrinkError.invalidInput("the stability threshold \(t) is outside (0.5, 1]")
        }
        guard lambdaMax > 0, lambdaMax.isFinite else {
            throw ShrinkError.invalidInput("lambda_max = \(lambdaMax) must be positive for stability selection")
        }
        let m = stability.lambdaCount
        let fractions = (0..<m).map { l in m == 1 ? 1 : exp(Double(l) / Double(m - 1) * log(stability.minRatio)) }
        let lambdas = fractions.map { $0 * lambdaMax }
        var o = options
        o.alpha = 1
        o.lambdas = lambdas
        o.maxFeatures = nil
        o.maxEverActive = nil

        // Draw every subsample first, from one generator.
        var rng = SplitMix64(seed: seed ^ 0x5354_4142_4C45_5353)  // "STABLESS"
        let half = n / 2
        var draws: [[Int]] = []
        for _ in 0..<b {
            var rows = Array(0..<n)
            for i in 0..<half {
                let j = i + rng.uniform(below: n - i)
                rows.swapAt(i, j)
            }
            draws.append(rows[0..<half].sorted())
        }
        let work = SubsampleWork(x: x, y: y, options: o, family: family, lambdaCount: m)
        var outcomes = [SubsampleOutcome?](repeating: nil, count: b)
        if parallel {
            try await withThrowingTaskGroup(of: (Int, SubsampleOutcome).self) { group in
                for (k, rows) in draws.enumerated() {
                    group.addTask { (k, try work.run(rows: rows, number: k + 1, of: b)) }
                }
                for try await (k, outcome) in group { outcomes[k] = outcome }
            }
        } else {
            for (k, rows) in draws.enumerated() { outcomes[k] = try work.run(rows: rows, number: k + 1, of: b) }
        }
        // Integer counts, combined in subsample order.
        var counts = [[Int]](repeating: [Int](repeating: 0, count: p), count: m)
        var unionTotals = [Int](repeating: 0, count: m)
        for outcome in outcomes.map({ $0! }) {
            for l in 0..<m {
                for j in outcome.selected[l] { counts[l][j] += 1 }
                unionTotals[l] += outcome.unionSizes[l]
            }
        }
        let frequency = counts.map { row in row.map { Double($0) / Double(b) } }
        let q = unionTotals.map { Double($0) / Double(b) }
        let limit = (stability.expectedFalseSelections * 0.8 * Double(p)).squareRoot()
        var regionEnd = 1
        while regionEnd < m && q[regionEnd] <= limit { regionEnd += 1 }
        let qRegion = q[regionEnd - 1]
        let maxFreq = (0..<p).map { j in (0..<regionEnd).map { frequency[$0][j] }.max() ?? 0 }
        let selections = stability.thresholds.sorted().map { t in
            let features = (0..<p).filter { maxFreq[$0] >= t }
                .sorted { maxFreq[$0] != maxFreq[$1] ? maxFreq[$0] > maxFreq[$1] : $0 < $1 }
            return Selection(threshold: t, features: features,
                             expectedFalseBound: qRegion * qRegion / ((2 * t - 1) * Double(p)))
        }
        return StabilitySelection(lambdas: lambdas, fractions: fractions, subsamples: b, frequency: frequency,
                                  averageSelected: q, regionEnd: regionEnd, selections: selections)
    }
}

/// The features one subsample's lasso selects at each lambda, and the running union sizes.
struct SubsampleOutcome: Sendable {
    /// Per lambda, the non-zero features.
    let selected: [[Int]]
    /// Per lambda l, the number of features non-zero at some lambda among the first l + 1.
    let unionSizes: [Int]
}

/// Everything a subsample fit needs (immutable, shared by the concurrent tasks).
struct SubsampleWork: Sendable {
    let x: DesignMatrix
    let y: [Double]
    let options: ElasticNetOptions
    let family: CVFamily
    let lambdaCount: Int

    /// Fits the lasso on `rows` at the fixed lambdas.
    func run(rows: [Int], number: Int, of total: Int) throws -> SubsampleOutcome {
        do {
            let xs = try x.selectingRows(rows)
            var o = options
            if let w = options.weights { o.weights = rows.map { w[$0] } }
            if let off = options.offset { o.offset = rows.map { off[$0] } }
            let path = try family.fit(xs, rows.map { y[$0] }, o)
            var selected: [[Int]] = []
            var union = Set<Int>()
            var sizes: [Int] = []
            for l in 0..<lambdaCount {
                let s = l < path.points.count ? path.points[l].coefficients.indices : (selected.last ?? [])
                selected.append(s)
                union.formUnion(s)
                sizes.append(union.count)
            }
            return SubsampleOutcome(selected: selected, unionSizes: sizes)
        } catch let ShrinkError.invalidInput(message) {
            throw ShrinkError.invalidInput("stability subsample \(number) of \(total): \(message)")
        }
    }
}
