import Foundation

extension ModelDocument {
    /// Just the fields that identify a document, decoded before anything else.
    private struct Header: Decodable {
        let format: String?
        let version: Int?
    }

    /// Reads and checks the model document at `path` (standard input for `-`).
    ///
    /// - Throws: ``ModelDocumentError`` naming the file: unreadable, not JSON (or truncated),
    ///   not a shrink model, a newer version, or inconsistent content.
    public init(contentsOf path: String) throws {
        let name = FileBytes.displayName(path)
        let bytes: [UInt8]
        do {
            bytes = try FileBytes.read(path)
        } catch let error as DataError {
            throw ModelDocumentError(.unreadable, file: name, message: error.message)
        }
        try self.init(json: bytes, source: name)
    }

    /// Decodes and checks a model document; `source` names it in error messages.
    ///
    /// - Throws: ``ModelDocumentError`` as ``init(contentsOf:)``.
    public init(json bytes: [UInt8], source: String) throws {
        func fail(_ kind: ModelDocumentError.Kind, _ message: String) -> ModelDocumentError {
            ModelDocumentError(kind, file: source, message: message)
        }
        let data = Data(bytes)
        let decoder = JSONDecoder()
        let header: Header
        do {
            header = try decoder.decode(Header.self, from: data)
        } catch let DecodingError.typeMismatch(_, context) {
            throw fail(.wrongFormat, context.codingPath.isEmpty ? "not a shrink model: the JSON is not an object"
                : "not a shrink model: field \"\(Self.fieldPath(context.codingPath))\" has the wrong type")
        } catch let DecodingError.dataCorrupted(context) where !context.codingPath.isEmpty {
            throw fail(.wrongFormat, "not a shrink model: field \"\(Self.fieldPath(context.codingPath))\" is invalid")
        } catch {
            throw fail(.notJSON, bytes.isEmpty ? "the file is empty; expected a shrink model (JSON)"
                : "not valid JSON (truncated or not a shrink model file)")
        }
        guard header.format == Self.formatName else {
            let found = header.format.map { "\"format\" is \(quoted($0))" } ?? "it has no \"format\" field"
            throw fail(.wrongFormat, "not a shrink model: \(found), expected \"\(Self.formatName)\"")
        }
        guard let version = header.version else { throw fail(.unsupportedVersion, "the model has no \"version\" field") }
        guard version <= Self.currentVersion else {
            throw fail(.unsupportedVersion,
                       "the model has version \(version), newer than this shrink reads (\(Self.currentVersion)); upgrade shrink")
        }
        guard version >= 1 else { throw fail(.unsupportedVersion, "the model has invalid version \(version)") }
        do {
            self = try decoder.decode(ModelDocument.self, from: data)
        } catch let DecodingError.keyNotFound(key, context) {
            throw fail(.invalidContent, "missing field \"\(Self.fieldPath(context.codingPath + [key]))\"")
        } catch let DecodingError.typeMismatch(_, context) {
            throw fail(.invalidContent, "field \"\(Self.fieldPath(context.codingPath))\" has the wrong type")
        } catch let DecodingError.valueNotFound(_, context) {
            throw fail(.invalidContent, "field \"\(Self.fieldPath(context.codingPath))\" is null")
        } catch {
            throw fail(.invalidContent, "the model cannot be read: \(error.localizedDescription)")
        }
        if let problem = consistencyProblem() { throw fail(.invalidContent, problem) }
    }

    /// Returns a description of the first inconsistency (sizes, order, non-finite values), if any.
    func consistencyProblem() -> String? {
        if features.isEmpty { return "the model has no features" }
        if Set(features).count != features.count { return "the feature names are not unique" }
        if path.isEmpty { return "the path has no points" }
        if !(alpha >= 0 && alpha <= 1) { return "alpha = \(alpha) is outside [0, 1]" }
        for (k, p) in path.enumerated() {
            let at = "path point \(k + 1)"
            if p.coefficients.count != features.count {
                return "\(at) has \(p.coefficients.count) coefficients for \(features.count) features"
            }
            if !(p.lambda >= 0 && p.lambda.isFinite) { return "\(at) has invalid lambda \(p.lambda)" }
            if k > 0 && p.lambda > path[k - 1].lambda { return "the lambdas of the path are not decreasing (point \(k + 1))" }
            if !p.intercept.isFinite || !p.coefficients.allSatisfy(\.isFinite) { return "\(at) has non-finite coefficients" }
        }
        return metadataProblem()
    }

    /// Returns a description of the first inconsistency of the optional fields, if any.
    func metadataProblem() -> String? {
        if let encoding {
            var names: [String] = []
            for (k, e) in encoding.enumerated() {
                let at = "encoding[\(k)] (column \(quoted(e.column)))"
                switch e.type {
                case EncodedColumn.numeric:
                    if e.levels != nil { return "\(at) is numeric but has levels" }
                case EncodedColumn.categorical:
                    guard let levels = e.levels, !levels.isEmpty else { return "\(at) is categorical but has no levels" }
                    if Set(levels).count != levels.count { return "\(at) has a level twice" }
                default:
                    return "\(at) has unknown type \(quoted(e.type)) (expected \"numeric\" or \"categorical\")"
                }
                names += e.featureNames
            }
            if Set(encoding.map(\.column)).count != encoding.count { return "the encoding names a column twice" }
            if names != features { return "the encoding does not produce the model's features" }
        }
        if let imputation {
            if imputation.values.count != features.count {
                return "the imputation has \(imputation.values.count) values for \(features.count) features"
            }
            if !imputation.values.allSatisfy(\.isFinite) { return "the imputation has non-finite values" }
        }
        if let standardization, standardization.means.count != features.count || standardization.scales.count != features.count {
            return "the standardization does not have one mean and one scale per feature"
        }
        return nil
    }

    /// Formats a coding path as `path[3].lambda`.
    private static func fieldPath(_ keys: [any CodingKey]) -> String {
        var s = ""
        for key in keys {
            if let index = key.intValue { s += "[\(index)]" } else { s += (s.isEmpty ? "" : ".") + key.stringValue }
        }
        return s
    }
}
