import Foundation
import Shrink
import ShrinkIO

extension CVCommand {
    /// Cross-validates a multinomial path (`--family multinomial`) and prints (and saves) the result:
    /// the curve of the chosen measure (deviance, class, mse or mae), the model with lambda.min and
    /// lambda.1se. The relaxed fit and the alpha search are not available for this family.
    ///
    /// - Throws: ``CommandFailure`` (usage) for fewer than 3 classes, offsets other than one per class, an unknown
    ///   `--multinomial-penalty` or `--measure`, `--relax` / `--alpha-grid`, or data the fit refuses.
    func runMultinomial(_ data: ModelData, design: DesignMatrix, options given: ElasticNetOptions,
                        input: DataOptions, foldIDs: [Int]?) throws {
        let file = input.data == "-" ? "<stdin>" : input.data
        guard ["ungrouped", "grouped"].contains(fit.multinomialPenalty) else {
            throw CommandFailure.usage("--multinomial-penalty must be ungrouped or grouped, got \"\(fit.multinomialPenalty)\"")
        }
        if relax || alphaGrid != nil {
            throw CommandFailure.usage("--relax and --alpha-grid are not available with --family multinomial")
        }
        let labels = data.classLabels()
        guard labels.classes.count >= 3 else {
            throw CommandFailure.usage("\(file): column \"\(data.targetName)\": --family multinomial needs at least 3 distinct target values, found \(labels.classes.count)"
                                       + (labels.classes.count == 2 ? "; use --family binomial for two classes" : ""))
        }
        // Per-class offsets (--offset C1,...,CK): every fold fits and predicts with its rows' offsets.
        let offsets = try FitCommand.classOffsets(data, classes: labels.classes, file: file)
        var options = given
        options.offset = nil
        var cv = CVOptions()
        cv.folds = folds
        cv.seed = seed
        cv.measure = measure.flatMap(CVMeasure.init(rawValue:))
        cv.foldLambdas = CVOptions.FoldLambdas(rawValue: foldLambdas) ?? .glmnet
        if stratify { cv.strata = labels.indices }
        cv.foldIDs = foldIDs
        let grouped = fit.multinomialPenalty == "grouped"
        let frozenOptions = options, frozenCV = cv, classes = labels.indices, count = labels.classes.count
        let result: MultinomialCVResult
        let clock = ContinuousClock(), start = clock.now
        do {
            result = try blocking {
                try await CrossValidation.multinomial(x: design, y: classes, classCount: count, grouped: grouped,
                                                      options: frozenOptions, offsets: offsets, cvOptions: frozenCV)
            }
        } catch let error as ShrinkError {
            throw CommandFailure.usage("\(file): \(error.description)")
        }
        let seconds = Self.seconds(clock.now - start)
        Output.warnUnconverged(result.fit.points.filter { !$0.converged }.count, of: result.fit.points.count)
        var model = try ModelDocument(multinomial: result.fit, features: data.featureNames, classes: labels.classes,
                                      options: options)
        try model.recordTraining(data, design: design, input: input)
        model.selection = CVSelection(measure: result.measure.rawValue, folds: result.folds.count,
                                      lambdaMin: result.lambdaMin, lambda1se: result.lambda1se)
        if let output = fit.output { try model.write(to: output, force: fit.force) }
        try writePlot(result.curve, measure: result.measure, folds: result.folds.count)
        let summary = CVReport.Summary(result)
        if fit.json {
            Output.standard(try CVReport.json(summary, search: nil, ic: nil, model: model, seconds: seconds))
        } else {
            Output.standard("Call: \(Output.commandLine())\n\n" + CVReport.table(summary, search: nil))
        }
    }
}
