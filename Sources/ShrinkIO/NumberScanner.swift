/// Reads a decimal number straight from the bytes of a file, eight digits at a time.
///
/// The fast path of ``CSVParser``: it accepts `[+-]digits[.digits][(e|E)[+-]digits]` with at
/// most 19 significant digits and a finite result, and gives up (returns nil) on anything else,
/// leaving the cell to ``CellParser``, which handles every spelling (and `strtod`'s rare cases).
/// Digits are read as 64-bit words (SWAR): one load checks that the next eight bytes are digits
/// and three multiplications convert them; shorter runs are read one digit at a time. The double is correctly rounded
/// (Clinger's exact path or Eisel-Lemire, as in ``CellParser``).
final class NumberScanner {
    /// The 128-bit powers of five of ``EiselLemire``.
    private let powersOfFive = EiselLemire.powers
    /// The exact doubles 10^0 ... 10^22.
    private let exactPowers: UnsafeMutablePointer<Double>

    init() {
        exactPowers = .allocate(capacity: 23)
        var d = 1.0
        for k in 0..<23 {
            exactPowers[k] = d
            d *= 10
        }
    }

    deinit {
        exactPowers.deallocate()
    }

    /// Parses the number starting at `start` (reading no further than `end`) and returns it with
    /// the position just after it, or nil when the text there is not a short finite decimal.
    ///
    /// The caller checks what follows the number (a delimiter or line end).
    ///
    /// - Complexity: O(digits / 8) word operations, plus O(1) for the conversion.
    @inline(__always)
    func scan(_ start: UnsafePointer<UInt8>, _ end: UnsafePointer<UInt8>) -> (value: Double, next: UnsafePointer<UInt8>)? {
        var p = start
        guard p < end else { return nil }
        var negative = false
        if p.pointee == 0x2D {  // -
            negative = true
            p += 1
        } else if p.pointee == 0x2B {  // +
            p += 1
        }
        var mantissa: UInt64 = 0
        var count = 0  // digits accumulated into the mantissa
        let integerStart = p
        if end - p >= 2 && p[0] &- 0x30 < 10 && p[1] &- 0x30 >= 10 {  // one integer digit, the common case
            mantissa = UInt64(p[0] &- 0x30)
            count = 1
            p += 1
        } else {
            digits(&p, end, &mantissa, &count)
        }
        var seen = p - integerStart
        if mantissa == 0 { count = 0 }  // leading zeros only
        var scale = 0
        if p < end && p.pointee == 0x2E {  // .
            p += 1
            let fractionStart = p
            if mantissa == 0 {
                while p < end && p.pointee == 0x30 { p += 1 }
            }
            digits(&p, end, &mantissa, &count)
            scale = fractionStart - p
            seen += p - fractionStart
        }
        guard seen > 0 && count <= 19 else { return nil }
        if p < end && p.pointee | 0x20 == 0x65 {  // e E
            p += 1
            var exponentNegative = false
            if p < end && (p.pointee == 0x2D || p.pointee == 0x2B) {
                exponentNegative = p.pointee == 0x2D
                p += 1
            }
            let exponentStart = p
            var exponent = 0
            while p < end, p.pointee &- 0x30 < 10 {
                if exponent < 100_000 { exponent = exponent &* 10 &+ Int(p.pointee &- 0x30) }
                p += 1
            }
            guard p > exponentStart else { return nil }
            scale += exponentNegative ? -exponent : exponent
        }
        var value: Double
        if mantissa == 0 {
            value = 0
        } else if mantissa <= 1 << 53 && scale >= -22 && scale <= 22 {  // Clinger: one exact operation
            value = Double(mantissa)
            if scale < 0 { value /= exactPowers[-scale] } else { value *= exactPowers[scale] }
        } else {
            guard let magnitude = EiselLemire.nearest(mantissa, scale, powers: powersOfFive), magnitude.isFinite else { return nil }
            value = magnitude
        }
        return (negative ? -value : value, p)
    }

    /// Accumulates the digits at `p` into `mantissa` (wrapping past 19 digits: the caller checks
    /// `count`): eight at a time while the next eight bytes are digits, then one by one.
    @inline(__always)
    private func digits(_ p: inout UnsafePointer<UInt8>, _ end: UnsafePointer<UInt8>,
                        _ mantissa: inout UInt64, _ count: inout Int) {
        while end - p >= 8 {
            let word = UInt64(littleEndian: UnsafeRawPointer(p).loadUnaligned(as: UInt64.self))
            let x = word ^ 0x3030_3030_3030_3030  // digit bytes become 0...9
            // The high bit of each byte that is not a digit (above 9 after the XOR).
            guard ((x &+ 0x7676_7676_7676_7676) | x) & 0x8080_8080_8080_8080 == 0 else { break }
            mantissa = mantissa &* 100_000_000 &+ Self.eightDigits(x)
            count += 8
            p += 8
        }
        while p < end, p.pointee &- 0x30 < 10 {
            mantissa = mantissa &* 10 &+ UInt64(p.pointee &- 0x30)
            count += 1
            p += 1
        }
    }

    /// The value of eight decimal digits held one per byte (the first in the lowest byte).
    ///
    /// - Complexity: O(1): three multiplications (as in the fast_float library).
    @inline(__always)
    static func eightDigits(_ digits: UInt64) -> UInt64 {
        let pairs = digits &* 10 &+ (digits >> 8)  // each even byte: two digits
        let mask: UInt64 = 0x0000_00FF_0000_00FF
        let high = (pairs & mask) &* (100 + (1_000_000 << 32))
        let low = ((pairs >> 16) & mask) &* (1 + (10_000 << 32))
        return (high &+ low) >> 32
    }
}
