#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Gives readers the bytes of a file (or standard input).
///
/// A regular file is memory-mapped and read forward once; pages already parsed are handed back
/// to the system as the reader reports progress, so a big file costs little resident memory.
/// Standard input, pipes and other streams are read whole into memory.
enum FileBytes {
    /// Returns the display name of `path`: `<stdin>` for `-`, else the path as given.
    static func displayName(_ path: String) -> String { path == "-" ? "<stdin>" : path }

    /// Calls `body` with the bytes of the file at `path` (standard input for `-`) and a function
    /// `release(offset)` that says the bytes before `offset` will not be read again (except to
    /// locate an error).
    ///
    /// - Throws: ``DataError`` (``DataError/Kind/unreadable``) with the system's reason, or
    ///   what `body` throws.
    static func withBytes<R>(_ path: String,
                             _ body: (UnsafeBufferPointer<UInt8>, _ release: (Int) -> Void) throws -> R) throws -> R {
        let name = displayName(path)
        if path != "-" {
            let fd = open(path, O_RDONLY)
            guard fd >= 0 else {
                throw DataError(.unreadable, file: name, message: "cannot open: \(systemReason(errno))")
            }
            defer { close(fd) }
            var info = stat()
            guard fstat(fd, &info) == 0 else {
                throw DataError(.unreadable, file: name, message: "cannot read: \(systemReason(errno))")
            }
            if (info.st_mode & S_IFMT) == S_IFDIR {
                throw DataError(.unreadable, file: name, message: "is a directory, not a file")
            }
            if (info.st_mode & S_IFMT) == S_IFREG && info.st_size > 0 {
                let size = Int(info.st_size)
                if let map = mmap(nil, size, PROT_READ, MAP_PRIVATE, fd, 0), map != MAP_FAILED {
                    defer { munmap(map, size) }
                    _ = madvise(map, size, MADV_SEQUENTIAL)
                    let page = max(4096, Int(sysconf(Int32(_SC_PAGESIZE))))
                    var released = 0
                    let release: (Int) -> Void = { offset in
                        let end = (min(offset, size) / page) * page
                        guard end > released else { return }
                        _ = madvise(map + released, end - released, MADV_DONTNEED)
                        released = end
                    }
                    let bytes = UnsafeBufferPointer(start: map.assumingMemoryBound(to: UInt8.self), count: size)
                    return try body(bytes, release)
                }
            }
        }
        let bytes = try read(path)
        return try bytes.withUnsafeBufferPointer { try body($0, { _ in }) }
    }

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
