/// The version of the `shrink` tool, printed by `--version` and saved in model documents.
enum ShrinkVersion {
    /// The version number.
    static let number = "0.1.0"
}
