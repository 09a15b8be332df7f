import Foundation
import ArgumentParser
import Shrink
import ShrinkIO

/// `shrink cv`: chooses lambda (and optionally alpha or the relaxed blend) by K-fold
/// cross-validation, as R's cv.glmnet.
struct CVCommand: ParsableCommand {
    /// The subcommand's name and help.
    static let configuration = CommandConfiguration(
        commandName: "cv", abstract: "Choose lambda by K-fold cross-validation (as R's cv.glmnet).",
        discussion: """
        Fits the path on all data, then once without each fold, and reports the cross-validated \
        error at each lambda (cvm, with its standard error cvsd from the per-fold means), lambda.min \
        (the largest lambda at the minimum) and lambda.1se (the largest lambda within one standard \
        error of it). Folds are drawn from --seed with SplitMix64 (the same on every platform) or \
        read from a 1-based --foldid column, and run in parallel with the same result as a serial run. \
        Takes every option of `shrink fit`. --json prints {"measure", "lambda", "cvm", "cvsd", \
        "nzero", "lambdaMin", "lambda1se", "indexMin", "index1se" (0-based), "cvSeconds" (the \
        cross-validation's time without reading the data), "ic" (AIC/BIC/EBIC), "model"} (plus \
        "alphaSearch" or "relaxed"); --output saves the model with lambda.min and lambda.1se for \
        `shrink predict --s lambda.min`. The table shows 1-based indices, as R.

        Examples:
          shrink cv Examples/diabetes.csv --target y --seed 7 --output model.json
          shrink predict model.json Examples/diabetes.csv --s lambda.1se
          shrink cv data.csv --target y --foldid fold --measure mae --json
          shrink cv Examples/diabetes.csv --target y --plot cv.svg
          shrink cv data.csv --target y --alpha-grid 0,0.25,0.5,0.75,1
          shrink cv data.csv --target y --relax
          shrink cv data.csv --target label --family binomial --measure auc --stratify
          shrink cv counts.csv --target n --family poisson
          shrink cv iris.csv --target species --family multinomial --measure class --stratify
        """)

    @OptionGroup var fit: FitCommand

    @Option(help: "The number of folds (at least 3).")
    var folds: Int = 10

    @Option(help: "The seed of the fold assignment (an unsigned 64-bit integer).")
    var seed: UInt64 = 1

    @Option(help: ArgumentHelp("A column of 1-based fold ids (not a feature); overrides --folds and --seed.",
                               valueName: "column"))
    var foldid: String?

    @Option(help: ArgumentHelp("The loss: gaussian mse (default), deviance (= mse) or mae; binomial deviance (default), class, auc, mse or mae; poisson deviance (default), mse or mae; multinomial deviance (default), class, mse or mae.", valueName: "measure"))
    var measure: String?

    @Flag(help: "Stratify the folds by class (binomial, multinomial): each fold gets its share of each class.")
    var stratify = false

    @Flag(help: "Keep the out-of-fold predictions (cv.glmnet's keep = TRUE): --json adds \"prevalLink\", the held-out linear predictor of every row at every lambda, and the rows' \"foldid\". Not with --family multinomial.")
    var keep = false

    @Option(name: .customLong("alpha-grid"), parsing: .unconditional,
            help: ArgumentHelp("Also search alpha over these values, with shared folds.", valueName: "A1,A2,..."))
    var alphaGrid: String?

    @Flag(help: "Also cross-validate the relaxed fits (unpenalized refits on each active set) over --gamma.")
    var relax = false

    @Option(parsing: .unconditional, help: ArgumentHelp("The relaxed blends with --relax.", valueName: "G1,G2,..."))
    var gamma: String = "0,0.25,0.5,0.75,1"

    @Option(help: ArgumentHelp("Fold lambdas on the automatic grid: glmnet (each fold its own grid, interpolated, as cv.glmnet) or master (the full fit's grid).",
                               valueName: "mode"))
    var foldLambdas: String = "glmnet"

    @Option(help: ArgumentHelp("Also draw the CV curve (error bars, lambda.min and lambda.1se) as an SVG file.",
                               valueName: "FILE.svg"))
    var plot: String?

    @Option(help: "The gamma of the extended BIC in --json's \"ic\" (AIC, BIC and EBIC at every lambda; gaussian, binomial, poisson), in [0, 1].")
    var ebicGamma: Double = 0.5

    /// Checks the choices that do not need the data.
    func validate() throws {
        if folds < 3 { throw ValidationError("--folds must be at least 3, got \(folds)") }
        if let measure, CVMeasure(rawValue: measure) == nil {
            let all = CVMeasure.allCases.map(\.rawValue).joined(separator: ", ")
            throw ValidationError("--measure must be one of \(all), got \"\(measure)\"")
        }
        if CVOptions.FoldLambdas(rawValue: foldLambdas) == nil {
            throw ValidationError("--fold-lambdas must be glmnet or master, got \"\(foldLambdas)\"")
        }
        if !(ebicGamma >= 0 && ebicGamma <= 1) { throw ValidationError("--ebic-gamma must be in [0, 1], got \(ebicGamma)") }
        if alphaGrid != nil && relax { throw ValidationError("give --alpha-grid or --relax, not both") }
        if stratify && !fit.categoricalTarget { throw ValidationError("--stratify needs --family binomial or multinomial") }
        if stratify && foldid != nil { throw ValidationError("give --foldid or --stratify, not both") }
    }

    /// Reads the data, cross-validates and prints (and saves) the result.
    func run() throws {
        try Output.checkCanCreate(fit.output, force: fit.force)
        try Output.checkCanCreate(plot, force: fit.force)
        var input = fit.input
        if let foldid, input.features.isEmpty { input.exclude.append(foldid) }
        if foldid != nil, input.dropMissing { throw CommandFailure.usage("give --foldid or --drop-missing, not both") }
        var foldColumn: [Int]? = nil
        let modelData = try input.load(categoricalTarget: fit.categoricalTarget) { table in
            if let foldid { foldColumn = try Self.foldIDs(column: foldid, table: table) }
        }
        if foldid != nil {
            guard let ids = foldColumn else { throw CommandFailure.usage("--foldid needs CSV data") }
            guard ids.count == modelData.y.count else {
                throw CommandFailure.usage("the fold id column has \(ids.count) rows, the data \(modelData.y.count)")
            }
        }
        var options = try fit.elasticNetOptions(for: modelData)
        var design = modelData.design
        if fit.sparse, case .dense(let dense) = design {
            guard dense.rowCount <= Int(Int32.max) else {
                throw CommandFailure.usage("--sparse supports at most \(Int32.max) rows")
            }
            design = .sparse(SparseMatrix(dense))
        }
        if fit.family == "multinomial" && keep {
            throw CommandFailure.usage("--keep is not available with --family multinomial")
        }
        if fit.family == "multinomial" { return try runMultinomial(modelData, design: design, options: options, input: input, foldIDs: foldColumn) }
        let response = try fit.familyResponse(for: modelData)
        var cv = CVOptions()
        cv.family = response.cvFamily
        if stratify { cv.strata = response.y.map { $0 == 1 ? 1 : 0 } }
        cv.folds = folds
        cv.seed = seed
        cv.measure = measure.flatMap(CVMeasure.init(rawValue:))
        cv.foldLambdas = CVOptions.FoldLambdas(rawValue: foldLambdas) ?? .glmnet
        cv.foldIDs = foldColumn
        cv.keepPredictions = keep
        cv.relax = relax
        if relax { cv.gammas = try Self.parseList(gamma, option: "--gamma") }
        let alphas = try alphaGrid.map { try Self.parseList($0, option: "--alpha-grid") }
        let y = response.y
        let name = input.data == "-" ? "<stdin>" : input.data
        let frozenOptions = options, frozenDesign = design, frozenCV = cv
        let outcome: (CVResult, AlphaSearch.Result?)
        let clock = ContinuousClock(), start = clock.now
        do {
            outcome = try blocking {
                if let alphas {
                    let search = try await AlphaSearch.run(x: frozenDesign, y: y, alphas: alphas,
                                                           options: frozenOptions, cvOptions: frozenCV)
                    return (search.best, search)
                }
                return (try await CrossValidation.run(x: frozenDesign, y: y, options: frozenOptions,
                                                      cvOptions: frozenCV), nil)
            }
        } catch let error as ShrinkError {  // a property of the data: name the file
            throw CommandFailure.usage("\(name): \(error.description)")
        }
        let (result, search) = outcome
        let seconds = Self.seconds(clock.now - start)
        options.alpha = result.fit.alpha
        Output.warnUnconverged(result.fit.points.filter { !$0.converged }.count, of: result.fit.points.count)
        var model = try ModelDocument(path: result.fit, features: modelData.featureNames, options: options)
        model.classes = response.classes
        try model.recordTraining(modelData, design: design, input: input)
        model.selection = CVSelection(measure: result.measure.rawValue, folds: result.folds.count,
                                      lambdaMin: result.lambdaMin, lambda1se: result.lambda1se)
        if let output = fit.output { try model.write(to: output, force: fit.force) }
        try writePlot(result.curve, measure: result.measure, folds: result.folds.count)
        // The gaussian offset is a known part of the mean: the criteria see y - offset. The other
        // families take it inside the linear predictor.
        var icOptions = options
        var icY = y
        if result.family == "gaussian" {
            icOptions.offset = nil
            icY = options.offset.map { zip(y, $0).map { $0 - $1 } } ?? y
        }
        let ic = try InformationCriteria.along(path: result.fit, x: design, y: icY, options: icOptions,
                                               ebicGamma: ebicGamma)
        if fit.json {
            Output.standard(try CVReport.json(result, search: search, ic: ic, model: model, seconds: seconds))
        } else {
            Output.standard("Call: \(Output.commandLine())\n\n" + CVReport.table(result, search: search))
        }
    }

    /// Draws the CV curve into `--plot`, if given.
    func writePlot(_ curve: CVCurve, measure: CVMeasure, folds: Int) throws {
        guard let plot else { return }
        let chart = CompareReport.cvChart(curve, measure: measure.rawValue, title: "Cross-validation (\(folds) folds)", id: "cv")
        try Output.write(chart.svg(), to: plot, force: fit.force)
    }

    /// A duration in seconds (for `cvSeconds`).
    static func seconds(_ d: Duration) -> Double {
        Double(d.components.seconds) + Double(d.components.attoseconds) * 1e-18
    }

    /// Reads the fold-id column of the parsed data (CSV only, no dropped rows).
    static func foldIDs(column: String, table: DataTable) throws -> [Int] {
        let j = try table.resolveColumn(column, role: "fold id")
        let values = try table.numericColumn(j)
        return try values.enumerated().map { i, v in
            guard v >= 1, v <= 1e9, v == v.rounded() else {
                let line = i < table.rowLines.count ? Int(table.rowLines[i]) : i + 1
                throw CommandFailure.usage("\(table.source): line \(line), column \"\(table.columnNames[j])\": fold id \(v) is not a positive integer (fold ids are 1-based)")
            }
            return Int(v)
        }
    }

    /// Parses a comma-separated list of finite numbers.
    static func parseList(_ text: String, option: String) throws -> [Double] {
        let items = FitCommand.splitList([text])
        guard !items.isEmpty else { throw CommandFailure.usage("\(option) needs at least one value") }
        return try items.map { item in
            guard let v = Double(item), v.isFinite else {
                throw CommandFailure.usage("\(option): \"\(item)\" is not a finite number")
            }
            return v
        }
    }
}

/// Holds the result of an async computation for a blocking caller.
private final class ResultBox<T>: @unchecked Sendable {
    var result: Result<T, any Error>?
}

/// Runs `body` on the concurrency pool and waits for it (the CLI entry point is synchronous).
func blocking<T>(_ body: @escaping @Sendable () async throws -> T) throws -> T {
    let box = ResultBox<T>()
    let done = DispatchSemaphore(value: 0)
    Task.detached {
        do { box.result = .success(try await body()) } catch { box.result = .failure(error) }
        done.signal()
    }
    done.wait()
    return try box.result!.get()
}
