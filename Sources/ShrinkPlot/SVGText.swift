import Foundation

/// Text helpers for SVG output: escaping, number formatting and width estimates.
public enum SVGText {
    /// Escapes `text` for use as XML character data or a double-quoted attribute value
    /// (`&`, `<`, `>`, `"` and `'`), dropping control characters XML 1.0 forbids.
    ///
    /// - Complexity: O(length of `text`).
    public static func escape(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for u in text.unicodeScalars {
            switch u {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&apos;"
            case "\t", "\n", "\r": out.unicodeScalars.append(u)
            case _ where u.value < 0x20 || u.value == 0xFFFE || u.value == 0xFFFF: continue
            default: out.unicodeScalars.append(u)
            }
        }
        return out
    }

    /// Formats a coordinate with at most two decimals (enough for pixels), without trailing zeros.
    public static func coordinate(_ v: Double) -> String {
        guard v.isFinite else { return "0" }
        let r = (v * 100).rounded() / 100
        if r == r.rounded() { return String(Int(r)) }
        var s = String(format: "%.2f", r)
        while s.hasSuffix("0") { s.removeLast() }
        return s
    }

    /// Formats a number compactly with up to `significant` digits: plain decimals between 1e-3
    /// and 1e5, otherwise scientific (`1e-04` becomes `1e-4`).
    public static func number(_ v: Double, significant: Int = 4) -> String {
        guard v.isFinite else { return v.isNaN ? "NaN" : (v > 0 ? "inf" : "-inf") }
        if v == 0 { return "0" }
        let a = abs(v)
        if a >= 1e-3 && a < 1e5 {
            var s = String(format: "%.\(significant)g", v)
            if s.contains("e") { s = String(format: "%.\(max(0, significant - 1 - Int(floor(log10(a)))))f", v) }
            if s.contains(".") {
                while s.hasSuffix("0") { s.removeLast() }
                if s.hasSuffix(".") { s.removeLast() }
            }
            return s
        }
        let s = String(format: "%.\(max(0, significant - 1))e", v)
        let parts = s.split(separator: "e")
        var mantissa = String(parts[0])
        if mantissa.contains(".") {
            while mantissa.hasSuffix("0") { mantissa.removeLast() }
            if mantissa.hasSuffix(".") { mantissa.removeLast() }
        }
        let exponent = Int(parts[1]) ?? 0
        return "\(mantissa)e\(exponent)"
    }

    /// An estimate of the rendered width of `text` at `fontSize` in a sans-serif font
    /// (0.6 em per character, 0.35 em for narrow ones).
    public static func width(_ text: String, fontSize: Double) -> Double {
        var em = 0.0
        for c in text {
            if "il.,:;|!'1 ()[]".contains(c) { em += 0.35 } else if c.isUppercase || "mw".contains(c) { em += 0.72 } else { em += 0.58 }
        }
        return em * fontSize
    }
}
