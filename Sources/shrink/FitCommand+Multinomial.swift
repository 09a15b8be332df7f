import Foundation
import Shrink
import ShrinkIO

extension FitCommand {
    /// Fits and reports a multinomial path (`--family multinomial`): K >= 3 class labels, numbers or
    /// text, sorted as ``ClassLabels`` sorts them; the model records them as `classes`.
    ///
    /// - Throws: ``CommandFailure`` (usage) for fewer than 3 classes, an offset, an unknown
    ///   `--multinomial-penalty` or data the fit refuses (naming the file).
    func runMultinomial(_ data: ModelData, design: DesignMatrix, options given: ElasticNetOptions) throws {
        let file = input.data == "-" ? "<stdin>" : input.data
        guard ["ungrouped", "grouped"].contains(multinomialPenalty) else {
            throw CommandFailure.usage("--multinomial-penalty must be ungrouped or grouped, got \"\(multinomialPenalty)\"")
        }
        if data.offsetName != nil {
            throw CommandFailure.usage("--offset is not supported with --family multinomial (one offset column would cancel across the classes)")
        }
        var options = given
        options.offset = nil
        let labels = data.classLabels()
        guard labels.classes.count >= 3 else {
            throw CommandFailure.usage("\(file): column \"\(data.targetName)\": --family multinomial needs at least 3 distinct target values, found \(labels.classes.count)"
                                       + (labels.classes.count == 2 ? "; use --family binomial for two classes" : ""))
        }
        let path: MultinomialPath
        do {
            path = try Multinomial.fit(x: design, y: labels.indices, classCount: labels.classes.count, options: options,
                                       grouped: multinomialPenalty == "grouped")
        } catch let error as ShrinkError {
            throw CommandFailure.usage("\(file): \(error.description)")
        }
        Output.warnUnconverged(path.points.filter { !$0.converged }.count, of: path.points.count)
        var model = try ModelDocument(multinomial: path, features: data.featureNames, classes: labels.classes,
                                      options: options)
        try model.recordTraining(data, design: design, input: input)
        if let output { try model.write(to: output, force: force) }
        if json {
            Output.standard(try model.jsonText())
        } else {
            Output.standard("Call: \(Output.commandLine())\n\n" + PathTable.render(model))
        }
    }
}
