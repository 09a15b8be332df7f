#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Parses cells into doubles with `strtod` on a reusable NUL-terminated scratch buffer.
///
/// Only decimal notation is accepted (digits, sign, point, exponent), so `strtod`'s hex, `inf`
/// and `nan` spellings are classified by hand instead of being read as numbers.
final class CellParser {
    /// The outcome of parsing one cell.
    enum Outcome {
        /// A finite number.
        case number(Double)
        /// Not numeric, for the given reason (missingValue, notFinite or notANumber).
        case issue(DataError.Kind)
    }

    private var scratch: UnsafeMutablePointer<CChar>
    private var capacity: Int

    init() {
        capacity = 128
        scratch = .allocate(capacity: capacity)
    }

    deinit { scratch.deallocate() }

    /// Parses the cell held in `bytes` (surrounding spaces and tabs are ignored).
    func parse(_ bytes: UnsafeBufferPointer<UInt8>) -> Outcome {
        guard var lo = bytes.baseAddress else { return .issue(.missingValue) }
        var hi = lo + bytes.count
        while lo < hi, lo.pointee == 0x20 || lo.pointee == 0x09 { lo += 1 }
        while hi > lo, (hi - 1).pointee == 0x20 || (hi - 1).pointee == 0x09 { hi -= 1 }
        let count = hi - lo
        if count == 0 { return .issue(.missingValue) }
        var p = lo
        while p < hi {
            let c = p.pointee
            let ok = (c >= 0x30 && c <= 0x39) || c == 0x2E || c == 0x2D || c == 0x2B || c == 0x65 || c == 0x45
            if !ok { return .issue(Self.classifyText(UnsafeBufferPointer(start: lo, count: count))) }
            p += 1
        }
        if count + 1 > capacity {
            scratch.deallocate()
            capacity = max(count + 1, capacity * 2)
            scratch = .allocate(capacity: capacity)
        }
        UnsafeMutableRawPointer(scratch).copyMemory(from: lo, byteCount: count)
        scratch[count] = 0
        var end: UnsafeMutablePointer<CChar>? = nil
        let value = strtod(scratch, &end)
        guard let end, end == scratch + count else { return .issue(.notANumber) }
        return value.isFinite ? .number(value) : .issue(.notFinite)
    }

    /// Classifies a cell with characters outside decimal notation.
    private static func classifyText(_ bytes: UnsafeBufferPointer<UInt8>) -> DataError.Kind {
        guard bytes.count <= 9 else { return .notANumber }
        let text = String(decoding: bytes, as: UTF8.self).lowercased()
        switch text {
        case "na", "n/a", "nan", "-nan", "+nan", "null", "none", "nil", "missing", "?":
            return .missingValue
        case "inf", "+inf", "-inf", "infinity", "+infinity", "-infinity":
            return .notFinite
        default:
            return .notANumber
        }
    }
}
