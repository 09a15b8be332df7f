#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Parses cells into doubles, correctly rounded, without `strtod` in the common cases.
///
/// Only decimal notation is a number (sign, digits, point, exponent), so `strtod`'s hex, `inf`
/// and `nan` spellings are classified by hand. Short decimals go through ``NumberScanner``
/// (eight digits at a time); the others take three paths, all correctly rounded:
/// - Clinger's: a mantissa of at most 2^53 times or divided by a power of ten of at most 10^22
///   is one IEEE operation on two exact doubles;
/// - Eisel-Lemire (as in fast_float) for other mantissas of at most 19 digits, with a 128-bit
///   table of powers of five;
/// - `strtod` for longer mantissas and the rare cases Eisel-Lemire leaves undecided.
final class CellParser {
    /// The outcome of parsing one cell.
    enum Outcome: Equatable {
        /// A finite number.
        case number(Double)
        /// An infinite number (`Inf`, `-Infinity`, or a decimal that overflows), with its sign.
        case infinite(Double)
        /// An empty cell or a missing-value marker (`NA`, `N/A`, `NaN`, `null`).
        case missing
        /// Anything else: text.
        case text
    }

    /// The fast path for short decimals.
    private let scanner = NumberScanner()
    private var scratch: UnsafeMutablePointer<CChar>
    private var capacity: Int

    /// Exact powers of ten, 10^0 ... 10^22.
    private static let powers: [Double] = (0...22).map { k in
        var p = 1.0
        for _ in 0..<k { p *= 10 }
        return p
    }

    init() {
        capacity = 128
        scratch = .allocate(capacity: capacity)
    }

    deinit { scratch.deallocate() }

    /// Parses the cell held in `bytes` (surrounding spaces and tabs are ignored).
    func parse(_ bytes: UnsafeBufferPointer<UInt8>) -> Outcome {
        guard var lo = bytes.baseAddress else { return .missing }
        var hi = lo + bytes.count
        while lo < hi, lo.pointee == 0x20 || lo.pointee == 0x09 { lo += 1 }
        while hi > lo, (hi - 1).pointee == 0x20 || (hi - 1).pointee == 0x09 { hi -= 1 }
        if lo == hi { return .missing }
        return parseTrimmed(lo, hi)
    }

    /// Parses the non-empty cell `lo..<hi` that has no surrounding blanks.
    @inline(__always)
    private func parseTrimmed(_ lo: UnsafePointer<UInt8>, _ hi: UnsafePointer<UInt8>) -> Outcome {
        if let (value, next) = scanner.scan(lo, hi), next == hi { return .number(value) }
        var p = lo
        var negative = false
        if p.pointee == 0x2D || p.pointee == 0x2B {  // - +
            negative = p.pointee == 0x2D
            p += 1
        }
        var mantissa: UInt64 = 0
        var significant = 0  // digits accumulated after leading zeros
        var digits = 0
        var scale = 0  // power-of-ten adjustment from fraction digits and dropped digits
        var exact = true
        while p < hi, p.pointee &- 0x30 < 10 {
            let d = UInt64(p.pointee &- 0x30)
            if significant < 19 {
                mantissa = mantissa &* 10 &+ d
                if mantissa != 0 { significant += 1 }
            } else {
                scale += 1
                if d != 0 { exact = false }
            }
            digits += 1
            p += 1
        }
        if p < hi, p.pointee == 0x2E {  // .
            p += 1
            while p < hi, p.pointee &- 0x30 < 10 {
                let d = UInt64(p.pointee &- 0x30)
                if significant < 19 {
                    mantissa = mantissa &* 10 &+ d
                    if mantissa != 0 { significant += 1 }
                    scale -= 1
                } else if d != 0 {
                    exact = false
                }
                digits += 1
                p += 1
            }
        }
        guard digits > 0 else { return Self.classifyText(lo, hi) }
        if p < hi, p.pointee | 0x20 == 0x65 {  // e E
            p += 1
            var exponentNegative = false
            if p < hi, p.pointee == 0x2D || p.pointee == 0x2B {
                exponentNegative = p.pointee == 0x2D
                p += 1
            }
            var exponent = 0
            var exponentDigits = 0
            while p < hi, p.pointee &- 0x30 < 10 {
                if exponent < 100_000 { exponent = exponent * 10 + Int(p.pointee &- 0x30) }
                exponentDigits += 1
                p += 1
            }
            guard exponentDigits > 0 else { return .text }
            scale += exponentNegative ? -exponent : exponent
        }
        guard p == hi else { return Self.classifyText(lo, hi) }
        if exact && mantissa <= (1 << 53) && scale >= -22 && scale <= 22 {
            var value = Double(mantissa)
            if scale < 0 { value /= Self.powers[-scale] } else if scale > 0 { value *= Self.powers[scale] }
            return .number(negative ? -value : value)
        }
        if mantissa == 0 && exact { return .number(negative ? -0.0 : 0.0) }
        if exact, let magnitude = Self.eiselLemire(mantissa, scale) {
            return magnitude.isFinite ? .number(negative ? -magnitude : magnitude)
                : .infinite(negative ? -magnitude : magnitude)
        }
        let value = slowParse(lo, hi)
        return value.isFinite ? .number(value) : .infinite(value)
    }

    /// Returns the double nearest to `w * 10^q` (w > 0, at most 19 digits) by the Eisel-Lemire
    /// algorithm, or nil in the rare cases it cannot decide (see ``EiselLemire``).
    static func eiselLemire(_ mantissa: UInt64, _ q: Int) -> Double? {
        EiselLemire.nearest(mantissa, q, powers: EiselLemire.powers)
    }

    /// Parses a valid decimal with `strtod` on a NUL-terminated copy.
    private func slowParse(_ lo: UnsafePointer<UInt8>, _ hi: UnsafePointer<UInt8>) -> Double {
        let count = hi - lo
        if count + 1 > capacity {
            scratch.deallocate()
            capacity = max(count + 1, capacity * 2)
            scratch = .allocate(capacity: capacity)
        }
        UnsafeMutableRawPointer(scratch).copyMemory(from: lo, byteCount: count)
        scratch[count] = 0
        return strtod(scratch, nil)
    }

    /// Classifies a cell that is not a decimal number: a missing-value marker, infinity, or text.
    private static func classifyText(_ lo: UnsafePointer<UInt8>, _ hi: UnsafePointer<UInt8>) -> Outcome {
        let count = hi - lo
        guard count <= 9 else { return .text }
        var lower: [UInt8] = []
        lower.reserveCapacity(count)
        var p = lo
        while p < hi {
            let c = p.pointee
            lower.append(c >= 0x41 && c <= 0x5A ? c | 0x20 : c)
            p += 1
        }
        switch String(decoding: lower, as: UTF8.self) {
        case "na", "n/a", "nan", "-nan", "+nan", "null":
            return .missing
        case "inf", "+inf", "infinity", "+infinity":
            return .infinite(.infinity)
        case "-inf", "-infinity":
            return .infinite(-.infinity)
        default:
            return .text
        }
    }
}
