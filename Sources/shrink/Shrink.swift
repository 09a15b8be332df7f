import ArgumentParser
import Foundation

/// The `shrink` command: fits elastic-net paths to CSV data and uses saved models.
@main
struct Shrink: ParsableCommand {
    /// The command's name, version and subcommands.
    static let configuration = CommandConfiguration(
        commandName: "shrink",
        abstract: "Elastic-net regularized linear models.",
        version: "shrink \(ShrinkVersion.number)",
        subcommands: [FitCommand.self, PredictCommand.self, PathCommand.self, InspectCommand.self, RidgeCommand.self, CVCommand.self, CompareCommand.self])

    /// Parses the arguments and runs the chosen subcommand; errors print one line
    /// `shrink: error: <message>` and exit 2 (usage or input errors) or 1 (anything else).
    static func main() {
        do {
            var command = try parseAsRoot()
            try command.run()
        } catch {
            handle(error)
        }
    }

    /// Reports `error` and exits: help and version requests print to standard output (status 0),
    /// errors print one line to standard error (status 2 for usage and input, 1 otherwise).
    static func handle(_ error: any Error) -> Never {
        if let failure = CommandFailure(known: error) { fail(failure.message, status: failure.status) }
        let code = exitCode(for: error)
        if code == .success {
            print(fullMessage(for: error))
            terminate(0)
        }
        if error is ExitCode { terminate(code.rawValue) }
        fail(oneLine(message(for: error)), status: code == .validationFailure ? 2 : 1)
    }

    /// Prints `shrink: error: <message>` to standard error and exits with `status`.
    static func fail(_ message: String, status: Int32) -> Never {
        FileHandle.standardError.write(Data("shrink: error: \(message)\n".utf8))
        terminate(status)
    }

    /// Joins the non-empty lines of a message with "; ".
    static func oneLine(_ text: String) -> String {
        text.split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }
            .filter { !$0.isEmpty }.joined(separator: "; ")
    }
}

/// Ends the process with `status` (outside `Shrink`, whose `exit(withError:)` shadows `exit`).
func terminate(_ status: Int32) -> Never {
    exit(status)
}
