import Foundation
import Shrink
import ShrinkIO

extension FitCommand {
    /// Fits and reports a multinomial path (`--family multinomial`): K >= 3 class labels, numbers or
    /// text, sorted as ``ClassLabels`` sorts them; the model records them as `classes`.
    ///
    /// - Throws: ``CommandFailure`` (usage) for fewer than 3 classes, offsets other than one per class, an unknown
    ///   `--multinomial-penalty` or data the fit refuses (naming the file).
    func runMultinomial(_ data: ModelData, design: DesignMatrix, options given: ElasticNetOptions) throws {
        let file = input.data == "-" ? "<stdin>" : input.data
        guard ["ungrouped", "grouped"].contains(multinomialPenalty) else {
            throw CommandFailure.usage("--multinomial-penalty must be ungrouped or grouped, got \"\(multinomialPenalty)\"")
        }
        var options = given
        options.offset = nil
        let labels = data.classLabels()
        guard labels.classes.count >= 3 else {
            throw CommandFailure.usage("\(file): column \"\(data.targetName)\": --family multinomial needs at least 3 distinct target values, found \(labels.classes.count)"
                                       + (labels.classes.count == 2 ? "; use --family binomial for two classes" : ""))
        }
        let offsets = try Self.classOffsets(data, classes: labels.classes, file: file)
        let path: MultinomialPath
        do {
            path = try Multinomial.fit(x: design, y: labels.indices, classCount: labels.classes.count, options: options,
                                       grouped: multinomialPenalty == "grouped", offsets: offsets)
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

extension FitCommand {
    /// The per-class offsets of a multinomial fit (`--offset C1,...,CK`, one column per class in
    /// `classes` order), or `nil` without `--offset`.
    ///
    /// - Throws: ``CommandFailure`` (usage) for a number of offset columns other than K, naming
    ///   the classes in the order the columns must follow.
    static func classOffsets(_ data: ModelData, classes: [String], file: String) throws -> [[Double]]? {
        let given = data.classOffsetNames ?? data.offsetName.map { [$0] }
        guard let given else { return nil }
        guard given.count == classes.count, let offsets = data.classOffsets else {
            let expected = classes.map { "\"\($0)\"" }.joined(separator: ", ")
            let got = given.map { "\"\($0)\"" }.joined(separator: ", ")
            throw CommandFailure.usage("\(file): --family multinomial needs one offset column per class: --offset C1,...,C\(classes.count) for the classes \(expected), in that order; got \(given.count) (\(got))")
        }
        return offsets
    }
}
