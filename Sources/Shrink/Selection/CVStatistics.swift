/// cv.glmnet's `cvcompute` / `cvstats`: the mean error and its standard error per lambda from the
/// out-of-fold predictions.
struct CVStatistics {
    let y: [Double]
    /// The weights as given (not normalized).
    let weights: [Double]
    let folds: Folds
    let family: CVFamily
    let measure: CVMeasure
    let grouped: Bool

    /// Returns `cvm` and `cvsd` for the linear predictors `eta` (one array of n per lambda).
    ///
    /// - Complexity: O(L n) (O(L n log n) for AUC).
    func compute(_ eta: [[Double]]) -> (cvm: [Double], cvsd: [Double]) {
        let n = y.count, k = folds.count
        var foldWeight = [Double](repeating: 0, count: k)
        for i in 0..<n { foldWeight[folds.ids[i] - 1] += weights[i] }
        var cvm: [Double] = [], cvsd: [Double] = []
        cvm.reserveCapacity(eta.count)
        cvsd.reserveCapacity(eta.count)
        for column in eta {
            if measure == .auc {
                // One AUC per fold, weighted by the fold's total weight (cv.lognet).
                var values: [Double] = []
                for f in 1...k {
                    let rows = folds.ids.indices.filter { folds.ids[$0] == f }
                    values.append(CVMeasure.auc(y: rows.map { y[$0] }, score: rows.map { column[$0] },
                                                weights: rows.map { weights[$0] }))
                }
                let (m, s) = Self.meanAndSE(values, weights: foldWeight, count: k)
                cvm.append(m)
                cvsd.append(s)
                continue
            }
            let loss = (0..<n).map { family.loss(measure, y[$0], column[$0]) }
            let (m, s) = Self.summarize(loss, weights: weights, folds: folds, grouped: grouped)
            cvm.append(m)
            cvsd.append(s)
        }
        return (cvm, cvsd)
    }

    /// `cvm` and `cvsd` at one lambda from the pointwise losses of every row: over fold means
    /// (weighted by fold weight, `K - 1` degrees of freedom) when `grouped`, else over rows.
    ///
    /// - Complexity: O(n).
    static func summarize(_ loss: [Double], weights: [Double], folds: Folds, grouped: Bool) -> (Double, Double) {
        let n = loss.count
        guard grouped else { return meanAndSE(loss, weights: weights, count: n) }
        let k = folds.count
        var sums = [Double](repeating: 0, count: k), foldWeight = sums
        for i in 0..<n {
            sums[folds.ids[i] - 1] += weights[i] * loss[i]
            foldWeight[folds.ids[i] - 1] += weights[i]
        }
        let means = (0..<k).map { sums[$0] / foldWeight[$0] }
        return meanAndSE(means, weights: foldWeight, count: k)
    }

    /// The weighted mean of `values` and `sqrt(weighted mean of squared deviations / (count - 1))`;
    /// NaN values are skipped (R's `na.rm = TRUE`).
    static func meanAndSE(_ values: [Double], weights: [Double], count: Int) -> (Double, Double) {
        var s = 0.0, w = 0.0
        for (v, u) in zip(values, weights) where !v.isNaN {
            s += u * v
            w += u
        }
        let mean = s / w
        var d = 0.0
        for (v, u) in zip(values, weights) where !v.isNaN {
            d += u * (v - mean) * (v - mean)
        }
        return (mean, (d / w / Double(count - 1)).squareRoot())
    }
}
