import Shrink

/// Data read from a LIBSVM / svmlight file: labels and a sparse design with features `f1...fp`.
public struct SparseDataSet: Sendable, Equatable {
    /// The file as named by the user (`<stdin>` for standard input).
    public let source: String
    /// The design, compressed by column.
    public let x: SparseMatrix
    /// The label of each row.
    public let labels: [Double]
    /// The number of entries left out because their index exceeds the requested feature count.
    public let ignoredEntries: Int
    /// The largest index left out, or 0.
    public let largestIgnoredIndex: Int

    /// Creates a data set from its parts.
    public init(source: String, x: SparseMatrix, labels: [Double], ignoredEntries: Int = 0, largestIgnoredIndex: Int = 0) {
        self.source = source
        self.x = x
        self.labels = labels
        self.ignoredEntries = ignoredEntries
        self.largestIgnoredIndex = largestIgnoredIndex
    }

    /// The feature names: `f1...fp`.
    public var featureNames: [String] { Self.featureNames(count: x.columnCount) }

    /// Returns `f1...f<count>`.
    public static func featureNames(count: Int) -> [String] { (0..<count).map { "f\($0 + 1)" } }
}
