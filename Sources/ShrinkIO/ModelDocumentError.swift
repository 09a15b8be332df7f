/// An error reading, validating or writing a model document or another output file; the
/// description names the file.
public struct ModelDocumentError: Error, Equatable, Sendable, CustomStringConvertible {
    /// What went wrong.
    public enum Kind: String, Equatable, Sendable {
        /// The file could not be opened or read.
        case unreadable
        /// The file is not (complete) JSON.
        case notJSON
        /// The JSON is not a shrink model (its "format" is missing or different).
        case wrongFormat
        /// The model was written by a newer version of shrink (or has an invalid version).
        case unsupportedVersion
        /// The JSON is a shrink model but a field is missing, mistyped or inconsistent.
        case invalidContent
        /// A number to write is NaN or infinite, which JSON cannot hold.
        case nonFiniteValue
        /// The output file exists and overwriting was not allowed.
        case fileExists
        /// The output file could not be written.
        case unwritable
    }

    /// What went wrong.
    public let kind: Kind
    /// The file as named by the user.
    public let file: String
    /// The message, without the file name.
    public let message: String

    /// Creates an error about `file`.
    public init(_ kind: Kind, file: String, message: String) {
        self.kind = kind
        self.file = file
        self.message = message
    }

    /// `file: message`.
    public var description: String { "\(file): \(message)" }
}
