import Foundation

/// An x-y chart drawn as SVG: axes with readable ticks (linear or log), lines and step
/// functions, error bars, dotted reference lines, shaded bands, a legend, labels in the right
/// margin placed without overlaps, and an optional secondary axis along the top.
public struct Chart: Sendable {
    /// The total width in pixels.
    public var width: Double = 640
    /// The total height in pixels.
    public var height: Double = 400
    /// The title (drawn at the top left).
    public var title: String = ""
    /// The x-axis title.
    public var xLabel: String = ""
    /// The y-axis title.
    public var yLabel: String = ""
    /// The x spacing.
    public var xKind: Scale.Kind = .linear
    /// The y spacing.
    public var yKind: Scale.Kind = .linear
    /// Draw x decreasing from left to right.
    public var xReversed: Bool = false
    /// A fixed x domain (otherwise from the data, padded).
    public var xDomain: (Double, Double)? = nil
    /// A fixed y domain (otherwise from the data, padded).
    public var yDomain: (Double, Double)? = nil
    /// Make the automatic y domain include zero.
    public var yIncludesZero: Bool = false
    /// The lines.
    public var lines: [LineSeries] = []
    /// The error bars.
    public var errorBars: [ErrorBars] = []
    /// The dotted vertical lines.
    public var referenceLines: [ReferenceLine] = []
    /// The shaded bands.
    public var bands: [Band] = []
    /// Labels in the right margin.
    public var endLabels: [EndLabel] = []
    /// A secondary axis on top.
    public var topAxis: TopAxis? = nil
    /// Where the legend goes.
    public var legendPosition: LegendPosition = .topRight
    /// A horizontal line at y = 0.
    public var zeroLine: Bool = false
    /// The font size of tick labels (titles are one pixel larger).
    public var fontSize: Double = 11
    /// A prefix for element ids, unique per chart in one HTML page.
    public var id: String = "chart"

    /// Creates an empty chart of the given size.
    public init(width: Double = 640, height: Double = 400) {
        self.width = width
        self.height = height
    }

    /// The pixel geometry of a chart: the plot rectangle, the two scales and where the end labels
    /// and reference-line labels go.
    public struct Layout: Sendable {
        /// The left edge of the plot area.
        public let left: Double
        /// The right edge of the plot area.
        public let right: Double
        /// The top edge of the plot area.
        public let top: Double
        /// The bottom edge of the plot area.
        public let bottom: Double
        /// Data x to pixels.
        public let x: Scale
        /// Data y to pixels.
        public let y: Scale
        /// The vertical centre of each end label (nil when dropped for lack of room).
        public let endLabelCenters: [Double?]
        /// The horizontal centre of each reference line's label (nil when dropped).
        public let referenceLabelCenters: [Double?]
        /// The height of one end label's line.
        public let labelHeight: Double
    }

    /// The finite data extent of every element, or nil when there is none.
    private func extent() -> (x: (Double, Double)?, y: (Double, Double)?) {
        var xs: [Double] = [], ys: [Double] = []
        func usable(_ v: Double, _ kind: Scale.Kind) -> Bool { v.isFinite && (kind == .linear || v > 0) }
        for line in lines {
            for p in line.points where usable(p.x, xKind) && usable(p.y, yKind) {
                xs.append(p.x)
                ys.append(p.y)
            }
        }
        for bars in errorBars {
            for k in bars.x.indices where usable(bars.x[k], xKind) {
                xs.append(bars.x[k])
                if usable(bars.low[k], yKind) { ys.append(bars.low[k]) }
                if usable(bars.high[k], yKind) { ys.append(bars.high[k]) }
            }
        }
        for r in referenceLines where usable(r.x, xKind) { xs.append(r.x) }
        if yIncludesZero && yKind == .linear { ys.append(0) }
        let xr = xs.isEmpty ? nil : (xs.min()!, xs.max()!)
        let yr = ys.isEmpty ? nil : (ys.min()!, ys.max()!)
        return (xr, yr)
    }

    /// Computes the geometry (margins, scales, label positions).
    ///
    /// - Complexity: O(number of points + labels log labels).
    public func layout() -> Layout {
        let (ex, ey) = extent()
        let xd = xDomain ?? ex.map { Scale.padded($0.0, $0.1, kind: xKind, fraction: 0.02) } ?? (xKind == .log ? (1, 10) : (0, 1))
        let yd = yDomain ?? ey.map { Scale.padded($0.0, $0.1, kind: yKind) } ?? (yKind == .log ? (1, 10) : (0, 1))
        let labelFont = fontSize
        let labelWidth = endLabels.map { SVGText.width($0.text, fontSize: labelFont) }.max() ?? 0
        let yTickWidth = Scale(kind: yKind, domain: yd, range: (0, 1)).ticks(target: 5)
            .map { SVGText.width(SVGText.number($0), fontSize: fontSize) }.max() ?? 20
        let left = max(48, yTickWidth + 30)
        let right = width - (endLabels.isEmpty ? 18 : labelWidth + 22)
        var top = title.isEmpty ? 14.0 : 34.0
        if topAxis != nil { top += 22 }
        if !referenceLines.isEmpty { top += 14 }
        let bottom = height - (xLabel.isEmpty ? 30 : 46)
        let xs = Scale(kind: xKind, domain: xReversed ? (xd.1, xd.0) : xd, range: (left, right))
        let ys = Scale(kind: yKind, domain: yd, range: (bottom, top))
        let h = fontSize + 2
        let ends = LabelPlacement.place(
            endLabels.map { LabelPlacement.Item(anchor: ys.pixel($0.y).isFinite ? ys.pixel($0.y) : bottom, priority: $0.priority) },
            size: h, lower: top - 4, upper: bottom + 4)
        let refWidth = (referenceLines.map { SVGText.width($0.label, fontSize: fontSize - 1) }.max() ?? 0) + 6
        let refs = LabelPlacement.place(
            referenceLines.map { LabelPlacement.Item(anchor: xs.pixel($0.x), priority: 1) },
            size: refWidth, lower: left - refWidth / 2, upper: right + refWidth / 2)
        return Layout(left: left, right: right, top: top, bottom: bottom, x: xs, y: ys,
                      endLabelCenters: ends, referenceLabelCenters: refs, labelHeight: h)
    }

    /// The chart as a standalone SVG element (no scripts, no external references).
    public func svg() -> String {
        let g = layout()
        let c = SVGText.coordinate
        let e = SVGText.escape
        var s = "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"\(c(width))\" height=\"\(c(height))\" "
            + "viewBox=\"0 0 \(c(width)) \(c(height))\" font-family=\"Helvetica, Arial, sans-serif\" "
            + "font-size=\"\(c(fontSize))\" role=\"img\" aria-label=\"\(e(title))\">\n"
        s += "<rect width=\"100%\" height=\"100%\" fill=\"#FFFFFF\"/>\n"
        let clip = "\(id)-clip"
        s += "<defs><clipPath id=\"\(e(clip))\"><rect x=\"\(c(g.left))\" y=\"\(c(g.top))\" width=\"\(c(g.right - g.left))\" height=\"\(c(g.bottom - g.top))\"/></clipPath></defs>\n"
        if !title.isEmpty {
            s += "<text x=\"\(c(g.left))\" y=\"20\" font-size=\"\(c(fontSize + 3))\" font-weight=\"bold\" fill=\"\(Palette.ink)\">\(e(title))</text>\n"
        }
        // Bands.
        for band in bands {
            let a = g.x.pixel(band.from), b = g.x.pixel(band.to)
            guard a.isFinite, b.isFinite else { continue }
            let x0 = max(g.left, min(a, b)), x1 = min(g.right, max(a, b))
            if x1 > x0 {
                s += "<rect x=\"\(c(x0))\" y=\"\(c(g.top))\" width=\"\(c(x1 - x0))\" height=\"\(c(g.bottom - g.top))\" fill=\"\(e(band.color))\"/>\n"
                if !band.label.isEmpty {
                    s += "<text x=\"\(c(x0 + 4))\" y=\"\(c(g.bottom - 6))\" fill=\"#666666\" font-size=\"\(c(fontSize - 1))\">\(e(band.label))</text>\n"
                }
            }
        }
        // Grid and ticks.
        let xTicks = g.x.ticks(target: 6), yTicks = g.y.ticks(target: 5)
        s += "<g stroke=\"\(Palette.grid)\" stroke-width=\"1\">\n"
        for t in xTicks { let px = g.x.pixel(t); s += "<line x1=\"\(c(px))\" y1=\"\(c(g.top))\" x2=\"\(c(px))\" y2=\"\(c(g.bottom))\"/>\n" }
        for t in yTicks { let py = g.y.pixel(t); s += "<line x1=\"\(c(g.left))\" y1=\"\(c(py))\" x2=\"\(c(g.right))\" y2=\"\(c(py))\"/>\n" }
        s += "</g>\n"
        if zeroLine && yKind == .linear {
            let py = g.y.pixel(0)
            if py >= g.top && py <= g.bottom {
                s += "<line x1=\"\(c(g.left))\" y1=\"\(c(py))\" x2=\"\(c(g.right))\" y2=\"\(c(py))\" stroke=\"#888888\" stroke-width=\"1\"/>\n"
            }
        }
        s += "<rect x=\"\(c(g.left))\" y=\"\(c(g.top))\" width=\"\(c(g.right - g.left))\" height=\"\(c(g.bottom - g.top))\" fill=\"none\" stroke=\"#888888\" stroke-width=\"1\"/>\n"
        s += "<g fill=\"\(Palette.ink)\">\n"
        for t in xTicks {
            let px = g.x.pixel(t)
            s += "<line x1=\"\(c(px))\" y1=\"\(c(g.bottom))\" x2=\"\(c(px))\" y2=\"\(c(g.bottom + 4))\" stroke=\"#888888\"/>"
            s += "<text x=\"\(c(px))\" y=\"\(c(g.bottom + 16))\" text-anchor=\"middle\">\(e(SVGText.number(t)))</text>\n"
        }
        for t in yTicks {
            let py = g.y.pixel(t)
            s += "<line x1=\"\(c(g.left - 4))\" y1=\"\(c(py))\" x2=\"\(c(g.left))\" y2=\"\(c(py))\" stroke=\"#888888\"/>"
            s += "<text x=\"\(c(g.left - 7))\" y=\"\(c(py + fontSize * 0.35))\" text-anchor=\"end\">\(e(SVGText.number(t)))</text>\n"
        }
        if !xLabel.isEmpty {
            s += "<text x=\"\(c((g.left + g.right) / 2))\" y=\"\(c(height - 10))\" text-anchor=\"middle\" font-size=\"\(c(fontSize + 1))\">\(e(xLabel))</text>\n"
        }
        if !yLabel.isEmpty {
            let cx = 14.0, cy = (g.top + g.bottom) / 2
            s += "<text transform=\"translate(\(c(cx)),\(c(cy))) rotate(-90)\" text-anchor=\"middle\" font-size=\"\(c(fontSize + 1))\">\(e(yLabel))</text>\n"
        }
        if let top = topAxis {
            let ty = g.top - (referenceLines.isEmpty ? 0 : 14)
            // Thin the labels so that they do not overlap.
            var lastRight = -Double.infinity
            for (k, x) in top.positions.enumerated() where k < top.labels.count {
                let px = g.x.pixel(x)
                guard px.isFinite, px >= g.left - 0.5, px <= g.right + 0.5 else { continue }
                let w = SVGText.width(top.labels[k], fontSize: fontSize)
                guard px - w / 2 > lastRight + 6 else { continue }
                lastRight = px + w / 2
                s += "<line x1=\"\(c(px))\" y1=\"\(c(g.top))\" x2=\"\(c(px))\" y2=\"\(c(g.top - 4))\" stroke=\"#888888\"/>"
                s += "<text x=\"\(c(px))\" y=\"\(c(ty - 7))\" text-anchor=\"middle\">\(e(top.labels[k]))</text>\n"
            }
            s += "<text x=\"\(c(g.left - 7))\" y=\"\(c(ty - 7))\" text-anchor=\"end\" font-style=\"italic\">\(e(top.title))</text>\n"
        }
        s += "</g>\n"
        // Data.
        s += "<g clip-path=\"url(#\(e(clip)))\">\n"
        for bars in errorBars {
            s += "<g stroke=\"\(e(bars.color))\" stroke-width=\"1\">"
            for k in bars.x.indices {
                let px = g.x.pixel(bars.x[k]), lo = g.y.pixel(bars.low[k]), hi = g.y.pixel(bars.high[k])
                guard px.isFinite, lo.isFinite, hi.isFinite else { continue }
                s += "<line x1=\"\(c(px))\" y1=\"\(c(lo))\" x2=\"\(c(px))\" y2=\"\(c(hi))\"/>"
                s += "<line x1=\"\(c(px - 2))\" y1=\"\(c(lo))\" x2=\"\(c(px + 2))\" y2=\"\(c(lo))\"/>"
                s += "<line x1=\"\(c(px - 2))\" y1=\"\(c(hi))\" x2=\"\(c(px + 2))\" y2=\"\(c(hi))\"/>"
            }
            s += "</g>\n"
        }
        for line in lines {
            for d in pathData(line, g) {
                s += "<path d=\"\(d)\" fill=\"none\" stroke=\"\(e(line.color))\" stroke-width=\"\(c(line.width))\""
                if let dash = line.dash { s += " stroke-dasharray=\"\(e(dash))\"" }
                if line.opacity < 1 { s += " stroke-opacity=\"\(c(line.opacity))\"" }
                s += " stroke-linejoin=\"round\"/>\n"
            }
            if line.markers {
                s += "<g fill=\"\(e(line.color))\">"
                for p in line.points {
                    let px = g.x.pixel(p.x), py = g.y.pixel(p.y)
                    if px.isFinite && py.isFinite { s += "<circle cx=\"\(c(px))\" cy=\"\(c(py))\" r=\"2.2\"/>" }
                }
                s += "</g>\n"
            }
        }
        s += "</g>\n"
        for (k, r) in referenceLines.enumerated() {
            let px = g.x.pixel(r.x)
            guard px.isFinite, px >= g.left - 0.5, px <= g.right + 0.5 else { continue }
            s += "<line x1=\"\(c(px))\" y1=\"\(c(g.top))\" x2=\"\(c(px))\" y2=\"\(c(g.bottom))\" stroke=\"\(e(r.color))\" stroke-width=\"1.2\" stroke-dasharray=\"2 3\"/>\n"
            if let cx = g.referenceLabelCenters[k] {
                s += "<text x=\"\(c(cx))\" y=\"\(c(g.top - 4))\" text-anchor=\"middle\" font-size=\"\(c(fontSize - 1))\" fill=\"\(e(r.color))\">\(e(r.label))</text>\n"
            }
        }
        // End labels with leader lines.
        for (k, label) in endLabels.enumerated() {
            guard let cy = g.endLabelCenters[k] else { continue }
            let py = g.y.pixel(label.y)
            let from = py.isFinite ? min(max(py, g.top), g.bottom) : cy
            s += "<line x1=\"\(c(g.right))\" y1=\"\(c(from))\" x2=\"\(c(g.right + 8))\" y2=\"\(c(cy))\" stroke=\"\(e(label.color))\" stroke-width=\"0.8\"/>"
            s += "<text x=\"\(c(g.right + 10))\" y=\"\(c(cy + fontSize * 0.35))\" fill=\"\(e(label.color))\">\(e(label.text))</text>\n"
        }
        s += legend(g)
        s += "</svg>\n"
        return s
    }

    /// The SVG path data of a series, split at non-finite points.
    private func pathData(_ line: LineSeries, _ g: Layout) -> [String] {
        var pieces: [String] = []
        var current = ""
        var previous: (Double, Double)? = nil
        let c = SVGText.coordinate
        for p in line.points {
            let px = g.x.pixel(p.x), py = g.y.pixel(p.y)
            guard px.isFinite, py.isFinite else {
                if !current.isEmpty { pieces.append(current) }
                current = ""
                previous = nil
                continue
            }
            if let (_, qy) = previous {
                if line.step { current += " L\(c(px)) \(c(qy))" }
                current += " L\(c(px)) \(c(py))"
            } else {
                current = "M\(c(px)) \(c(py))"
            }
            previous = (px, py)
        }
        if !current.isEmpty { pieces.append(current) }
        return pieces
    }

    /// The legend box (nothing when no series has a legend name).
    private func legend(_ g: Layout) -> String {
        let entries = lines.filter { $0.legend != nil }
        guard !entries.isEmpty else { return "" }
        let c = SVGText.coordinate, e = SVGText.escape
        let row = fontSize + 5
        let textWidth = entries.map { SVGText.width($0.legend!, fontSize: fontSize) }.max() ?? 0
        let w = textWidth + 38, h = Double(entries.count) * row + 8
        let x0: Double, y0: Double
        switch legendPosition {
        case .topLeft: (x0, y0) = (g.left + 8, g.top + 8)
        case .topRight: (x0, y0) = (g.right - w - 8, g.top + 8)
        case .bottomLeft: (x0, y0) = (g.left + 8, g.bottom - h - 8)
        case .bottomRight: (x0, y0) = (g.right - w - 8, g.bottom - h - 8)
        }
        var s = "<g><rect x=\"\(c(x0))\" y=\"\(c(y0))\" width=\"\(c(w))\" height=\"\(c(h))\" fill=\"#FFFFFF\" fill-opacity=\"0.9\" stroke=\"#BBBBBB\"/>\n"
        for (k, entry) in entries.enumerated() {
            let y = y0 + 4 + row * (Double(k) + 0.5)
            s += "<line x1=\"\(c(x0 + 6))\" y1=\"\(c(y))\" x2=\"\(c(x0 + 28))\" y2=\"\(c(y))\" stroke=\"\(e(entry.color))\" stroke-width=\"\(c(max(2, entry.width)))\""
            if let dash = entry.dash { s += " stroke-dasharray=\"\(e(dash))\"" }
            s += "/>"
            s += "<text x=\"\(c(x0 + 33))\" y=\"\(c(y + fontSize * 0.35))\" fill=\"\(Palette.ink)\">\(e(entry.legend!))</text>\n"
        }
        return s + "</g>\n"
    }
}
