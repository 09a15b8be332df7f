/// The lambda sequence of a path: glmnet's log-spaced grid or a user-given list.
enum LambdaGrid {
    /// Returns `count` values from `lambdaMax` down to `lambdaMax * minRatio`, equally spaced in log scale.
    static func automatic(lambdaMax: Double, count: Int, minRatio: Double) -> [Double] {
        if count == 1 { return [lambdaMax] }
        let step = mathLog(minRatio) / Double(count - 1)
        return (0..<count).map { k in k == 0 ? lambdaMax : lambdaMax * mathExp(step * Double(k)) }
    }

    /// Returns the default lambda_min_ratio: 1e-4 when n > p, otherwise 1e-2.
    static func defaultMinRatio(rows: Int, features: Int) -> Double {
        rows > features ? 1e-4 : 1e-2
    }
}
