import Shrink
import ShrinkIO

/// Returns the lambda to predict at: `--s` (lambda.min or lambda.1se saved by `shrink cv`, or a
/// number), else `--lambda`, else the last lambda of the path.
///
/// - Throws: ``CommandFailure`` (usage) for both options or an invalid value, ``ModelDocumentError``
///   when the model has no cross-validated selection.
func chosenLambda(_ given: Double?, s: String?, in document: ModelDocument, source: String) throws -> Double {
    guard let s else { return try chosenLambda(given, in: document) }
    guard given == nil else { throw CommandFailure.usage("give --lambda or --s, not both") }
    if s == "lambda.min" || s == "lambda.1se" { return try document.selectedLambda(s, source: source) }
    guard let v = Double(s), v.isFinite, v >= 0 else {
        throw CommandFailure.usage("--s must be lambda.min, lambda.1se or a finite non-negative number, got \"\(s)\"")
    }
    return v
}
