import Foundation
import ArgumentParser
import Shrink
import ShrinkIO

/// `shrink compare`: L1, L2 or elastic net? Cross-validates all three on the same folds, measures
/// the evidence and recommends one.
struct CompareCommand: ParsableCommand {
    /// The subcommand's name and help.
    static let configuration = CommandConfiguration(
        commandName: "compare", abstract: "L1 or L2? Compare lasso, ridge and elastic net on your data and recommend one.",
        discussion: """
        Cross-validates ridge (alpha 0), the lasso (alpha 1) and the elastic net at each --alpha-grid \
        value on the same folds; measures n versus p, how concentrated the ridge coefficients are, \
        groups of features correlated at |r| >= --correlation-threshold and how lasso and ridge treat \
        them, and stability selection (the lasso on --subsamples random half-samples, with the \
        Meinshausen-Buhlmann bound on false selections). Recommends the sparsest penalty whose CV error \
        at lambda.min is within one standard error of the best, with the reasons. Deterministic for \
        --seed. Takes every option of `shrink fit` (--alpha is ignored; --output saves the \
        recommended penalty's model with its CV selection).

        Examples:
          shrink compare Examples/diabetes.csv --target y --seed 7
          shrink compare Examples/diabetes.csv --target y --report report.html
          shrink compare data.csv --target y --alpha-grid 0.2,0.5,0.8 --json
        """)

    @OptionGroup var fit: FitCommand

    @Option(help: "The number of folds (at least 3).")
    var folds: Int = 10

    @Option(help: "The seed of the folds and the stability subsamples (an unsigned 64-bit integer).")
    var seed: UInt64 = 1

    @Option(name: .customLong("alpha-grid"), parsing: .unconditional,
            help: ArgumentHelp("The elastic-net alphas between ridge and lasso (0 and 1 are always included).", valueName: "A1,A2,..."))
    var alphaGrid: String = "0.1,0.25,0.5,0.75,0.9"

    @Option(help: "The number of random half-samples of stability selection.")
    var subsamples: Int = 100

    @Option(help: "Features correlated at least this much (|r|) form groups.")
    var correlationThreshold: Double = 0.8

    @Option(help: ArgumentHelp("Write a self-contained HTML report (inline SVG, no scripts) to this file.", valueName: "FILE.html"))
    var report: String?

    /// Checks the choices that do not need the data.
    func validate() throws {
        if folds < 3 { throw ValidationError("--folds must be at least 3, got \(folds)") }
        if subsamples < 1 { throw ValidationError("--subsamples must be at least 1, got \(subsamples)") }
        if !(correlationThreshold > 0 && correlationThreshold <= 1) {
            throw ValidationError("--correlation-threshold must be in (0, 1], got \(correlationThreshold)")
        }
    }

    /// Reads the data, runs the comparison and prints (and writes) the results.
    func run() throws {
        try Output.checkCanCreate(fit.output, force: fit.force)
        try Output.checkCanCreate(report, force: fit.force)
        let alphas = try CVCommand.parseList(alphaGrid, option: "--alpha-grid")
        if fit.family == "multinomial" { throw CommandFailure.usage("shrink compare supports --family gaussian, binomial and poisson; for multinomial models run shrink cv --family multinomial at each --alpha to compare") }
        let modelData = try fit.input.load(categoricalTarget: fit.categoricalTarget)
        let response = try fit.familyResponse(for: modelData)
        var options = try fit.elasticNetOptions(for: modelData)
        var design = modelData.design
        if fit.sparse, case .dense(let dense) = design {
            guard dense.rowCount <= Int(Int32.max) else { throw CommandFailure.usage("--sparse supports at most \(Int32.max) rows") }
            design = .sparse(SparseMatrix(dense))
        }
        var settings = AdvisorSettings()
        settings.correlationThreshold = correlationThreshold
        settings.featureNames = modelData.featureNames
        settings.family = response.cvFamily
        var stability = StabilityOptions()
        stability.subsamples = subsamples
        let name = fit.input.data == "-" ? "<stdin>" : fit.input.data
        let showProgress = !Output.isQuiet && isatty(2) == 1
        let x = design, y = response.y, fitOptions = options, k = folds, s = seed
        let stabilityOptions = stability, advisorSettings = settings
        var progress: (@Sendable (String) -> Void)? = nil
        if showProgress {
            progress = { (message: String) in
                let line = "\r\u{1B}[Kshrink: compare: " + message
                FileHandle.standardError.write(Data(line.utf8))
            }
        }
        let progressReport = progress
        let comparison: Comparison
        do {
            comparison = try runBlocking { () async throws -> Comparison in
                try await Advisor.compare(x: x, y: y, options: fitOptions, folds: k, seed: s, alphaGrid: alphas,
                                          stability: stabilityOptions, settings: advisorSettings, progress: progressReport)
            }
        } catch let error as ShrinkError {
            throw CommandFailure.usage("\(name): \(error.description)")
        }
        if showProgress { FileHandle.standardError.write(Data("\r\u{1B}[K".utf8)) }
        let chosen = comparison.penalties.first { $0.alpha == comparison.recommendation.alpha }!
        let unconverged = comparison.penalties.flatMap { $0.cv.fit.points }.filter { !$0.converged }.count
        if unconverged > 0 { Output.warn("\(unconverged) path points did not reach the tolerance") }
        if let output = fit.output {
            options.alpha = chosen.alpha
            var model = try ModelDocument(path: chosen.cv.fit, features: modelData.featureNames, options: options)
            model.classes = response.classes
            try model.recordTraining(modelData, design: design, input: fit.input)
            model.selection = CVSelection(measure: chosen.cv.measure.rawValue, folds: chosen.cv.folds.count,
                                          lambdaMin: chosen.lambdaMin, lambda1se: chosen.lambda1se)
            try model.write(to: output, force: fit.force)
        }
        if let report {
            let html = CompareReport.html(comparison, data: name, command: Output.commandLine())
            try AtomicFile.write(Array(html.utf8), to: report, force: fit.force)
        }
        if fit.json {
            Output.standard(CompareReport.json(comparison, folds: folds, seed: seed))
        } else {
            Output.standard("Call: \(Output.commandLine())\n\n" + CompareReport.text(comparison, folds: folds, seed: seed))
        }
    }
}

/// Holds the result of an async computation for a blocking caller.
private final class CompareResultBox<T>: @unchecked Sendable {
    var result: Result<T, any Error>?
}

/// Runs `body` on the concurrency pool and waits for it (the CLI entry point is synchronous).
private func runBlocking<T>(_ body: @escaping @Sendable () async throws -> T) throws -> T {
    let box = CompareResultBox<T>()
    let done = DispatchSemaphore(value: 0)
    Task.detached {
        do { box.result = .success(try await body()) } catch { box.result = .failure(error) }
        done.signal()
    }
    done.wait()
    return try box.result!.get()
}
