import Foundation
import Testing
import Shrink
import ShrinkIO

/// `shrink fit --family binomial|poisson` and predicting with the saved models.
@Suite("GLM families on the command line")
struct GLMCommandTests {
    let breastCancer = packageRoot.appendingPathComponent("Examples/breast_cancer.csv").path
    let wine = packageRoot.appendingPathComponent("Examples/wine.csv").path

    /// The saved binomial model records its classes; predicted probabilities are the inverse logit
    /// of the link, and classes threshold the link at 0.
    @Test func binomialFitAndPredict() throws {
        let dir = try TempDirectory()
        let model = dir.file("model.json")
        let fit = try ShrinkTool.run(["fit", breastCancer, "--target", "y", "--family", "binomial",
                                      "--nlambda", "20", "--output", model, "--quiet"], in: dir)
        #expect(fit.status == 0, "\(fit.stderr)")
        let document = try ModelDocument(contentsOf: model)
        #expect(document.family == "binomial")
        #expect(document.classes == ["0", "1"])
        let link = try ShrinkTool.run(["predict", model, breastCancer, "--type", "link", "-q"], in: dir)
        let response = try ShrinkTool.run(["predict", model, breastCancer, "--type", "response", "-q"], in: dir)
        let classes = try ShrinkTool.run(["predict", model, breastCancer, "--type", "class", "-q"], in: dir)
        let eta = link.stdout.split(separator: "\n").dropFirst().compactMap { Double($0) }
        let p = response.stdout.split(separator: "\n").dropFirst().compactMap { Double($0) }
        let c = classes.stdout.split(separator: "\n").dropFirst().map(String.init)
        #expect(eta.count == 569 && p.count == 569 && c.count == 569)
        for i in eta.indices {
            #expect(abs(p[i] - 1 / (1 + exp(-eta[i]))) <= 1e-15)
            #expect(c[i] == (eta[i] > 0 ? "1" : "0"))
        }
    }

    @Test func binomialNeedsTwoClasses() throws {
        let dir = try TempDirectory()
        let run = try ShrinkTool.run(["fit", wine, "--target", "y", "--family", "binomial"], in: dir)
        #expect(run.status == 2)
        #expect(run.stderr.contains("--family binomial needs exactly two distinct target values, found 3"))
        let bad = try ShrinkTool.run(["fit", wine, "--target", "y", "--family", "gamma"], in: dir)
        #expect(bad.status == 2)
        #expect(bad.stderr.contains("--family must be gaussian, binomial or poisson"))
    }

    /// Poisson: `--type response` is the mean exp(link); `--type class` is refused.
    @Test func poissonPredict() throws {
        let dir = try TempDirectory()
        let model = dir.file("model.json")
        let fit = try ShrinkTool.run(["fit", wine, "--target", "y", "--family", "poisson", "--nlambda", "10",
                                      "--output", model, "--quiet"], in: dir)
        #expect(fit.status == 0, "\(fit.stderr)")
        let link = try ShrinkTool.run(["predict", model, wine, "--type", "link", "-q"], in: dir)
        let mean = try ShrinkTool.run(["predict", model, wine, "--type", "response", "-q"], in: dir)
        let eta = link.stdout.split(separator: "\n").dropFirst().compactMap { Double($0) }
        let mu = mean.stdout.split(separator: "\n").dropFirst().compactMap { Double($0) }
        #expect(eta.count == 178 && mu.count == 178)
        for i in eta.indices { #expect(abs(mu[i] - exp(eta[i])) <= 1e-12 * mu[i]) }
        let cls = try ShrinkTool.run(["predict", model, wine, "--type", "class"], in: dir)
        #expect(cls.status == 2)
    }
}
