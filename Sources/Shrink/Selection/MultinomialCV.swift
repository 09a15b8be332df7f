#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// The outcome of cross-validating a multinomial path: the curve, the fit on all data and the folds.
public struct MultinomialCVResult: Sendable, Equatable {
    /// The measure the curve reports.
    public let measure: CVMeasure
    /// Mean error, its standard error and the chosen lambdas along the master grid.
    public let curve: CVCurve
    /// The path fitted on all data (its lambdas are the master grid).
    public let fit: MultinomialPath
    /// The folds used.
    public let folds: Folds
    /// Whether `cvsd` was computed over fold means (cv.glmnet's `grouped`).
    public let grouped: Bool
    /// The curve of every multinomial measure from the same out-of-fold predictions (``curve`` is
    /// the one of ``measure``).
    public let curves: [CVMeasure: CVCurve]

    /// The largest lambda at the minimum mean error.
    public var lambdaMin: Double { curve.lambdaMin }
    /// The largest lambda within one standard error of the minimum.
    public var lambda1se: Double { curve.lambda1se }
}

extension CrossValidation {
    /// The measures of the multinomial family; the first is the default (cv.glmnet's `cv.multnet`).
    public static let multinomialMeasures: [CVMeasure] = [.deviance, .misclassification, .mse, .mae]

    /// Cross-validates a multinomial path (``Multinomial/fit(x:y:classCount:options:grouped:offsets:)``)
    /// as cv.glmnet does for `family = "multinomial"`.
    ///
    /// Out-of-fold class probabilities at the master lambdas (fold coefficients interpolated linearly
    /// in lambda) are scored per row: deviance `-2 log p_y` with `p` clamped to `[1e-5, 1 - 1e-5]`,
    /// class (1 when the most probable class, the first on ties, is not `y`), and mse / mae summed
    /// over the classes against the one-hot response. `cvm` and `cvsd` follow ``run(x:y:options:cvOptions:)``.
    ///
    /// - Parameters:
    ///   - y: The class of every row, in `0..<classCount`.
    ///   - offsets: Optional per-class offsets (K arrays of n values): each fold is fitted with its
    ///     rows' offsets and predicts its held-out rows with theirs, as cv.glmnet.
    ///   - cvOptions: Folds, seed, measure, grouping and parallelism (its `family` and `relax` are
    ///     not used).
    /// - Throws: ``ShrinkError/invalidInput(_:)`` for invalid data, options or folds (a fold's error,
    ///   e.g. a class absent from its training rows, is prefixed with its number).
    public static func multinomial(
        x: DesignMatrix, y: [Int], classCount: Int, grouped: Bool = false,
        options: ElasticNetOptions = ElasticNetOptions(), offsets: [[Double]]? = nil,
        cvOptions: CVOptions = CVOptions()
    ) async throws -> MultinomialCVResult {
        let n = x.rowCount
        guard y.count == n else {
            throw ShrinkError.invalidInput("the response has \(y.count) values but the design has \(n) rows")
        }
        let measure = cvOptions.measure ?? multinomialMeasures[0]
        guard multinomialMeasures.contains(measure) else {
            let list = multinomialMeasures.map(\.rawValue).joined(separator: ", ")
            throw ShrinkError.invalidInput("measure \"\(measure.rawValue)\" is not available for the multinomial family (use \(list))")
        }
        let folds = try makeFolds(rows: n, cvOptions)
        let fit = try Multinomial.fit(x: x, y: y, classCount: classCount, options: options, grouped: grouped,
                                      offsets: offsets)
        let master = fit.lambdas
        var foldOptions = options
        if cvOptions.foldLambdas == .master { foldOptions.lambdas = master }
        let work = MultinomialFoldWork(x: x, y: y, classCount: classCount, grouped: grouped,
                                       options: foldOptions, offsets: offsets, folds: folds, master: master)
        let outcomes = try await runFolds(folds.count, parallel: cvOptions.parallel) { try work.run(fold: $0) }
        let weights = options.weights ?? [Double](repeating: 1, count: n)
        let statisticsGrouped = cvOptions.grouped && Double(n) / Double(folds.count) >= 3
        var curves: [CVMeasure: CVCurve] = [:]
        for m in multinomialMeasures {
            var cvm: [Double] = [], cvsd: [Double] = []
            var loss = [Double](repeating: .nan, count: n)
            for l in master.indices {
                // The pointwise loss of every row at this lambda, from its fold's probabilities.
                for outcome in outcomes {
                    for (t, i) in outcome.rows.enumerated() {
                        loss[i] = MultinomialFoldWork.loss(m, outcome.probabilities[l][t], observed: y[i])
                    }
                }
                let (mean, se) = CVStatistics.summarize(loss, weights: weights, folds: folds, grouped: statisticsGrouped)
                cvm.append(mean)
                cvsd.append(se)
            }
            curves[m] = try CVCurve(lambdas: master, cvm: cvm, cvsd: cvsd, nzero: fit.points.map(\.nonzeroCount))
        }
        return MultinomialCVResult(measure: measure, curve: curves[measure]!, fit: fit, folds: folds,
                                   grouped: statisticsGrouped, curves: curves)
    }

    /// Runs `body` for folds `1...count`, concurrently in a task group when `parallel`, and returns
    /// the results in fold order (so a parallel run equals a serial one).
    static func runFolds<T: Sendable>(
        _ count: Int, parallel: Bool, _ body: @escaping @Sendable (Int) throws -> T
    ) async throws -> [T] {
        var results = [T?](repeating: nil, count: count)
        if parallel {
            try await withThrowingTaskGroup(of: (Int, T).self) { group in
                for k in 1...count { group.addTask { (k, try body(k)) } }
                for try await (k, value) in group { results[k - 1] = value }
            }
        } else {
            for k in 1...count { results[k - 1] = try body(k) }
        }
        return results.map { $0! }
    }
}

/// One multinomial fold fit and the pointwise losses of its held-out rows.
struct MultinomialFoldWork: Sendable {
    let x: DesignMatrix
    let y: [Int]
    let classCount: Int
    let grouped: Bool
    let options: ElasticNetOptions
    /// Per-class offsets of every row (K arrays), or `nil`.
    let offsets: [[Double]]?
    let folds: Folds
    let master: [Double]

    /// The smallest and largest probabilities the deviance sees (glmnet's `prob_min`, `prob_max`).
    static let probabilityFloor = 1e-5

    /// Fits the path without fold `k`; returns its held-out rows and, per master lambda, their class
    /// probabilities.
    func run(fold k: Int) throws -> (rows: [Int], probabilities: [[[Double]]]) {
        var train: [Int] = [], test: [Int] = []
        for (i, id) in folds.ids.enumerated() {
            if id == k { test.append(i) } else { train.append(i) }
        }
        var o = options
        if let w = options.weights { o.weights = train.map { w[$0] } }
        do {
            let path = try Multinomial.fit(x: x.selectingRows(train), y: train.map { y[$0] },
                                           classCount: classCount, options: o, grouped: grouped,
                                           offsets: offsets?.map { column in train.map { column[$0] } })
            let xTest = try x.selectingRows(test)
            let testOffsets = offsets?.map { column in test.map { column[$0] } }
            return (test, try master.map { try path.probabilities(xTest, lambda: $0, offsets: testOffsets) })
        } catch let ShrinkError.invalidInput(message) {
            throw ShrinkError.invalidInput("cross-validation fold \(k) of \(folds.count): \(message)")
        }
    }

    /// The loss under `measure` of one row with class probabilities `p` and observed class `observed`.
    static func loss(_ measure: CVMeasure, _ p: [Double], observed: Int) -> Double {
        switch measure {
        case .misclassification:
            var best = 0
            for c in 1..<p.count where p[c] > p[best] { best = c }
            return best == observed ? 0 : 1
        case .mse:
            return p.indices.reduce(0) { s, c in
                let d = (c == observed ? 1 : 0) - p[c]
                return s + d * d
            }
        case .mae:
            return p.indices.reduce(0) { s, c in s + abs((c == observed ? 1 : 0) - p[c]) }
        case .deviance, .auc:
            let floor = Self.probabilityFloor
            return -2 * log(min(max(p[observed], floor), 1 - floor))
        }
    }
}
