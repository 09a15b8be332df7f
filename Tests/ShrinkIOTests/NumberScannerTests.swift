#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Testing
@testable import ShrinkIO

/// The fast number scanner reads numbers inside a longer buffer (so its eight-byte loads run) and
/// gives `strtod`'s double bit for bit, or declines.
@Suite struct NumberScannerTests {
    /// `strtod` of `text`.
    func reference(_ text: String) -> Double { text.withCString { strtod($0, nil) } }

    /// Scans `text` followed by `tail`; returns the value and how many bytes were read.
    func scan(_ scanner: NumberScanner, _ text: String, tail: String = ",1234567890123456789\n") -> (Double, Int)? {
        let bytes = Array((text + tail).utf8)
        return bytes.withUnsafeBufferPointer { b in
            scanner.scan(b.baseAddress!, b.baseAddress! + b.count).map { ($0.value, $0.next - b.baseAddress!) }
        }
    }

    @Test func eightDigitsMatchesTheDigitByDigitValue() {
        var rng = SplitMix(seed: 3)
        for _ in 0..<100_000 {
            var word: UInt64 = 0
            var value: UInt64 = 0
            for k in 0..<8 {
                let d = rng.next() % 10
                word |= d << UInt64(8 * k)
                value = value * 10 + d
            }
            #expect(NumberScanner.eightDigits(word) == value)
        }
    }

    @Test func randomDecimalsInsideABufferMatchStrtod() {
        var rng = SplitMix(seed: 41)
        let scanner = NumberScanner()
        var scanned = 0
        for _ in 0..<300_000 {
            var text = ["", "-", "+"][Int(rng.next() % 3)]
            let intDigits = Int(rng.next() % 14)
            for _ in 0..<intDigits { text += String(rng.next() % 10) }
            if rng.next() % 4 != 0 || intDigits == 0 {
                text += "."
                if rng.next() % 3 == 0 { text += String(repeating: "0", count: Int(rng.next() % 6)) }
                for _ in 0..<Int(rng.next() % 22) { text += String(rng.next() % 10) }
            }
            if rng.next() % 3 == 0 { text += ["e", "E"][Int(rng.next() % 2)] + ["", "-", "+"][Int(rng.next() % 3)] + String(rng.next() % 330) }
            let hasDigit = text.prefix { $0 != "e" && $0 != "E" }.contains { $0.isNumber }
            let tail = [",1234567890123456789\n", "\n", "\r\n", "", ";99999999"][Int(rng.next() % 5)]
            guard let (value, read) = scan(scanner, text, tail: tail) else {
                // Declining is allowed only for long mantissas, non-finite results, or no digits.
                // (Leading zeros count, except those of a zero integer part and the fraction's
                // zeros right after it.)
                let want = reference(text)
                let mantissa = text.drop { $0 == "-" || $0 == "+" }.prefix { $0 != "e" && $0 != "E" }
                let parts = mantissa.split(separator: ".", omittingEmptySubsequences: false)
                let integer = parts[0]
                let fraction = parts.count > 1 ? parts[1] : ""
                let accumulated = integer.allSatisfy { $0 == "0" }
                    ? fraction.drop { $0 == "0" }.count : integer.count + fraction.count
                #expect(!hasDigit || accumulated > 19 || !want.isFinite || text.hasSuffix("e") || text.hasSuffix("E"),
                        "declined \(text)")
                continue
            }
            #expect(hasDigit, "\(text)")
            #expect(read == text.utf8.count, "\(text)")
            #expect(value.bitPattern == reference(text).bitPattern, "\(text)")
            scanned += 1
        }
        #expect(scanned > 200_000)
    }

    @Test func seventeenDigitDoublesRoundTrip() {
        var rng = SplitMix(seed: 8)
        let scanner = NumberScanner()
        for _ in 0..<200_000 {
            let v = Double(bitPattern: rng.next() & 0x7FEF_FFFF_FFFF_FFFF)
            for text in [String(format17: v), String(format17: -v), v.description] {
                guard let (got, _) = scan(scanner, text) else { continue }  // > 19 digits or subnormal-ish
                #expect(got.bitPattern == reference(text).bitPattern, "\(text)")
            }
        }
    }

    @Test func stopsAtTheFirstByteAfterTheNumber() {
        let scanner = NumberScanner()
        #expect(scan(scanner, "12345678", tail: "9x")?.1 == 9)
        #expect(scan(scanner, "1.5", tail: "e")?.0 == nil)  // an exponent without digits: declined
        #expect(scan(scanner, "1.5", tail: " ,")?.1 == 3)
        #expect(scan(scanner, "-0.0000012345678901234567", tail: ",")?.0 == -0.0000012345678901234567)
        #expect(scan(scanner, "", tail: ",1") == nil)
        #expect(scan(scanner, "-", tail: ",1") == nil)
        #expect(scan(scanner, ".", tail: "e5,") == nil)
        #expect(scan(scanner, "1e400", tail: ",") == nil)  // infinite: left to CellParser
        #expect(scan(scanner, "12345678901234567890", tail: ",") == nil)  // 20 digits: left to CellParser
        #expect(scan(scanner, "00000000000000000000000001.5", tail: ",") == nil)
        #expect(scan(scanner, "0.00000000000000000000000001", tail: ",")?.0 == 1e-26)
        #expect(scan(scanner, "-0", tail: ",")?.0.bitPattern == (-0.0).bitPattern)
    }
}
