import Shrink

extension ModelDocument {
    /// The lambdas of the path, decreasing.
    public var lambdas: [Double] { path.map(\.lambda) }

    /// Returns the intercept and coefficients at `lambda`, interpolated linearly between the two
    /// nearest path points as ``RegularizationPath/coefficients(at:)`` does; outside the path's
    /// range the nearest end point is returned (zeros for an empty path).
    public func coefficients(at lambda: Double) -> (intercept: Double, coefficients: [Double]) {
        guard let first = path.first, let last = path.last else {
            return (0, [Double](repeating: 0, count: features.count))
        }
        if lambda >= first.lambda || path.count == 1 { return (first.intercept, first.coefficients) }
        if lambda <= last.lambda { return (last.intercept, last.coefficients) }
        var lo = 0, hi = path.count - 1
        while hi - lo > 1 {
            let mid = (lo + hi) / 2
            if path[mid].lambda >= lambda { lo = mid } else { hi = mid }
        }
        let left = path[lo], right = path[hi]
        let width = left.lambda - right.lambda
        let f = width > 0 ? (lambda - right.lambda) / width : 1
        let count = min(left.coefficients.count, right.coefficients.count)
        let b = (0..<count).map { j in f * left.coefficients[j] + (1 - f) * right.coefficients[j] }
        return (f * left.intercept + (1 - f) * right.intercept, b)
    }

    /// Returns `intercept + x'b` for every row of `x` at `lambda` (interpolated).
    ///
    /// - Throws: ``ModelDocumentError`` (``ModelDocumentError/Kind/invalidContent``) when `x`
    ///   does not have one column per feature.
    public func predict(_ x: DesignMatrix, lambda: Double) throws -> [Double] {
        let (a0, b) = coefficients(at: lambda)
        guard x.columnCount == features.count, b.count == features.count else {
            throw ModelDocumentError(.invalidContent, file: "model",
                                     message: "the data has \(x.columnCount) feature columns, the model \(features.count)")
        }
        return x.linearPredictor(intercept: a0, coefficients: b)
    }
}
