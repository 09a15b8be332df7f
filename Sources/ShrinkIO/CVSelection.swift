/// The lambdas chosen by cross-validation, saved in a model document (`"selection"`) so that
/// `predict --s lambda.min|lambda.1se` can use them.
public struct CVSelection: Codable, Equatable, Sendable {
    /// The measure cross-validated (`"mse"`, `"mae"`, `"deviance"`, `"class"`, `"auc"`).
    public let measure: String
    /// The number of folds.
    public let folds: Int
    /// The largest lambda at the best cross-validated error.
    public let lambdaMin: Double
    /// The largest lambda within one standard error of the best.
    public let lambda1se: Double

    /// Creates a selection record.
    public init(measure: String, folds: Int, lambdaMin: Double, lambda1se: Double) {
        self.measure = measure
        self.folds = folds
        self.lambdaMin = lambdaMin
        self.lambda1se = lambda1se
    }
}

extension ModelDocument {
    /// Writes the optional `selection` field (followed by a comma and a new line) when present.
    func writeSelection(_ j: inout JSONText) throws {
        guard let s = selection else { return }
        j.key("selection"); j.raw("{")
        j.key("measure"); j.string(s.measure); j.raw(", ")
        j.key("folds"); j.raw(String(s.folds)); j.raw(", ")
        j.key("lambdaMin"); try j.number(s.lambdaMin); j.raw(", ")
        j.key("lambda1se"); try j.number(s.lambda1se); j.raw("},\n  ")
    }

    /// Returns `lambda.min` or `lambda.1se` from ``selection``.
    ///
    /// - Throws: ``ModelDocumentError`` (``ModelDocumentError/Kind/invalidContent``) naming
    ///   `source` when the model has no cross-validated selection or the name is another.
    public func selectedLambda(_ name: String, source: String) throws -> Double {
        guard name == "lambda.min" || name == "lambda.1se" else {
            throw ModelDocumentError(.invalidContent, file: source,
                                     message: "\"\(name)\" is not lambda.min or lambda.1se")
        }
        guard let selection else {
            throw ModelDocumentError(.invalidContent, file: source,
                                     message: "the model has no \(name): it was not saved by `shrink cv --output`")
        }
        let v = name == "lambda.min" ? selection.lambdaMin : selection.lambda1se
        guard v.isFinite, v >= 0 else {
            throw ModelDocumentError(.invalidContent, file: source, message: "the model's \(name) = \(v) is invalid")
        }
        return v
    }
}
