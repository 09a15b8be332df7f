/// Rejects bytes that are not UTF-8 text: NUL bytes, UTF-16 byte order marks, invalid sequences.
enum TextEncodingCheck {
    /// Throws ``DataError`` when the bytes start with a UTF-16 byte order mark.
    static func rejectUTF16(_ bytes: UnsafeBufferPointer<UInt8>, file: String) throws {
        if bytes.count >= 2, (bytes[0] == 0xFF && bytes[1] == 0xFE) || (bytes[0] == 0xFE && bytes[1] == 0xFF) {
            throw DataError(.binaryData, file: file, line: 1,
                            message: "the file looks like UTF-16 text; save it as UTF-8")
        }
    }

    /// Throws ``DataError`` locating (by line) the first byte that is not valid UTF-8 text.
    static func validate(_ bytes: UnsafeBufferPointer<UInt8>, file: String) throws {
        try rejectUTF16(bytes, file: file)
        _ = try validate(bytes, from: 0, count: bytes.count, file: file)
    }

    /// Checks the bytes from `start` on, at least `count` of them (the last multi-byte sequence
    /// is finished), and returns the offset where the check stopped.
    ///
    /// - Throws: ``DataError`` locating (by line) the first byte that is not valid UTF-8 text.
    static func validate(_ bytes: UnsafeBufferPointer<UInt8>, from start: Int, count: Int, file: String) throws -> Int {
        var i = start
        let n = bytes.count
        let end = min(n, start + count)
        let base = UnsafeRawPointer(bytes.baseAddress)
        while i < end {
            if let base, i + 8 <= n {  // fast path: 8 ASCII bytes, none of them NUL
                let w = base.loadUnaligned(fromByteOffset: i, as: UInt64.self)
                let high: UInt64 = 0x8080_8080_8080_8080
                if w & high == 0 && (w &- 0x0101_0101_0101_0101) & ~w & high == 0 {
                    i += 8
                    continue
                }
            }
            let b = bytes[i]
            if b < 0x80 {
                if b == 0 {
                    throw DataError(.binaryData, file: file, line: line(of: i, in: bytes),
                                    message: "the file contains NUL bytes; it looks like a binary file, not text")
                }
                i += 1
                continue
            }
            let length = sequenceLength(bytes, at: i)
            if length == 0 {
                let hex = String(b, radix: 16, uppercase: true)
                throw DataError(.invalidUTF8, file: file, line: line(of: i, in: bytes),
                                message: "invalid UTF-8 (byte 0x\(hex)); the file must be UTF-8 text")
            }
            i += length
        }
        return min(i, n)
    }

    /// Returns the 1-based line of byte `offset` (LF, CRLF and CR end lines).
    private static func line(of offset: Int, in bytes: UnsafeBufferPointer<UInt8>) -> Int {
        var line = 1
        for k in 0..<offset where bytes[k] == 0x0A || (bytes[k] == 0x0D && (k + 1 == bytes.count || bytes[k + 1] != 0x0A)) { line += 1 }
        return line
    }

    /// Returns the length of the valid UTF-8 sequence starting at `i` (a non-ASCII lead byte),
    /// or 0 when it is invalid (bad lead, truncated, overlong, surrogate or beyond U+10FFFF).
    private static func sequenceLength(_ s: UnsafeBufferPointer<UInt8>, at i: Int) -> Int {
        let b0 = s[i]
        func cont(_ k: Int, _ lo: UInt8 = 0x80, _ hi: UInt8 = 0xBF) -> Bool {
            i + k < s.count && s[i + k] >= lo && s[i + k] <= hi
        }
        switch b0 {
        case 0xC2...0xDF: return cont(1) ? 2 : 0
        case 0xE0: return cont(1, 0xA0) && cont(2) ? 3 : 0
        case 0xE1...0xEC, 0xEE...0xEF: return cont(1) && cont(2) ? 3 : 0
        case 0xED: return cont(1, 0x80, 0x9F) && cont(2) ? 3 : 0
        case 0xF0: return cont(1, 0x90) && cont(2) && cont(3) ? 4 : 0
        case 0xF1...0xF3: return cont(1) && cont(2) && cont(3) ? 4 : 0
        case 0xF4: return cont(1, 0x80, 0x8F) && cont(2) && cont(3) ? 4 : 0
        default: return 0
        }
    }
}
