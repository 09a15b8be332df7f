/// How one column of the data becomes features: as itself (numeric) or one-hot (categorical).
///
/// Stored in the model document's `encoding` list so that `predict` builds the same features
/// from new data. A categorical column with levels `[l1, ..., lk]` (sorted by UTF-8 bytes)
/// becomes the k features `column=l1`, ..., `column=lk` (one per level, none dropped, as in
/// glmnet's `makeX`); a row is 1 in the feature of its level and 0 in the others.
public struct EncodedColumn: Codable, Equatable, Sendable {
    /// The column's name in the data.
    public let column: String
    /// `"numeric"` or `"categorical"`.
    public let type: String
    /// The levels of a categorical column, in feature order; `nil` for numeric columns.
    public let levels: [String]?

    /// The `type` of a numeric column.
    public static let numeric = "numeric"
    /// The `type` of a one-hot encoded column.
    public static let categorical = "categorical"

    /// A numeric column.
    public init(numeric column: String) {
        self.column = column
        type = Self.numeric
        levels = nil
    }

    /// A one-hot encoded column with these levels (in feature order).
    public init(categorical column: String, levels: [String]) {
        self.column = column
        type = Self.categorical
        self.levels = levels
    }

    /// Whether the column is one-hot encoded.
    public var isCategorical: Bool { type == Self.categorical }

    /// The names of the features this column becomes.
    public var featureNames: [String] {
        guard let levels else { return [column] }
        return levels.map { Self.featureName(column: column, level: $0) }
    }

    /// The name of the feature of one level: `column=level`.
    public static func featureName(column: String, level: String) -> String { column + "=" + level }
}
