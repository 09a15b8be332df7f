import ShrinkIO

extension PathCommand {
    /// The coefficient paths of a multinomial model as one SVG: one panel per class (in `classes`
    /// order), stacked vertically, each as `shrink path --plot` draws a single-response model
    /// (glmnet's plot of a multinomial fit).
    static func multinomialPlot(_ document: ModelDocument) -> String {
        let classes = document.classes ?? []
        let lambdas = document.path.map(\.lambda)
        let width = 640.0, height = 400.0
        var panels = ""
        for (k, label) in classes.enumerated() {
            let coefficients = document.path.map { point in
                let b = point.classCoefficients ?? []
                return k < b.count ? b[k] : [Double](repeating: 0, count: document.features.count)
            }
            let chart = CompareReport.pathChart(
                lambdas: lambdas, coefficients: coefficients, names: document.features,
                title: "Class \(label): coefficient paths (multinomial, \(document.solver), alpha \(document.alpha))",
                yLabel: "coefficient", id: "path-\(k + 1)", width: width, height: height)
            // Each panel is a nested <svg> placed below the previous one.
            var svg = chart.svg()
            if svg.hasPrefix("<svg ") { svg = "<svg y=\"\(Int(height) * k)\" " + svg.dropFirst(5) }
            panels += svg
        }
        let total = Int(height) * classes.count
        return "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"\(Int(width))\" height=\"\(total)\" "
            + "viewBox=\"0 0 \(Int(width)) \(total)\">\n" + panels + "</svg>\n"
    }
}
