/// Rejects bytes that are not UTF-8 text: NUL bytes, UTF-16 byte order marks, invalid sequences.
enum TextEncodingCheck {
    /// Throws ``DataError`` locating (by line) the first byte that is not valid UTF-8 text.
    static func validate(_ bytes: UnsafeBufferPointer<UInt8>, file: String) throws {
        if bytes.count >= 2, (bytes[0] == 0xFF && bytes[1] == 0xFE) || (bytes[0] == 0xFE && bytes[1] == 0xFF) {
            throw DataError(.binaryData, file: file, line: 1,
                            message: "the file looks like UTF-16 text; save it as UTF-8")
        }
        var line = 1
        var i = 0
        let n = bytes.count
        while i < n {
            let b = bytes[i]
            if b < 0x80 {
                if b == 0 {
                    throw DataError(.binaryData, file: file, line: line,
                                    message: "the file contains NUL bytes; it looks like a binary file, not CSV text")
                }
                if b == 0x0A || (b == 0x0D && (i + 1 == n || bytes[i + 1] != 0x0A)) { line += 1 }
                i += 1
                continue
            }
            let length = sequenceLength(bytes, at: i)
            if length == 0 {
                let hex = String(b, radix: 16, uppercase: true)
                throw DataError(.invalidUTF8, file: file, line: line,
                                message: "invalid UTF-8 (byte 0x\(hex)); the file must be UTF-8 text")
            }
            i += length
        }
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
