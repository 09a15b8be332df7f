import Foundation
import Testing
import Shrink
import ShrinkIO

/// `shrink fit --family multinomial` and predicting with the saved model.
@Suite("Multinomial on the command line")
struct MultinomialCommandTests {
    let wine = packageRoot.appendingPathComponent("Examples/wine.csv").path

    /// The saved model records the classes, K intercepts and K coefficient vectors per point;
    /// predicted probabilities are the softmax of the link, classes
    /// its arg-max; the JSON reads back identically.
    @Test(arguments: ["ungrouped", "grouped"])
    func fitAndPredict(penalty: String) throws {
        let dir = try TempDirectory()
        let model = dir.file("model.json")
        let fit = try ShrinkTool.run(["fit", wine, "--target", "y", "--family", "multinomial",
                                      "--multinomial-penalty", penalty, "--nlambda", "20", "--output", model,
                                      "--quiet"], in: dir)
        #expect(fit.status == 0, "\(fit.stderr)")
        let document = try ModelDocument(contentsOf: model)
        #expect(document.family == "multinomial")
        #expect(document.classes == ["0", "1", "2"])
        let text = try String(contentsOfFile: model, encoding: .utf8)
        #expect(text.contains("\"classes\": [\"0\", \"1\", \"2\"]") || text.contains("\"classes\":[\"0\",\"1\",\"2\"]"))
        let last = try #require(document.path.last)
        #expect(last.classIntercepts?.count == 3 && last.classCoefficients?.count == 3)
        #expect(try document.jsonText() == text)
        #expect(document.rows == 178)

        let link = try ShrinkTool.run(["predict", model, wine, "--type", "link", "-q"], in: dir)
        let response = try ShrinkTool.run(["predict", model, wine, "--type", "response", "-q"], in: dir)
        let classes = try ShrinkTool.run(["predict", model, wine, "--type", "class", "-q"], in: dir)
        #expect(link.status == 0 && response.status == 0 && classes.status == 0, "\(link.stderr)\(classes.stderr)")
        let linkLines = link.stdout.split(separator: "\n")
        #expect(linkLines.first == "0,1,2")
        let eta = linkLines.dropFirst().map { $0.split(separator: ",").compactMap { Double($0) } }
        let p = response.stdout.split(separator: "\n").dropFirst().map { $0.split(separator: ",").compactMap { Double($0) } }
        let c = classes.stdout.split(separator: "\n").dropFirst().map(String.init)
        #expect(eta.count == 178 && p.count == 178 && c.count == 178)
        var correct = 0
        let truth = try String(contentsOfFile: wine, encoding: .utf8).split(separator: "\n").dropFirst()
            .map { String($0.split(separator: ",").last!) }
        for i in eta.indices {
            let m = eta[i].max()!
            let e = eta[i].map { exp($0 - m) }
            let total = e.reduce(0, +)
            for k in 0..<3 { #expect(abs(p[i][k] - e[k] / total) <= 1e-15) }
            let best = eta[i].indices.max { eta[i][$0] < eta[i][$1] }!
            #expect(c[i] == String(best))
            if c[i] == truth[truth.index(truth.startIndex, offsetBy: i)] { correct += 1 }
        }
        #expect(correct >= 170)
    }

    @Test func needsThreeClassesAndAValidPenalty() throws {
        let dir = try TempDirectory()
        let data = try dir.write("two.csv", "a,b,y\n1,2,x\n2,1,z\n3,3,x\n4,1,z\n")
        let run = try ShrinkTool.run(["fit", data, "--target", "y", "--family", "multinomial"], in: dir)
        #expect(run.status == 2)
        #expect(run.stderr.contains("--family multinomial needs at least 3 distinct target values, found 2"))
        let bad = try ShrinkTool.run(["fit", wine, "--target", "y", "--family", "multinomial",
                                      "--multinomial-penalty", "sparse"], in: dir)
        #expect(bad.status == 2)
        #expect(bad.stderr.contains("--multinomial-penalty must be ungrouped or grouped"))
    }
}

/// `shrink cv --family multinomial`: the curve, the chosen lambdas and a model that predicts at them.
@Suite("Multinomial cross-validation on the command line")
struct MultinomialCVCommandTests {
    let wine = packageRoot.appendingPathComponent("Examples/wine.csv").path

    @Test func crossValidatesAndPredictsAtLambdaMin() throws {
        let dir = try TempDirectory()
        let model = dir.file("model.json")
        let run = try ShrinkTool.run(["cv", wine, "--target", "y", "--family", "multinomial", "--folds", "3",
                                      "--nlambda", "12", "--measure", "class", "--stratify", "--json",
                                      "--output", model, "--quiet"], in: dir)
        #expect(run.status == 0, "\(run.stderr)")
        let json = try #require(try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any])
        #expect(json["family"] as? String == "multinomial")
        #expect(json["measure"] as? String == "class")
        let cvm = try #require(json["cvm"] as? [Double])
        let lambdas = try #require(json["lambda"] as? [Double])
        #expect(cvm.count == lambdas.count && lambdas.count >= 2)
        #expect(cvm.allSatisfy { $0 >= 0 && $0 <= 1 })
        let indexMin = try #require(json["indexMin"] as? Int)
        #expect(cvm[indexMin] == cvm.min())
        #expect((json["cvSeconds"] as? Double).map { $0 > 0 } == true)
        let document = try ModelDocument(contentsOf: model)
        #expect(document.family == "multinomial" && document.selection?.measure == "class")
        let predict = try ShrinkTool.run(["predict", model, wine, "--s", "lambda.min", "--type", "class", "-q"], in: dir)
        #expect(predict.status == 0, "\(predict.stderr)")
        #expect(predict.stdout.split(separator: "\n").count == 179)

        let table = try ShrinkTool.run(["cv", wine, "--target", "y", "--family", "multinomial", "--folds", "3",
                                        "--nlambda", "12", "--quiet"], in: dir)
        #expect(table.status == 0 && table.stdout.contains("Multinomial Deviance"), "\(table.stdout)\(table.stderr)")
        let relax = try ShrinkTool.run(["cv", wine, "--target", "y", "--family", "multinomial", "--relax"], in: dir)
        #expect(relax.status == 2 && relax.stderr.contains("--relax"))
    }
}
