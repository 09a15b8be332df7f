#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// A fitted multinomial regularization path: one solution per lambda, in decreasing lambda order.
public struct MultinomialPath: Sendable, Equatable {
    /// The number of classes K.
    public let classCount: Int
    /// Whether the penalty is grouped across classes (glmnet's `type.multinomial = "grouped"`).
    public let grouped: Bool
    /// The elastic-net mixing parameter.
    public let alpha: Double
    /// The number of features (columns of the design).
    public let featureCount: Int
    /// The number of observations used.
    public let rowCount: Int
    /// The null deviance (intercepts and offsets only), with the weights as given.
    public let nullDeviance: Double
    /// The solutions, one per lambda, decreasing in lambda.
    public let points: [MultinomialPathPoint]
    /// Why the path ended.
    public let stopReason: PathStopReason
    /// The solver time in seconds.
    public let fitSeconds: Double

    /// Creates a path from its points (for example from a saved model).
    ///
    /// - Throws: ``ShrinkError/invalidInput(_:)`` when `points` is empty, not decreasing in lambda,
    ///   or a point has the wrong number of classes or coefficients.
    public init(
        classCount: Int, grouped: Bool, alpha: Double, featureCount: Int, rowCount: Int, nullDeviance: Double,
        points: [MultinomialPathPoint], stopReason: PathStopReason, fitSeconds: Double
    ) throws {
        guard !points.isEmpty else { throw ShrinkError.invalidInput("a path needs at least one point") }
        for (k, point) in points.enumerated() {
            guard point.intercepts.count == classCount, point.coefficients.count == classCount else {
                throw ShrinkError.invalidInput("path point \(k + 1) does not have \(classCount) classes")
            }
            for c in point.coefficients where c.count != featureCount {
                throw ShrinkError.invalidInput(
                    "path point \(k + 1) has \(c.count) coefficients for \(featureCount) features")
            }
            if k > 0, !(point.lambda < points[k - 1].lambda) {
                throw ShrinkError.invalidInput("path lambdas are not strictly decreasing at point \(k + 1)")
            }
        }
        self.classCount = classCount
        self.grouped = grouped
        self.alpha = alpha
        self.featureCount = featureCount
        self.rowCount = rowCount
        self.nullDeviance = nullDeviance
        self.points = points
        self.stopReason = stopReason
        self.fitSeconds = fitSeconds
    }

    /// The lambdas of the path, decreasing.
    public var lambdas: [Double] { points.map(\.lambda) }

    /// Returns the intercepts and coefficients (one dense vector per class) at `lambda`, interpolated
    /// linearly in lambda between the two nearest path points (glmnet's `exact = FALSE`); outside the
    /// path's range the nearest end point is returned.
    ///
    /// - Complexity: O(log m + p K) for m points.
    public func coefficients(at lambda: Double) -> (intercepts: [Double], coefficients: [[Double]]) {
        let first = points[0], last = points[points.count - 1]
        if lambda >= first.lambda || points.count == 1 { return (first.intercepts, first.coefficients.map(\.dense)) }
        if lambda <= last.lambda { return (last.intercepts, last.coefficients.map(\.dense)) }
        var lo = 0, hi = points.count - 1
        while hi - lo > 1 {
            let mid = (lo + hi) / 2
            if points[mid].lambda >= lambda { lo = mid } else { hi = mid }
        }
        let left = points[lo], right = points[hi]
        let width = left.lambda - right.lambda
        let f = width > 0 ? (lambda - right.lambda) / width : 1
        var intercepts = [Double](repeating: 0, count: classCount)
        var coefficients: [[Double]] = []
        for k in 0..<classCount {
            intercepts[k] = f * left.intercepts[k] + (1 - f) * right.intercepts[k]
            let a = left.coefficients[k].dense, c = right.coefficients[k].dense
            coefficients.append((0..<featureCount).map { f * a[$0] + (1 - f) * c[$0] })
        }
        return (intercepts, coefficients)
    }

    /// Returns the linear predictors `offset_ik + b0_k + x_i' b_k`, one row of K values per observation.
    ///
    /// - Parameter offsets: Per-class offsets (K arrays of n values), if the model was fitted with them.
    /// - Complexity: O(n p K) dense, O(nnz K) sparse.
    /// - Throws: ``ShrinkError/invalidInput(_:)`` when `x` or `offsets` do not fit the model.
    public func link(_ x: DesignMatrix, lambda: Double, offsets: [[Double]]? = nil) throws -> [[Double]] {
        guard x.columnCount == featureCount else {
            throw ShrinkError.invalidInput("the data has \(x.columnCount) feature columns but the model has \(featureCount)")
        }
        if let offsets {
            guard offsets.count == classCount, offsets.allSatisfy({ $0.count == x.rowCount }) else {
                throw ShrinkError.invalidInput("the offsets need \(classCount) columns of \(x.rowCount) values")
            }
        }
        let (a0, b) = coefficients(at: lambda)
        let columns = (0..<classCount).map { k -> [Double] in
            var eta = x.linearPredictor(intercept: a0[k], coefficients: b[k])
            if let offsets { for i in eta.indices { eta[i] += offsets[k][i] } }
            return eta
        }
        return (0..<x.rowCount).map { i in columns.map { $0[i] } }
    }

    /// Returns the class probabilities (softmax of the linear predictors), one row of K per observation.
    ///
    /// - Throws: ``ShrinkError/invalidInput(_:)`` when `x` or `offsets` do not fit the model.
    public func probabilities(_ x: DesignMatrix, lambda: Double, offsets: [[Double]]? = nil) throws -> [[Double]] {
        try link(x, lambda: lambda, offsets: offsets).map(Self.softmax)
    }

    /// Returns the most probable class (index in `0..<classCount`, the first on ties) of every row.
    ///
    /// - Throws: ``ShrinkError/invalidInput(_:)`` when `x` or `offsets` do not fit the model.
    public func classes(_ x: DesignMatrix, lambda: Double, offsets: [[Double]]? = nil) throws -> [Int] {
        try link(x, lambda: lambda, offsets: offsets).map { row in
            var best = 0
            for k in 1..<row.count where row[k] > row[best] { best = k }
            return best
        }
    }

    /// The softmax of one row of linear predictors (max-shifted: no overflow).
    static func softmax(_ eta: [Double]) -> [Double] {
        let m = eta.max() ?? 0
        var e = eta.map { exp($0 - m) }
        let s = e.reduce(0, +)
        for k in e.indices { e[k] /= s }
        return e
    }
}
