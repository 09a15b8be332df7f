/// The cells of a column that holds text: each row's level as a code into ``levels``.
///
/// A column becomes a text column at its first cell that is neither a number nor a missing-value
/// marker. Numeric cells of a text column become levels too, written canonically (see
/// ``canonicalText(_:)``), so `1`, `1.0` and `01` are one level, at fit and at predict time alike.
public struct TextColumn: Sendable, Equatable {
    /// The distinct levels, in order of first appearance.
    public private(set) var levels: [String]
    /// The level code of each row (an index into ``levels``), or -1 for a missing cell.
    public private(set) var codes: [Int32]
    /// The code of each level.
    private var lookup: [String: Int32]

    /// Creates an empty column.
    public init() {
        levels = []
        codes = []
        lookup = [:]
    }

    /// Creates the column of `values`, where `nil` is a missing cell.
    public init(_ values: [String?]) {
        self.init()
        for v in values {
            if let v { append(v) } else { appendMissing() }
        }
    }

    /// The number of rows.
    public var count: Int { codes.count }

    /// Appends a row holding `level`.
    public mutating func append(_ level: String) {
        if let code = lookup[level] {
            codes.append(code)
            return
        }
        let code = Int32(levels.count)
        levels.append(level)
        lookup[level] = code
        codes.append(code)
    }

    /// Appends a missing row.
    public mutating func appendMissing() { codes.append(-1) }

    /// Removes the rows from `count` on.
    mutating func truncate(to count: Int) {
        if codes.count > count { codes.removeLast(codes.count - count) }
    }

    /// Returns the level of row `i`, or nil when it is missing.
    public func level(at i: Int) -> String? {
        let c = codes[i]
        return c < 0 ? nil : levels[Int(c)]
    }

    /// Returns the levels sorted by their UTF-8 bytes (the order of one-hot features).
    public var sortedLevels: [String] {
        levels.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
    }

    /// Returns the canonical text of a number read in a text column: an integer without a
    /// decimal point when the value is integral and below 2^53 in magnitude (`-0` gives `0`),
    /// else the shortest text that reads back as the same double (`0.5`, `1e+20`), or `Inf`
    /// and `-Inf`.
    public static func canonicalText(_ value: Double) -> String {
        if value.isInfinite { return value < 0 ? "-Inf" : "Inf" }
        if value == value.rounded(), abs(value) < 9_007_199_254_740_992 { return String(Int64(value)) }
        return value.description
    }
}
