import ArgumentParser
import Shrink
import ShrinkIO

/// An error raised by a subcommand, or the classification of this package's errors into a message and an
/// exit status: 2 for usage and input errors, 1 for anything else.
struct CommandFailure: Error {
    /// Whether the error is the user's (usage or input) or an internal or system failure.
    enum Kind {
        /// Bad arguments or bad input data: exit status 2.
        case usage
        /// Anything else (e.g. a file cannot be written): exit status 1.
        case failure
    }

    /// The kind of error.
    let kind: Kind
    /// The one-line message.
    let message: String

    /// The process exit status.
    var status: Int32 {
        switch kind {
        case .usage: 2
        case .failure: 1
        }
    }

    /// A usage or input error.
    static func usage(_ message: String) -> CommandFailure { CommandFailure(kind: .usage, message: message) }

    /// Creates an error of the given kind.
    init(kind: Kind, message: String) {
        self.kind = kind
        self.message = message
    }

    /// Classifies the errors of this package (nil for others, such as the argument parser's).
    init?(known error: any Error) {
        switch error {
        case let e as CommandFailure:
            self = e
        case let e as DataError:
            self.init(kind: .usage, message: e.description)
        case let e as ModelDocumentError:
            switch e.kind {
            case .unwritable, .nonFiniteValue: self.init(kind: .failure, message: e.description)
            default: self.init(kind: .usage, message: e.description)
            }
        case let e as ShrinkError:
            self.init(kind: .usage, message: e.description)
        default:
            return nil
        }
    }
}
