import Shrink

/// The arrays a fit needs, taken from a ``DataTable``: the design, the response, the feature
/// names and optional observation weights.
public struct ModelData: Sendable, Equatable {
    /// The design: one column per feature, in file order.
    public let x: DenseMatrix
    /// The response (the target column).
    public let y: [Double]
    /// The feature names, aligned with the columns of ``x``.
    public let featureNames: [String]
    /// The observation weights, when a weights column was chosen.
    public let weights: [Double]?
    /// The name of the target column.
    public let targetName: String
    /// The name of the weights column, if any.
    public let weightsName: String?

    /// Takes the target, the optional weights and, as features, every other column not excluded.
    ///
    /// Columns are referenced by name, or by 1-based index (`#3` or `3`) when no column has that
    /// name. Only the columns used must be numeric.
    ///
    /// - Throws: ``DataError`` for an unknown column (listing the available names), conflicting
    ///   choices (the weights column is the target, a column excluded twice or also chosen as
    ///   target or weights), no remaining feature, or a non-numeric cell in a used column.
    public init(table: DataTable, target: String, weights: String? = nil, excluding excluded: [String] = []) throws {
        func conflict(_ message: String) -> DataError {
            DataError(.invalidSelection, file: table.source, message: message)
        }
        let t = try table.resolveColumn(target, role: "target")
        let targetName = table.columnNames[t]
        var w: Int? = nil
        if let weights {
            let j = try table.resolveColumn(weights, role: "weights")
            if j == t { throw conflict("the weights column \(quoted(targetName)) is also the target column") }
            w = j
        }
        var dropped = Set<Int>()
        for name in excluded {
            let j = try table.resolveColumn(name, role: "excluded")
            let column = quoted(table.columnNames[j])
            if j == t { throw conflict("column \(column) is the target; it cannot also be excluded") }
            if j == w { throw conflict("column \(column) is the weights column; it cannot also be excluded") }
            if !dropped.insert(j).inserted { throw conflict("column \(column) is excluded twice") }
        }
        let features = (0..<table.columnCount).filter { $0 != t && $0 != w && !dropped.contains($0) }
        guard !features.isEmpty else {
            throw conflict("no feature columns remain after taking the target\(w == nil ? "" : ", the weights") and the excluded columns")
        }
        self.y = try table.numericColumn(t)
        self.weights = try w.map { try table.numericColumn($0) }
        self.x = try table.matrix(indices: features)
        self.featureNames = features.map { table.columnNames[$0] }
        self.targetName = targetName
        self.weightsName = w.map { table.columnNames[$0] }
    }
}
