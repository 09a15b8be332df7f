#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Testing
@testable import ShrinkIO

/// The cell parser's numbers are the correctly rounded doubles `strtod` gives, bit for bit.
@Suite struct CellParserTests {
    /// `strtod` of `text` (the reference: glibc's strtod is correctly rounded).
    func reference(_ text: String) -> Double { text.withCString { strtod($0, nil) } }

    /// Parses one cell.
    func parse(_ text: String) -> CellParser.Outcome {
        let bytes = Array(text.utf8)
        return bytes.withUnsafeBufferPointer { CellParser().parse($0) }
    }

    @Test func randomDecimalsMatchStrtodBitForBit() {
        var rng = SplitMix(seed: 20_250_131)
        let parser = CellParser()
        var checked = 0
        for _ in 0..<300_000 {
            var text = rng.next() % 4 == 0 ? "-" : ""
            let intDigits = Int(rng.next() % 12)
            let fracDigits = Int(rng.next() % 22)
            for k in 0..<intDigits { text += String(k == 0 ? 1 + rng.next() % 9 : rng.next() % 10) }
            if intDigits == 0 { text += "0" }
            if fracDigits > 0 || rng.next() % 5 == 0 {
                text += "."
                for _ in 0..<fracDigits { text += String(rng.next() % 10) }
            }
            if rng.next() % 3 == 0 { text += "e" + String(Int(rng.next() % 80) - 40) }
            let got = Array(text.utf8).withUnsafeBufferPointer { parser.parse($0) }
            guard case .number(let v) = got else {
                Issue.record("\(text) gave \(got)")
                continue
            }
            #expect(v.bitPattern == reference(text).bitPattern, "\(text)")
            checked += 1
        }
        #expect(checked == 300_000)
    }

    @Test func shortestRepresentationsOfRandomDoublesRoundTrip() {
        var rng = SplitMix(seed: 7)
        let parser = CellParser()
        for _ in 0..<100_000 {
            let v = Double(bitPattern: rng.next() & 0x7FEF_FFFF_FFFF_FFFF)  // finite, positive
            for text in [v.description, String(format17: v)] {
                let got = Array(text.utf8).withUnsafeBufferPointer { parser.parse($0) }
                #expect(got == .number(reference(text)), "\(text)")
            }
        }
    }

    @Test func nineteenDigitMantissasOverTheWholeExponentRange() {
        var rng = SplitMix(seed: 99)
        let parser = CellParser()
        for _ in 0..<300_000 {
            let digits = 1 + Int(rng.next() % 19)
            var mantissa = ""
            for k in 0..<digits { mantissa += String(k == 0 ? 1 + rng.next() % 9 : rng.next() % 10) }
            let exponent = Int(rng.next() % 700) - 360
            let text = mantissa + "e" + String(exponent)
            let got = Array(text.utf8).withUnsafeBufferPointer { parser.parse($0) }
            let want = reference(text)
            if want.isFinite {
                #expect(got == .number(want), "\(text)")
                if case .number(let v) = got { #expect(v.bitPattern == want.bitPattern, "\(text)") }
            } else {
                #expect(got == .infinite(want), "\(text)")
            }
        }
    }

    @Test func exactHalfwayIntegersRoundToEven() {
        var rng = SplitMix(seed: 5)
        let parser = CellParser()
        for _ in 0..<100_000 {
            // A double in [2^53, 10^19) and the integer halfway to the next one up.
            let d = Double(UInt64(1 << 53) + rng.next() % (10_000_000_000_000_000_000 - (1 << 53)))
            let half = UInt64(d) + UInt64(d.ulp / 2)
            for text in [String(half), String(half) + "0e-1", "0." + String(half) + "e19"] {
                let got = Array(text.utf8).withUnsafeBufferPointer { parser.parse($0) }
                #expect(got == .number(reference(text)), "\(text)")
            }
        }
    }

    @Test func hardCases() {
        let cases = ["9007199254740993", "9007199254740992", "9007199254740991.5", "1e22", "1e23",
                     "123456789012345678901234567890", "0.1", "2.2250738585072011e-308",
                     "2.2250738585072014e-308", "4.9e-324", "2e-324", "1.7976931348623157e308",
                     "0.000000000000000000000000000001", "00000000000000000000001.5", "1.00000000000000000000000001",
                     "7.038531e-26", "8.589973e14", "+5", "-0", "0e12345", "1E5", ".5", "5."]
        for text in cases {
            let want = reference(text)
            #expect(parse(text) == .number(want), "\(text)")
            if case .number(let v) = parse(text) { #expect(v.bitPattern == want.bitPattern, "\(text)") }
        }
    }

    @Test func classification() {
        #expect(parse("") == .missing)
        #expect(parse("  ") == .missing)
        #expect(parse("NA") == .missing)
        #expect(parse("-NaN") == .missing)
        #expect(parse("Inf") == .infinite(.infinity))
        #expect(parse("-infinity") == .infinite(-.infinity))
        #expect(parse("1e400") == .infinite(.infinity))
        #expect(parse("-1e400") == .infinite(-.infinity))
        #expect(parse("1e-400") == .number(0))
        for text in ["e5", "1e", "1e+", ".", "-", "1.2.3", "0x10", "1,5", "12abc", "none", "--1", "1 2"] {
            #expect(parse(text) == .text, "\(text)")
        }
        #expect(parse(" 2.5\t") == .number(2.5))
    }
}

/// A small deterministic generator for the tests.
struct SplitMix {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

extension String {
    /// `%.17g` of `value`.
    init(format17 value: Double) {
        var buffer = [CChar](repeating: 0, count: 40)
        let length = withVaList([value]) { vsnprintf(&buffer, 40, "%.17g", $0) }
        self = String(decoding: buffer.prefix(Int(length)).map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}
