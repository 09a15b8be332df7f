/// The values that replace missing cells at predict time (the model document's `imputation`).
public struct Imputation: Codable, Equatable, Sendable {
    /// How the values were computed: `"mean"`.
    public let method: String
    /// One value per feature, aligned with the model's features.
    public let values: [Double]

    /// Creates the record.
    public init(method: String, values: [Double]) {
        self.method = method
        self.values = values
    }
}
