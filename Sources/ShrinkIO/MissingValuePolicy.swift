/// What to do with missing cells (empty, `NA`, `N/A`, `NaN`, `null`) in the columns used.
public enum MissingValuePolicy: String, Sendable, Equatable, CaseIterable {
    /// Refuse the data, naming the first missing cell.
    case error
    /// Drop the rows with a missing cell in any column used (target, weights or feature).
    case drop
    /// Replace a missing feature cell by the feature's mean over the rows where it is present
    /// (for a one-hot column: each level's frequency); the means are saved in the model.
    case mean
}

/// What `predict` does with a level of a categorical column that the model has not seen.
public enum UnseenLevelPolicy: String, Sendable, Equatable, CaseIterable {
    /// Refuse the data, naming the cell.
    case error
    /// Encode the row as 0 in every feature of the column.
    case zero
}
