import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import Testing
@testable import ShrinkIO

/// `shrink path MODEL --plot FILE.svg`: a well-formed SVG naming the strongest features, written
/// without replacing an existing file unless `--force`.
@Suite("shrink path --plot")
struct PathPlotTests {
    let diabetes = packageRoot.appendingPathComponent("Examples/diabetes.csv").path

    @Test func plotIsWellFormedSVGAndNeverOverwritesSilently() throws {
        let dir = try TempDirectory()
        let fit = try ShrinkTool.run(["fit", diabetes, "--target", "y", "--output", dir.file("m.json")], in: dir)
        #expect(fit.status == 0, "\(fit.stderr)")
        let plot = try ShrinkTool.run(["path", dir.file("m.json"), "--plot", dir.file("p.svg")], in: dir)
        #expect(plot.status == 0, "\(plot.stderr)")
        let svg = try Data(contentsOf: URL(fileURLWithPath: dir.file("p.svg")))
        let parser = XMLParser(data: svg)
        #expect(parser.parse(), "the plot is not well-formed XML")
        let text = String(decoding: svg, as: UTF8.self)
        #expect(text.hasPrefix("<svg"))
        // s5 and bmi carry the largest coefficients of the diabetes lasso path: they are labelled.
        #expect(text.contains(">s5<") && text.contains(">bmi<"))
        let again = try ShrinkTool.run(["path", dir.file("m.json"), "--plot", dir.file("p.svg")], in: dir)
        #expect(again.status == 2)
        #expect(again.stderr.contains("--force"))
    }
}

/// `shrink cv --plot FILE.svg`: a well-formed SVG with the lambda.min and lambda.1se markers.
@Suite("shrink cv --plot")
struct CVPlotTests {
    let diabetes = packageRoot.appendingPathComponent("Examples/diabetes.csv").path

    @Test func cvPlotIsWellFormedSVG() throws {
        let dir = try TempDirectory()
        let run = try ShrinkTool.run(["cv", diabetes, "--target", "y", "--folds", "5", "--seed", "3",
                                      "--plot", dir.file("cv.svg")], in: dir)
        #expect(run.status == 0, "\(run.stderr)")
        let svg = try Data(contentsOf: URL(fileURLWithPath: dir.file("cv.svg")))
        #expect(XMLParser(data: svg).parse(), "the plot is not well-formed XML")
        let text = String(decoding: svg, as: UTF8.self)
        #expect(text.contains("min") && text.contains("1se"))
    }
}
