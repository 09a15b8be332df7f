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
        let means = try #require(b.standardization?.means)
        for (p, q) in zip(a.path, b.path) {
            #expect(abs(p.lambda - q.lambda) <= 1e-12 * q.lambda)
            let scale = q.coefficients.map(abs).max() ?? 1
            for (u, v) in zip(p.coefficients, q.coefficients) { #expect(abs(u - v) <= 1e-6 * scale) }
            // The intercept is `ybar - sum_j mean_j b_j`: on these uncentered columns (means up to 190)
            // its error is that of the coefficients times the terms' size, which at the attainable
            // objective floor (1e-13 relative) reached 4e-7 of them on the lasso solver.
            var terms = abs(q.intercept)
            for (m, v) in zip(means, q.coefficients) { terms += abs(m * v) }
            #expect(abs(p.intercept - q.intercept) <= 1e-6 * max(1, terms))
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

    @Test func ridgeOffsetIsSubtractedFromTheResponse() throws {
        let dir = try TempDirectory()
        var rng = SplitMix64(seed: 7)
        var withOffset = "x1,x2,x3,y,off\n", shifted = "x1,x2,x3,y\n"
        for _ in 0..<60 {
            let x = (0..<3).map { _ in rng.uniform() * 4 - 2 }
            let off = rng.uniform() * 3
            let y = x[0] - 2 * x[1] + 0.5 * x[2] + off + rng.uniform()
            let row = x.map { String(format: "%.17g", $0) }.joined(separator: ",")
            withOffset += row + String(format: ",%.17g,%.17g\n", y, off)
            shifted += row + String(format: ",%.17g\n", y - off)
        }
        let a = try dir.write("offset.csv", withOffset), b = try dir.write("shifted.csv", shifted)
        let one = try ShrinkTool.run(["ridge", a, "--target", "y", "--offset", "off", "--json"], in: dir)
        let two = try ShrinkTool.run(["ridge", b, "--target", "y", "--json"], in: dir)
        #expect(one.status == 0 && two.status == 0, "\(one.stderr) \(two.stderr)")
        // The same fit: identical documents apart from the timing.
        func strip(_ s: String) -> String {
            s.split(separator: "\n").filter { !$0.contains("fitSeconds") }.joined(separator: "\n")
        }
        #expect(strip(one.stdout) == strip(two.stdout))
        let plain = try ShrinkTool.run(["ridge", a, "--target", "y", "--exclude", "off", "--json"], in: dir)
        #expect(plain.status == 0, "\(plain.stderr)")
        #expect(strip(plain.stdout) != strip(one.stdout), "the offset must change the fit")
    }
}

extension SplitMix64 {
    /// A uniform draw in (0, 1) from the library's generator.
    mutating func uniform() -> Double { (Double(next() >> 11) + 0.5) / 9_007_199_254_740_992.0 }
}
