/// A validated multinomial problem: the shared GLM preparation (weights, column statistics,
/// penalty factors) plus the class labels, per-class offsets and the multinomial penalty.
struct MultinomialProblem {
    let base: GLMProblem
    /// The class of every row, in `0..<classCount`.
    let labels: [Int]
    let classCount: Int
    /// Offsets class-major (`offset[k * n + i]`), zeros when none were given.
    let offset: [Double]
    let hasOffset: Bool
    let penalty: MultinomialPenalty

    /// Validates the inputs.
    ///
    /// - Throws: ``ShrinkError/invalidInput(_:)`` naming the offending value: fewer than 3 classes,
    ///   a label outside `0..<classCount`, a class without rows of positive weight, a single offset
    ///   column, bounds with the grouped penalty, or malformed per-class offsets.
    init(x: DesignMatrix, y: [Int], classCount: Int, options: ElasticNetOptions, grouped: Bool,
         offsets: [[Double]]?) throws {
        guard classCount >= 3 else {
            throw ShrinkError.invalidInput(
                "the multinomial family needs at least 3 classes (got \(classCount)); for 2 classes use the binomial family")
        }
        if options.offset != nil {
            throw ShrinkError.invalidInput(
                "a single offset column adds the same amount to every class and cancels in the multinomial; give one offset per class")
        }
        if grouped && (options.lowerLimits != nil || options.upperLimits != nil) {
            throw ShrinkError.invalidInput(
                "coefficient bounds are not supported with the grouped multinomial penalty; use the ungrouped penalty or drop the bounds")
        }
        let problem = try GLMProblem(x: x, responseCount: y.count, options: options)
        let n = y.count
        var classWeight = [Double](repeating: 0, count: classCount)
        for (i, c) in y.enumerated() {
            guard c >= 0 && c < classCount else {
                throw ShrinkError.invalidInput(
                    "multinomial class index \(c) in row \(i + 1) is outside 0..<\(classCount)")
            }
            classWeight[c] += problem.weights[i]
        }
        for (k, total) in classWeight.enumerated() where !(total > 0) {
            throw ShrinkError.invalidInput(
                "multinomial class \(k) has no rows with positive weight; every class must occur in the data")
        }
        var flat = [Double](repeating: 0, count: classCount * n)
        if let offsets {
            guard offsets.count == classCount else {
                throw ShrinkError.invalidInput("there are \(offsets.count) offset columns for \(classCount) classes")
            }
            for (k, column) in offsets.enumerated() {
                guard column.count == n else {
                    throw ShrinkError.invalidInput("the offsets of class \(k) have \(column.count) values for \(n) rows")
                }
                for (i, v) in column.enumerated() {
                    guard v.isFinite else {
                        throw ShrinkError.invalidInput("offset \(v) of class \(k) in row \(i + 1) is not finite")
                    }
                    flat[k * n + i] = v
                }
            }
        }
        base = problem
        labels = y
        self.classCount = classCount
        offset = flat
        hasOffset = offsets != nil
        penalty = MultinomialPenalty(base: problem.penalty, grouped: grouped, classCount: classCount)
    }

    /// The weighted share of every class.
    var classShares: [Double] {
        var share = [Double](repeating: 0, count: classCount)
        for (i, c) in labels.enumerated() { share[c] += base.weights[i] }
        return share
    }

    /// Returns the smallest lambda at which every penalized coefficient is zero, from the
    /// correlations `gradient(j, k)` with the intercepts and unpenalized features fitted: the largest
    /// `|g_jk|` (ungrouped) or `||g_j.||` (grouped) over `alpha pf_j` (alpha floored at 1e-3, as glmnet).
    func lambdaMax(gradient: (Int, Int) -> Double) -> Double {
        let a = max(base.options.alpha, 1e-3)
        var best = 0.0
        for j in base.eligible where base.penalty.factors[j] > 0 {
            var m = 0.0
            for k in 0..<classCount {
                let g = gradient(j, k)
                if penalty.grouped { m += g * g } else { m = max(m, abs(g)) }
            }
            if penalty.grouped { m = m.squareRoot() }
            best = max(best, m / (a * base.penalty.factors[j]))
        }
        return best
    }
}
