import Foundation
import Testing
import Shrink
import ShrinkIO

/// `shrink fit --alpha 0` picks the ridge solvers and says so in the model document.
@Suite("shrink fit --alpha 0 uses the ridge solvers")
struct RidgeFitCommandTests {
    let diabetes = packageRoot.appendingPathComponent("Examples/diabetes.csv").path
    let breastCancer = packageRoot.appendingPathComponent("Examples/breast_cancer.csv").path

    func fit(_ arguments: [String], in dir: TempDirectory) throws -> (ShrinkTool.Run, ModelDocument?) {
        let run = try ShrinkTool.run(["fit"] + arguments + ["--json"], in: dir)
        let doc = run.status == 0 ? try ModelDocument(json: Array(run.stdout.utf8), source: "stdout") : nil
        return (run, doc)
    }

    @Test func gaussianRidgeAgreesWithCoordinateDescent() throws {
        let dir = try TempDirectory()
        let (r1, ridge) = try fit([diabetes, "--target", "y", "--alpha", "0"], in: dir)
        #expect(r1.status == 0, "\(r1.stderr)")
        let a = try #require(ridge)
        #expect(a.solver == "ridge-svd")
        #expect(r1.stdout.contains("\"solver\": \"ridge-svd\""))
        let (r2, cd) = try fit([diabetes, "--target", "y", "--alpha", "0", "--solver", "naive", "--tolerance", "1e-14"], in: dir)
        #expect(r2.status == 0, "\(r2.stderr)")
        let b = try #require(cd)
        #expect(b.solver == "naive")
        #expect(a.path.count == b.path.count)
        for (p, q) in zip(a.path, b.path) {
            #expect(abs(p.lambda - q.lambda) <= 1e-12 * q.lambda)
            let scale = q.coefficients.map(abs).max() ?? 1
            for (u, v) in zip(p.coefficients, q.coefficients) { #expect(abs(u - v) <= 1e-6 * scale) }
            #expect(abs(p.intercept - q.intercept) <= 1e-6 * max(1, abs(q.intercept)))
        }
        // Predictions from the ridge model work as for any other.
        let model = try dir.write("ridge.json", r1.stdout)
        let predicted = try ShrinkTool.run(["predict", model, diabetes, "-q"], in: dir)
        #expect(predicted.status == 0, "\(predicted.stderr)")
        #expect(predicted.stdout.split(separator: "\n").count == 443)
    }

    @Test func fallbackAndExplicitSolver() throws {
        let dir = try TempDirectory()
        let (bounded, doc) = try fit([diabetes, "--target", "y", "--alpha", "0", "--lower-limit", "-100", "--nlambda", "10"], in: dir)
        #expect(bounded.status == 0, "\(bounded.stderr)")
        #expect(doc?.solver == "covariance")
        let (limited, doc2) = try fit([diabetes, "--target", "y", "--alpha", "0", "--dfmax", "20", "--nlambda", "10"], in: dir)
        #expect(limited.status == 0, "\(limited.stderr)")
        #expect(doc2?.solver == "covariance")
        let (bad, _) = try fit([diabetes, "--target", "y", "--alpha", "0.5", "--solver", "ridge-svd"], in: dir)
        #expect(bad.status == 2)
        #expect(bad.stderr.contains("diabetes.csv") && bad.stderr.contains("ridge-svd cannot solve this request: alpha = 0.5 is not 0"),
                "\(bad.stderr)")
    }

    @Test func binomialAndPoissonRidgeNewton() throws {
        let dir = try TempDirectory()
        let (run, doc) = try fit([breastCancer, "--target", "y", "--family", "binomial", "--alpha", "0", "--nlambda", "20"], in: dir)
        #expect(run.status == 0, "\(run.stderr)")
        #expect(doc?.solver == "ridge-newton")
        #expect(doc?.family == "binomial" && doc?.classes == ["0", "1"])
        // Poisson counts from a log-linear model (deterministic).
        var g = SplitMix64(seed: 3)
        var csv = "a,b,c,count\n"
        for _ in 0..<200 {
            let a = g.uniform() * 2 - 1, b = g.uniform() * 2 - 1, c = g.uniform()
            let mu = exp(0.5 + 0.8 * a - 0.4 * b)
            var k = 0, p = exp(-mu), cdf = p
            let u = g.uniform()
            while u > cdf && k < 50 { k += 1; p *= mu / Double(k); cdf += p }
            csv += "\(a),\(b),\(c),\(k)\n"
        }
        let data = try dir.write("counts.csv", csv)
        let (prun, pdoc) = try fit([data, "--target", "count", "--family", "poisson", "--alpha", "0", "--nlambda", "15"], in: dir)
        #expect(prun.status == 0, "\(prun.stderr)")
        #expect(pdoc?.solver == "ridge-newton")
        let (cdrun, cddoc) = try fit([data, "--target", "count", "--family", "poisson", "--alpha", "0", "--nlambda", "15",
                                      "--solver", "naive", "--tolerance", "1e-12"], in: dir)
        #expect(cdrun.status == 0 && cddoc?.solver == "naive")
        if let a = pdoc, let b = cddoc {
            #expect(a.path.count == b.path.count)
            for (p, q) in zip(a.path, b.path) {
                #expect(abs(p.lambda - q.lambda) <= 1e-9 * q.lambda)
                for (u, v) in zip(p.coefficients, q.coefficients) { #expect(abs(u - v) <= 1e-5 * max(1, abs(v))) }
            }
        }
        let (wrong, _) = try fit([data, "--target", "count", "--family", "poisson", "--solver", "ridge-svd", "--alpha", "0"], in: dir)
        #expect(wrong.status == 2 && wrong.stderr.contains("ridge-svd is for the gaussian family"), "\(wrong.stderr)")
    }
}

extension SplitMix64 {
    /// A uniform draw in (0, 1) from the library's generator.
    mutating func uniform() -> Double { (Double(next() >> 11) + 0.5) / 9_007_199_254_740_992.0 }
}
