import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import Testing
@testable import ShrinkPlot

/// Parses SVG with Foundation's XMLParser and collects element names and text.
final class SVGCollector: NSObject, XMLParserDelegate {
    var elements: [String] = []
    var attributes: [[String: String]] = []
    var text = ""
    func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?,
                qualifiedName: String?, attributes attributeDict: [String: String] = [:]) {
        elements.append(name)
        attributes.append(attributeDict)
    }
    func parser(_ parser: XMLParser, foundCharacters string: String) { text += string }

    static func parse(_ svg: String) -> (ok: Bool, collector: SVGCollector) {
        let parser = XMLParser(data: Data(svg.utf8))
        let c = SVGCollector()
        parser.delegate = c
        return (parser.parse(), c)
    }
}

@Suite struct SVGTests {
    func sampleChart() -> Chart {
        var chart = Chart(width: 600, height: 360)
        chart.title = "Paths <lasso> & \"ridge\""
        chart.xLabel = "λ (log scale)"
        chart.yLabel = "coefficient"
        chart.xKind = .log
        chart.xReversed = true
        let lambdas = (0..<30).map { pow(10, 1 - Double($0) * 0.1) }
        for j in 0..<6 {
            let pts = lambdas.map { PlotPoint($0, Double(j - 3) * (1 - log10($0) / 2)) }
            chart.lines.append(LineSeries(points: pts, color: Palette.color(j), legend: j < 2 ? "f\(j)" : nil))
            chart.endLabels.append(EndLabel(text: "feature<\(j)>", y: pts.last!.y, color: Palette.color(j), priority: Double(j)))
        }
        chart.errorBars = [ErrorBars(x: [1, 2], low: [0, 1], high: [1, 2], color: "#000")]
        chart.referenceLines = [ReferenceLine(x: 0.5, label: "λmin"), ReferenceLine(x: 0.55, label: "λ1se")]
        chart.topAxis = TopAxis(title: "df", positions: [10, 1, 0.1], labels: ["0", "3", "6"])
        return chart
    }

    @Test func chartIsValidXMLWithEscapedText() {
        let svg = sampleChart().svg()
        let (ok, c) = SVGCollector.parse(svg)
        #expect(ok)
        #expect(c.elements.first == "svg")
        #expect(c.text.contains("Paths <lasso> & \"ridge\""))
        #expect(c.text.contains("feature<5>"))
        #expect(!svg.contains("<script"))
        #expect(c.elements.contains("clipPath"))
    }

    @Test func escapeHandlesMarkupAndControlCharacters() {
        #expect(SVGText.escape("a<b>&\"c'\u{01}") == "a&lt;b&gt;&amp;&quot;c&apos;")
        let (ok, _) = SVGCollector.parse("<t a=\"\(SVGText.escape("x\"<&\u{02}"))\">\(SVGText.escape("]]> <!-- &"))</t>")
        #expect(ok)
    }

    @Test func dataMapsIntoThePlotRectangle() {
        let g = sampleChart().layout()
        #expect(g.left < g.right && g.top < g.bottom)
        // Reversed log x axis: the largest lambda is at the left edge side.
        #expect(g.x.pixel(10) < g.x.pixel(0.1))
        #expect(g.x.pixel(10) >= g.left - 1e-9 && g.x.pixel(0.1) <= g.right + 1e-9)
        // One decade takes the same width everywhere.
        let d1 = g.x.pixel(1) - g.x.pixel(10), d2 = g.x.pixel(0.1) - g.x.pixel(1)
        #expect(abs(d1 - d2) < 1e-9)
        #expect(g.y.pixel(g.y.domainStart) == g.bottom)
    }

    @Test func endLabelsDoNotOverlapAndStayInTheChart() {
        var chart = sampleChart()
        chart.endLabels = (0..<40).map { EndLabel(text: "f\($0)", y: 0.01 * Double($0), color: "#000", priority: Double($0)) }
        let g = chart.layout()
        let ys = g.endLabelCenters.compactMap { $0 }.sorted()
        #expect(!ys.isEmpty)
        for k in ys.indices.dropFirst() { #expect(ys[k] - ys[k - 1] >= g.labelHeight - 1e-9) }
        #expect(ys.first! - g.labelHeight / 2 >= 0 && ys.last! + g.labelHeight / 2 <= chart.height)
        // The strongest (highest priority) labels are the ones kept.
        #expect(g.endLabelCenters[39] != nil)
    }

    @Test func referenceLabelsDoNotOverlap() {
        let g = sampleChart().layout()
        let xs = g.referenceLabelCenters.compactMap { $0 }
        #expect(xs.count == 2)
        let w = ["λmin", "λ1se"].map { SVGText.width($0, fontSize: 10) }.max()!
        #expect(abs(xs[0] - xs[1]) >= w)
    }

    @Test func barChartAndHeatmapAreValidXML() {
        var bars = PairedBarChart()
        bars.categories = ["a", "b&c", "d"]
        bars.values = [[1, -2, 0], [0.5, -1, 0.2]]
        bars.seriesNames = ["lasso", "ridge"]
        #expect(SVGCollector.parse(bars.svg()).ok)
        let x = bars.xScale()
        #expect(x.pixel(0) > x.rangeStart && x.pixel(0) < x.rangeEnd)
        let heat = Heatmap(names: ["x<1>", "x2"], values: [[1, -0.9], [-0.9, 1]])
        let (ok, c) = SVGCollector.parse(heat.svg())
        #expect(ok)
        #expect(c.text.contains("x<1>"))
        #expect(Heatmap.color(0) == "#FFFFFF")
        #expect(Heatmap.color(1) == "#D55E00")
        #expect(Heatmap.color(-1) == "#0072B2")
    }

    @Test func stepSeriesGoesAcrossThenDown() {
        var chart = Chart(width: 200, height: 200)
        chart.xDomain = (0, 2)
        chart.yDomain = (0, 2)
        chart.lines = [LineSeries(points: [PlotPoint(0, 0), PlotPoint(1, 1)], color: "#000", step: true)]
        let g = chart.layout()
        let svg = chart.svg()
        let c = SVGText.coordinate
        let expected = "M\(c(g.x.pixel(0))) \(c(g.y.pixel(0))) L\(c(g.x.pixel(1))) \(c(g.y.pixel(0))) L\(c(g.x.pixel(1))) \(c(g.y.pixel(1)))"
        #expect(svg.contains(expected))
    }

    @Test func numbersFormatCompactly() {
        #expect(SVGText.number(1e-4) == "1e-4")
        #expect(SVGText.number(0.001) == "0.001")
        #expect(SVGText.number(2500) == "2500")
        #expect(SVGText.number(1e6) == "1e6")
        #expect(SVGText.number(-0.25) == "-0.25")
        #expect(SVGText.coordinate(12.345) == "12.35")
        #expect(SVGText.coordinate(3.0) == "3")
    }

    @Test func paletteIsOkabeIto() {
        #expect(Palette.okabeIto.count == 8)
        #expect(Palette.okabeIto.contains("#009E73"))
        #expect(Palette.color(0) == Palette.color(7))
    }
}
