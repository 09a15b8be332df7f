#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Reads whole files (or standard input) as bytes with `fopen` + `fread`.
enum FileBytes {
    /// Returns the display name of `path`: `<stdin>` for `-`, else the path as given.
    static func displayName(_ path: String) -> String { path == "-" ? "<stdin>" : path }

    /// Returns the bytes of the file at `path` (standard input for `-`).
    ///
    /// - Throws: ``DataError`` (``DataError/Kind/unreadable``) with the system's reason.
    static func read(_ path: String) throws -> [UInt8] {
        let name = displayName(path)
        // Standard input is read through a duplicate descriptor so that closing it leaves fd 0 open.
        let opened = path == "-" ? fdopen(dup(0), "rb") : fopen(path, "rb")
        guard let file = opened else {
            throw DataError(.unreadable, file: name, message: "cannot open: \(systemReason(errno))")
        }
        defer { fclose(file) }
        var bytes: [UInt8] = []
        var info = stat()
        if fstat(fileno(file), &info) == 0, (info.st_mode & S_IFMT) == S_IFDIR {
            throw DataError(.unreadable, file: name, message: "is a directory, not a file")
        }
        if info.st_size > 0 { bytes.reserveCapacity(Int(info.st_size) + 1) }
        let chunk = 1 << 20
        var buffer = [UInt8](repeating: 0, count: chunk)
        while true {
            let got = buffer.withUnsafeMutableBytes { fread($0.baseAddress, 1, chunk, file) }
            if got > 0 { bytes.append(contentsOf: buffer[0..<got]) }
            if got < chunk {
                if ferror(file) != 0 {
                    throw DataError(.unreadable, file: name, message: "cannot read: \(systemReason(errno))")
                }
                break
            }
        }
        return bytes
    }
}

/// Returns the C library's description of an `errno` value.
func systemReason(_ code: Int32) -> String {
    guard let text = strerror(code) else { return "error \(code)" }
    return String(cString: text).lowercased()
}
