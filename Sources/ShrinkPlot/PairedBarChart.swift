import Foundation

/// Horizontal bars for a list of categories with two (or more) values each, side by side
/// around zero: for example the standardized lasso and ridge coefficients of each feature.
public struct PairedBarChart: Sendable {
    /// The chart width in pixels (the height follows from the number of categories).
    public var width: Double = 640
    /// The title.
    public var title: String = ""
    /// The x-axis title.
    public var xLabel: String = ""
    /// The category names, top to bottom.
    public var categories: [String] = []
    /// One array of values (one per category) per series.
    public var values: [[Double]] = []
    /// The series names (legend).
    public var seriesNames: [String] = []
    /// The series colours.
    public var colors: [String] = []
    /// The font size.
    public var fontSize: Double = 11

    /// Creates an empty chart.
    public init(width: Double = 640) {
        self.width = width
    }

    /// The height of one category row.
    public var rowHeight: Double { max(fontSize + 6, Double(max(1, values.count)) * 7 + 6) }

    /// The total height: title, legend, rows and the x axis.
    public var height: Double { 62 + Double(categories.count) * rowHeight + 40 }

    /// The x scale (symmetric domain when values have both signs).
    public func xScale() -> Scale {
        let all = values.flatMap { $0 }.filter(\.isFinite)
        var lo = min(0, all.min() ?? 0), hi = max(0, all.max() ?? 1)
        if lo == hi { hi = 1 }
        (lo, hi) = Scale.padded(lo, hi, kind: .linear, fraction: 0.05)
        let nameWidth = (categories.map { SVGText.width($0, fontSize: fontSize) }.max() ?? 20) + 16
        return Scale(kind: .linear, domain: (lo, hi), range: (nameWidth + 8, width - 16))
    }

    /// The chart as a standalone SVG element.
    public func svg() -> String {
        let c = SVGText.coordinate, e = SVGText.escape
        let x = xScale()
        let top = 62.0, bottom = top + Double(categories.count) * rowHeight
        var s = "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"\(c(width))\" height=\"\(c(height))\" viewBox=\"0 0 \(c(width)) \(c(height))\" font-family=\"Helvetica, Arial, sans-serif\" font-size=\"\(c(fontSize))\" role=\"img\" aria-label=\"\(e(title))\">\n"
        s += "<rect width=\"100%\" height=\"100%\" fill=\"#FFFFFF\"/>\n"
        if !title.isEmpty {
            s += "<text x=\"\(c(x.rangeStart))\" y=\"20\" font-size=\"\(c(fontSize + 3))\" font-weight=\"bold\" fill=\"\(Palette.ink)\">\(e(title))</text>\n"
        }
        // Legend in one row under the title.
        var lx = x.rangeStart
        for (k, name) in seriesNames.enumerated() {
            let color = k < colors.count ? colors[k] : Palette.color(k)
            s += "<rect x=\"\(c(lx))\" y=\"34\" width=\"12\" height=\"10\" fill=\"\(e(color))\"/>"
            s += "<text x=\"\(c(lx + 16))\" y=\"43\" fill=\"\(Palette.ink)\">\(e(name))</text>\n"
            lx += 16 + SVGText.width(name, fontSize: fontSize) + 18
        }
        let ticks = x.ticks(target: 6)
        s += "<g stroke=\"\(Palette.grid)\">"
        for t in ticks { s += "<line x1=\"\(c(x.pixel(t)))\" y1=\"\(c(top))\" x2=\"\(c(x.pixel(t)))\" y2=\"\(c(bottom))\"/>" }
        s += "</g>\n"
        s += "<line x1=\"\(c(x.pixel(0)))\" y1=\"\(c(top))\" x2=\"\(c(x.pixel(0)))\" y2=\"\(c(bottom))\" stroke=\"#666666\"/>\n"
        let barHeight = (rowHeight - 6) / Double(max(1, values.count))
        for (i, name) in categories.enumerated() {
            let y0 = top + Double(i) * rowHeight
            if i % 2 == 1 {
                s += "<rect x=\"0\" y=\"\(c(y0))\" width=\"\(c(x.rangeStart - 4))\" height=\"\(c(rowHeight))\" fill=\"#F5F5F5\"/>"
            }
            s += "<text x=\"\(c(x.rangeStart - 8))\" y=\"\(c(y0 + rowHeight / 2 + fontSize * 0.35))\" text-anchor=\"end\" fill=\"\(Palette.ink)\">\(e(name))</text>\n"
            for (k, series) in values.enumerated() where i < series.count && series[i].isFinite {
                let color = k < colors.count ? colors[k] : Palette.color(k)
                let a = x.pixel(0), b = x.pixel(series[i])
                s += "<rect x=\"\(c(min(a, b)))\" y=\"\(c(y0 + 3 + Double(k) * barHeight))\" width=\"\(c(max(abs(b - a), series[i] == 0 ? 0 : 0.8)))\" height=\"\(c(barHeight - 1))\" fill=\"\(e(color))\"/>"
            }
            s += "\n"
        }
        s += "<line x1=\"\(c(x.rangeStart))\" y1=\"\(c(bottom))\" x2=\"\(c(x.rangeEnd))\" y2=\"\(c(bottom))\" stroke=\"#888888\"/>\n"
        for t in ticks {
            s += "<text x=\"\(c(x.pixel(t)))\" y=\"\(c(bottom + 16))\" text-anchor=\"middle\" fill=\"\(Palette.ink)\">\(e(SVGText.number(t)))</text>"
        }
        if !xLabel.isEmpty {
            s += "\n<text x=\"\(c((x.rangeStart + x.rangeEnd) / 2))\" y=\"\(c(bottom + 34))\" text-anchor=\"middle\" font-size=\"\(c(fontSize + 1))\" fill=\"\(Palette.ink)\">\(e(xLabel))</text>"
        }
        return s + "\n</svg>\n"
    }
}
