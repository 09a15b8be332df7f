/// The format of a data file: delimited text or LIBSVM sparse text.
enum DataFormat: String, CaseIterable {
    /// Delimited text with a header row (RFC 4180 CSV, or semicolon or tab separated).
    case csv
    /// LIBSVM / svmlight sparse text: `label index:value ...`.
    case libsvm

    /// The file extensions read as LIBSVM by default (any other file is read as CSV).
    static let libsvmExtensions = ["svm", "libsvm", "svmlight"]

    /// Returns the format given by `--format`, else the one implied by the file's extension.
    static func of(_ path: String, given: String?) throws -> DataFormat {
        if let given {
            guard let format = DataFormat(rawValue: given.lowercased()) else {
                throw CommandFailure.usage("--format must be csv or libsvm, got \"\(given)\"")
            }
            return format
        }
        guard let dot = path.lastIndex(of: "."), !path[dot...].contains("/") else { return .csv }
        let ext = path[path.index(after: dot)...].lowercased()
        return libsvmExtensions.contains(ext) ? .libsvm : .csv
    }
}
