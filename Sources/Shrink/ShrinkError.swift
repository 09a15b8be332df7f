/// An error raised by Shrink for input it cannot fit.
public enum ShrinkError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The data or options are invalid; the message names the offending value.
    case invalidInput(String)

    /// A one-line, human-readable description of the error.
    public var description: String {
        switch self {
        case .invalidInput(let message): message
        }
    }
}
