#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Where, when and by what a model was fitted (the model document's `training` object).
public struct TrainingInfo: Codable, Equatable, Sendable {
    /// The data file as named on the command line (`<stdin>` for standard input).
    public let data: String
    /// The data format: `"csv"` or `"libsvm"`.
    public let format: String
    /// The target column (`"label"` for LIBSVM data).
    public let target: String
    /// The weights column, if any.
    public let weights: String?
    /// The rows fitted.
    public let rows: Int
    /// The rows dropped for missing values.
    public let droppedRows: Int
    /// The time of the fit, ISO 8601 in UTC (`2025-01-31T12:00:00Z`).
    public let date: String
    /// The version of shrink that fitted the model.
    public let shrinkVersion: String

    /// Creates the record.
    public init(data: String, format: String, target: String, weights: String?, rows: Int, droppedRows: Int,
                date: String, shrinkVersion: String) {
        self.data = data
        self.format = format
        self.target = target
        self.weights = weights
        self.rows = rows
        self.droppedRows = droppedRows
        self.date = date
        self.shrinkVersion = shrinkVersion
    }

    /// Returns the current time as ISO 8601 in UTC, or the time in the environment variable
    /// `SOURCE_DATE_EPOCH` (seconds since 1970) when set, so that runs can be made reproducible.
    public static func now() -> String {
        var seconds = time(nil)
        if let raw = getenv("SOURCE_DATE_EPOCH"), let fixed = Int(String(cString: raw)) { seconds = time_t(fixed) }
        return iso8601(seconds)
    }

    /// Formats seconds since 1970 as ISO 8601 in UTC.
    public static func iso8601(_ seconds: time_t) -> String {
        var t = seconds
        var parts = tm()
        guard gmtime_r(&t, &parts) != nil else { return "1970-01-01T00:00:00Z" }
        func two(_ v: Int32) -> String { v < 10 ? "0\(v)" : "\(v)" }
        return "\(parts.tm_year + 1900)-\(two(parts.tm_mon + 1))-\(two(parts.tm_mday))T"
            + "\(two(parts.tm_hour)):\(two(parts.tm_min)):\(two(parts.tm_sec))Z"
    }
}
