#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// A one-line progress indicator on standard error, shown only when standard error is a
/// terminal and `--quiet` is not given, and only for inputs of at least ``threshold`` bytes.
enum Progress {
    /// The smallest input, in bytes, that shows progress.
    static let threshold = 32 << 20

    /// Returns a reporter for reading `name`, or nil when progress is not shown.
    static func reading(_ name: String) -> (@Sendable (Int, Int) -> Void)? {
        guard !Output.isQuiet, isatty(2) == 1 else { return nil }
        return { done, total in
            guard total >= threshold else { return }
            if done >= total {
                emit("\r\u{1B}[K")
                return
            }
            let percent = Int(Double(done) / Double(total) * 100)
            emit("\rshrink: reading \(name): \(percent)% (\(done >> 20) of \(total >> 20) MB)")
        }
    }

    /// Writes `text` to standard error without buffering.
    private static func emit(_ text: String) {
        var bytes = Array(text.utf8)
        _ = bytes.withUnsafeMutableBytes { write(2, $0.baseAddress, $0.count) }
    }
}
