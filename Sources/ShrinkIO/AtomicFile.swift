#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Writes files atomically: the bytes go to a temporary file in the same directory, which is
/// then renamed over (or, without `force`, hard-linked to) the destination, so a reader never
/// sees a partial file and an existing file is never replaced unless asked.
public enum AtomicFile {
    /// Throws when `path` exists and `force` is false (a cheap check before long work).
    ///
    /// - Throws: ``ModelDocumentError`` (``ModelDocumentError/Kind/fileExists``).
    public static func checkCanCreate(_ path: String, force: Bool) throws {
        var info = stat()
        if !force && lstat(path, &info) == 0 { throw exists(path) }
    }

    /// Writes `bytes` to `path` atomically; an existing file is replaced only when `force` is true.
    ///
    /// - Throws: ``ModelDocumentError`` (``ModelDocumentError/Kind/fileExists`` or
    ///   ``ModelDocumentError/Kind/unwritable`` with the system's reason).
    public static func write(_ bytes: [UInt8], to path: String, force: Bool) throws {
        try checkCanCreate(path, force: force)
        let slash = path.lastIndex(of: "/")
        let directory = slash.map { String(path[...$0]) } ?? ""
        let base = slash.map { String(path[path.index(after: $0)...]) } ?? path
        guard !base.isEmpty else { throw failure(path, "is a directory, not a file name") }
        var template = Array((directory + "." + base + ".tmp-XXXXXX").utf8CString)
        let fd = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
        guard fd >= 0 else { throw failure(path, "cannot create a temporary file: \(systemReason(errno))") }
        let temporary = template.withUnsafeBufferPointer { String(cString: $0.baseAddress!) }
        var renamed = false
        defer { if !renamed { unlink(temporary) } }
        do {
            defer { close(fd) }
            _ = fchmod(fd, 0o644)
            guard writeAll(fd, bytes) else { throw failure(path, "cannot write: \(systemReason(errno))") }
            guard fsync(fd) == 0 else { throw failure(path, "cannot write: \(systemReason(errno))") }
        }
        if force {
            guard rename(temporary, path) == 0 else { throw failure(path, "cannot write: \(systemReason(errno))") }
            renamed = true
            return
        }
        if link(temporary, path) == 0 { return }  // `defer` removes the temporary name
        let code = errno
        if code == EEXIST { throw exists(path) }
        // The file system refuses hard links: check again and rename (a small race remains).
        try checkCanCreate(path, force: false)
        guard rename(temporary, path) == 0 else { throw failure(path, "cannot write: \(systemReason(errno))") }
        renamed = true
    }

    private static func exists(_ path: String) -> ModelDocumentError {
        ModelDocumentError(.fileExists, file: path, message: "already exists; use --force to overwrite it")
    }

    private static func failure(_ path: String, _ message: String) -> ModelDocumentError {
        ModelDocumentError(.unwritable, file: path, message: message)
    }
}

/// Writes every byte to the descriptor, retrying after interrupts; false (with `errno`) on failure.
private func writeAll(_ fd: Int32, _ bytes: [UInt8]) -> Bool {
    bytes.withUnsafeBytes { raw in
        var offset = 0
        while offset < raw.count {
            let written = write(fd, raw.baseAddress! + offset, raw.count - offset)
            if written < 0 {
                if errno == EINTR { continue }
                return false
            }
            offset += written
        }
        return true
    }
}
