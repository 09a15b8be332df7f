import Foundation

/// A square matrix of values in [-1, 1] (for example correlations) as coloured cells, from
/// Okabe-Ito blue (-1) through white (0) to vermillion (+1), with row and column names.
public struct Heatmap: Sendable {
    /// The names of the rows (and columns).
    public var names: [String]
    /// The values, row by row (`names.count` squared).
    public var values: [[Double]]
    /// The title.
    public var title: String = ""
    /// The side of one cell in pixels.
    public var cell: Double = 22
    /// The font size.
    public var fontSize: Double = 11

    /// Creates a heatmap.
    public init(names: [String], values: [[Double]]) {
        self.names = names
        self.values = values
    }

    /// The fill colour of a value in [-1, 1] (clamped).
    public static func color(_ v: Double) -> String {
        let t = v.isFinite ? min(1, max(-1, v)) : 0
        let end: (Double, Double, Double) = t >= 0 ? (0xD5, 0x5E, 0x00) : (0x00, 0x72, 0xB2)
        let a = abs(t)
        let r = 255 + (end.0 - 255) * a, g = 255 + (end.1 - 255) * a, b = 255 + (end.2 - 255) * a
        return String(format: "#%02X%02X%02X", Int(r.rounded()), Int(g.rounded()), Int(b.rounded()))
    }

    /// The chart as a standalone SVG element.
    public func svg() -> String {
        let c = SVGText.coordinate, e = SVGText.escape
        let nameWidth = (names.map { SVGText.width($0, fontSize: fontSize) }.max() ?? 10) + 10
        let left = nameWidth, top = (title.isEmpty ? 10 : 34) + nameWidth * 0.75
        let n = Double(names.count)
        let titleWidth = title.isEmpty ? 0 : SVGText.width(title, fontSize: fontSize + 3) + 12
        let width = max(left + n * cell + 20, titleWidth), height = top + n * cell + 12
        var s = "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"\(c(width))\" height=\"\(c(height))\" viewBox=\"0 0 \(c(width)) \(c(height))\" font-family=\"Helvetica, Arial, sans-serif\" font-size=\"\(c(fontSize))\" role=\"img\" aria-label=\"\(e(title))\">\n"
        s += "<rect width=\"100%\" height=\"100%\" fill=\"#FFFFFF\"/>\n"
        if !title.isEmpty {
            s += "<text x=\"4\" y=\"20\" font-size=\"\(c(fontSize + 3))\" font-weight=\"bold\" fill=\"\(Palette.ink)\">\(e(title))</text>\n"
        }
        for (i, name) in names.enumerated() {
            let y = top + Double(i) * cell
            s += "<text x=\"\(c(left - 6))\" y=\"\(c(y + cell / 2 + fontSize * 0.35))\" text-anchor=\"end\" fill=\"\(Palette.ink)\">\(e(name))</text>"
            let x = left + Double(i) * cell + cell / 2
            s += "<text transform=\"translate(\(c(x + fontSize * 0.35)),\(c(top - 6))) rotate(-45)\" fill=\"\(Palette.ink)\">\(e(name))</text>\n"
            for j in names.indices where i < values.count && j < values[i].count {
                let v = values[i][j]
                s += "<rect x=\"\(c(left + Double(j) * cell))\" y=\"\(c(y))\" width=\"\(c(cell - 1))\" height=\"\(c(cell - 1))\" fill=\"\(Self.color(v))\"><title>\(e(names[i])) / \(e(names[j])): \(e(SVGText.number(v, significant: 2)))</title></rect>"
                if cell >= 20 && v.isFinite {
                    let ink = abs(v) > 0.6 ? "#FFFFFF" : Palette.ink
                    s += "<text x=\"\(c(left + Double(j) * cell + cell / 2 - 0.5))\" y=\"\(c(y + cell / 2 + 3))\" text-anchor=\"middle\" font-size=\"\(c(fontSize - 3))\" fill=\"\(ink)\">\(e(String(format: "%.1f", v)))</text>"
                }
            }
            s += "\n"
        }
        return s + "</svg>\n"
    }
}
