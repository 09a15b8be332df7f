import Foundation
import ShrinkIO

/// Writes command output to standard output or, atomically, to a file.
enum Output {
    /// Whether warnings and progress are suppressed (`--quiet`).
    nonisolated(unsafe) static var isQuiet = false

    /// Writes `text` to standard output.
    static func standard(_ text: String) {
        FileHandle.standardOutput.write(Data(text.utf8))
    }

    /// Writes `text` to `path` (atomically, refusing to replace a file unless `force`), or to
    /// standard output when `path` is nil or `-`.
    static func write(_ text: String, to path: String?, force: Bool) throws {
        guard let path, path != "-" else { return standard(text) }
        try AtomicFile.write(Array(text.utf8), to: path, force: force)
    }

    /// Throws when `path` names an existing file and `force` is false, before any long work.
    static func checkCanCreate(_ path: String?, force: Bool) throws {
        guard let path, path != "-" else { return }
        try AtomicFile.checkCanCreate(path, force: force)
    }

    /// Returns the command line as typed, with `shrink` as the program name and shell quoting.
    static func commandLine() -> String {
        (["shrink"] + CommandLine.arguments.dropFirst().map(shellQuoted)).joined(separator: " ")
    }

    /// Returns `word` single-quoted when it holds characters a shell would interpret.
    private static func shellQuoted(_ word: String) -> String {
        let plain = Set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_.,/=:+@%#")
        if !word.isEmpty && word.allSatisfy({ plain.contains($0) }) { return word }
        return "'" + word.replacingOccurrences(of: "'", with: "'\\''") + "'"
    }
}

extension Output {
    /// Prints `shrink: warning: <message>` to standard error, unless `--quiet` was given.
    static func warn(_ message: String) {
        if isQuiet { return }
        FileHandle.standardError.write(Data("shrink: warning: \(message)\n".utf8))
    }
}
