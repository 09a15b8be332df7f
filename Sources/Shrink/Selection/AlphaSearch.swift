/// Cross-validation over a grid of elastic-net mixing parameters with shared folds.
public enum AlphaSearch {
    /// One row of the search table: an (alpha, lambda) pair and its cross-validated error.
    public struct Row: Sendable, Equatable {
        /// The mixing parameter.
        public let alpha: Double
        /// The lambda.
        public let lambda: Double
        /// The mean cross-validated error.
        public let cvm: Double
        /// Its standard error.
        public let cvsd: Double
        /// The non-zero count of the full-data fit.
        public let nzero: Int
    }

    /// The result of an alpha search.
    public struct Result: Sendable, Equatable {
        /// The alphas, in the order given.
        public let alphas: [Double]
        /// One cross-validation per alpha, all on the same folds.
        public let results: [CVResult]
        /// The index (into ``alphas``) of the best alpha: the smallest error at its lambda.min
        /// (largest for AUC); ties go to the larger lambda, then to the earlier alpha.
        public let bestAlphaIndex: Int

        /// The best alpha.
        public var bestAlpha: Double { alphas[bestAlphaIndex] }
        /// The cross-validation of the best alpha (its lambda.min is the best lambda).
        public var best: CVResult { results[bestAlphaIndex] }
        /// Every (alpha, lambda) pair with its error, alpha by alpha, lambdas decreasing.
        public var table: [Row] {
            zip(alphas, results).flatMap { alpha, r in
                r.curve.lambdas.indices.map { l in
                    Row(alpha: alpha, lambda: r.curve.lambdas[l], cvm: r.curve.cvm[l], cvsd: r.curve.cvsd[l],
                        nzero: r.curve.nzero[l])
                }
            }
        }
    }

    /// Cross-validates `options` at each alpha of `alphas` (each with its own lambda grid unless
    /// `options.lambdas` is given); the folds are drawn once from `cvOptions` and shared.
    ///
    /// - Throws: ``ShrinkError/invalidInput(_:)`` for an empty grid, an alpha outside [0, 1], or
    ///   anything ``CrossValidation/run(x:y:options:cvOptions:)`` rejects.
    public static func run(x: DesignMatrix, y: [Double], alphas: [Double],
                           options: ElasticNetOptions = ElasticNetOptions(),
                           cvOptions: CVOptions = CVOptions()) async throws -> Result {
        guard !alphas.isEmpty else { throw ShrinkError.invalidInput("the alpha grid is empty") }
        for a in alphas where !(a >= 0 && a <= 1) {
            throw ShrinkError.invalidInput("alpha = \(a) in the alpha grid is outside [0, 1]")
        }
        var shared = cvOptions
        shared.foldIDs = try CrossValidation.makeFolds(rows: x.rowCount, cvOptions).ids
        let gram = CrossValidation.sharedGram(x: x, options: options, family: cvOptions.family)
        var results: [CVResult] = []
        for alpha in alphas {
            var o = options
            o.alpha = alpha
            results.append(try await CrossValidation.run(x: x, y: y, options: o, cvOptions: shared, gram: gram))
        }
        let sign = results[0].measure.largerIsBetter ? -1.0 : 1.0
        var best = 0
        for a in results.indices.dropFirst() {
            let v = sign * results[a].curve.cvm[results[a].curve.indexMin]
            let b = sign * results[best].curve.cvm[results[best].curve.indexMin]
            if v < b || (v == b && results[a].lambdaMin > results[best].lambdaMin) { best = a }
        }
        return Result(alphas: alphas, results: results, bestAlphaIndex: best)
    }
}
