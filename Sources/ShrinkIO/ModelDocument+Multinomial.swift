import Shrink

extension ModelDocument {
    /// Creates the document of a fitted multinomial path: `classes` names the K classes in the
    /// order of the path's coefficient vectors; every point carries K intercepts and K coefficient
    /// vectors (``Point/classIntercepts``, ``Point/classCoefficients``).
    ///
    /// - Throws: ``ModelDocumentError`` (``ModelDocumentError/Kind/invalidContent``) when the names
    ///   or classes do not match the path.
    public init(multinomial fitted: MultinomialPath, features: [String], classes: [String],
                options: ElasticNetOptions) throws {
        guard features.count == fitted.featureCount, classes.count == fitted.classCount else {
            throw ModelDocumentError(.invalidContent, file: "model",
                                     message: "\(features.count) feature names and \(classes.count) classes for \(fitted.featureCount) features and \(fitted.classCount) classes")
        }
        let zeros = [Double](repeating: 0, count: features.count)
        let points = fitted.points.map { q -> Point in
            var point = Point(lambda: q.lambda, intercept: 0, coefficients: zeros, df: q.nonzeroCount,
                              devRatio: q.devianceRatio, dualityGap: nil, kktViolation: q.kktViolation)
            point.classIntercepts = q.intercepts
            point.classCoefficients = q.coefficients.map(\.dense)
            return point
        }
        self.init(family: "multinomial", alpha: fitted.alpha, features: features, standardize: options.standardize,
                  intercept: options.fitIntercept, solver: fitted.grouped ? "grouped" : "ungrouped",
                  nullDeviance: fitted.nullDeviance, stopReason: fitted.stopReason.rawValue, rows: fitted.rowCount,
                  path: points, fitSeconds: fitted.fitSeconds)
        self.classes = classes
    }

    /// Returns the K intercepts and K coefficient vectors of a multinomial model at `lambda`,
    /// interpolated linearly between the two nearest path points (the nearest end point outside).
    public func classCoefficients(at lambda: Double) -> (intercepts: [Double], coefficients: [[Double]]) {
        guard let first = path.first, let last = path.last else { return ([], []) }
        func of(_ p: Point) -> ([Double], [[Double]]) { (p.classIntercepts ?? [], p.classCoefficients ?? []) }
        if lambda >= first.lambda || path.count == 1 { return of(first) }
        if lambda <= last.lambda { return of(last) }
        var lo = 0, hi = path.count - 1
        while hi - lo > 1 {
            let mid = (lo + hi) / 2
            if path[mid].lambda >= lambda { lo = mid } else { hi = mid }
        }
        let (a0, b0) = of(path[lo]), (a1, b1) = of(path[hi])
        let width = path[lo].lambda - path[hi].lambda
        let f = width > 0 ? (lambda - path[hi].lambda) / width : 1
        let intercepts = zip(a0, a1).map { f * $0 + (1 - f) * $1 }
        let coefficients = zip(b0, b1).map { u, v in zip(u, v).map { f * $0 + (1 - f) * $1 } }
        return (intercepts, coefficients)
    }

    /// Returns the K linear predictors of every row of `x` at `lambda` (one row of K per observation).
    ///
    /// - Throws: ``ModelDocumentError`` when `x` does not have one column per feature or the model
    ///   is not multinomial.
    public func multinomialLink(_ x: DesignMatrix, lambda: Double) throws -> [[Double]] {
        let (a0, b) = classCoefficients(at: lambda)
        guard let classes, a0.count == classes.count, b.count == classes.count,
              x.columnCount == features.count, b.allSatisfy({ $0.count == features.count }) else {
            throw ModelDocumentError(.invalidContent, file: "model",
                                     message: "the data has \(x.columnCount) feature columns, the model \(features.count) (or the model has no per-class coefficients)")
        }
        let columns = (0..<classes.count).map { x.linearPredictor(intercept: a0[$0], coefficients: b[$0]) }
        return (0..<x.rowCount).map { i in columns.map { $0[i] } }
    }

    /// Writes a point's `intercept` and `coefficients` fields (each followed by a comma): numbers
    /// for single-predictor models, K numbers and K arrays for multinomial ones.
    func writeCoefficients(_ p: Point, _ j: inout JSONText) throws {
        if let a0 = p.classIntercepts, let b = p.classCoefficients {
            j.key("intercept"); try j.numbers(a0); j.raw(", ")
            j.key("coefficients"); j.raw("[")
            for (k, c) in b.enumerated() {
                if k > 0 { j.raw(", ") }
                try j.numbers(c)
            }
            j.raw("], ")
        } else {
            j.key("intercept"); try j.number(p.intercept); j.raw(", ")
            j.key("coefficients"); try j.numbers(p.coefficients); j.raw(", ")
        }
    }
}

extension ModelDocument.Point {
    /// The JSON keys of a path point (the multinomial fields reuse `intercept` and `coefficients`).
    enum CodingKeys: String, CodingKey {
        case lambda, intercept, coefficients, df, devRatio, dualityGap, kktViolation
    }

    /// Decodes a point: `intercept` a number and `coefficients` an array, or (multinomial) an
    /// array of K numbers and an array of K arrays.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        lambda = try c.decode(Double.self, forKey: .lambda)
        if let a0 = try? c.decode(Double.self, forKey: .intercept) {
            intercept = a0
            coefficients = try c.decode([Double].self, forKey: .coefficients)
        } else {
            let a0 = try c.decode([Double].self, forKey: .intercept)
            let b = try c.decode([[Double]].self, forKey: .coefficients)
            intercept = 0
            coefficients = [Double](repeating: 0, count: b.first?.count ?? 0)
            classIntercepts = a0
            classCoefficients = b
        }
        df = try c.decode(Int.self, forKey: .df)
        devRatio = try c.decode(Double.self, forKey: .devRatio)
        dualityGap = try c.decodeIfPresent(Double.self, forKey: .dualityGap)
        kktViolation = try c.decode(Double.self, forKey: .kktViolation)
    }
}
