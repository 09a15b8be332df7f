/// The Eisel-Lemire algorithm (as in the fast_float library): the correctly rounded double
/// nearest to a decimal `w * 10^q` with `w` of at most 19 digits, from a 128-bit product with a
/// table of powers of five, in all but rare cases (which it reports).
enum EiselLemire {
    /// ``powersOfFive128`` as a pointer (allocated once, for the life of the process), so the
    /// hot loops read it without array bounds checks (read-only once built).
    nonisolated(unsafe) static let powers: UnsafePointer<UInt64> = {
        let table = UnsafeMutablePointer<UInt64>.allocate(capacity: powersOfFive128.count)
        table.initialize(from: powersOfFive128, count: powersOfFive128.count)
        return UnsafePointer(table)
    }()

    /// Returns the double nearest to `w * 10^q` (w > 0, at most 19 digits), or nil in the rare
    /// cases the algorithm cannot decide; `q` below -342 gives 0, above 308 infinity.
    ///
    /// - Complexity: O(1): one or two 64x64-bit multiplications.
    @inline(__always)
    static func nearest(_ mantissa: UInt64, _ q: Int, powers table: UnsafePointer<UInt64>) -> Double? {
        if q < -342 { return 0 }
        if q > 308 { return .infinity }
        let lz = mantissa.leadingZeroBitCount
        let w = mantissa << UInt64(lz)
        let index = 2 * (q + 342)
        var (high, low) = w.multipliedFullWidth(by: table[index])
        if high & 0x1FF == 0x1FF {  // the low bits may carry: use the second word
            let (secondHigh, _) = w.multipliedFullWidth(by: table[index + 1])
            let (sum, carry) = low.addingReportingOverflow(secondHigh)
            low = sum
            if carry { high &+= 1 }
        }
        if low == UInt64.max && (q < -27 || q > 55) { return nil }  // possibly inexact
        let upperBit = Int(high >> 63)
        let shift = UInt64(upperBit + 9)
        var m = high >> shift
        var power2 = (((152_170 + 65_536) * q) >> 16) + 63 + upperBit - lz + 1023
        if power2 <= 0 {  // subnormal
            if -power2 + 1 >= 64 { return 0 }
            m >>= UInt64(-power2 + 1)
            m += m & 1
            m >>= 1
            power2 = m < (1 << 52) ? 0 : 1
            return Double(bitPattern: UInt64(power2) << 52 | (m & ((1 << 52) - 1)))
        }
        if low <= 1 && q >= -4 && q <= 23 && m & 3 == 1 && (m << shift) == high {
            m &= ~1  // exactly halfway: round to even
        }
        m += m & 1
        m >>= 1
        if m >= (2 << 52) {
            m = 1 << 52
            power2 += 1
        }
        m &= ~(1 << 52)
        if power2 >= 0x7FF { return .infinity }
        return Double(bitPattern: UInt64(power2) << 52 | m)
    }
}
