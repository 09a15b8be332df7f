import Foundation
import ArgumentParser
import Shrink
import ShrinkIO

/// `shrink fit`: fits an elastic-net path to a CSV or LIBSVM file.
struct FitCommand: ParsableCommand {
    /// The subcommand's name and help.
    static let configuration = CommandConfiguration(
        commandName: "fit", abstract: "Fit an elastic-net path to a CSV or LIBSVM file.",
        discussion: """
        Reads the data, fits the coefficients on a decreasing grid of lambdas and prints the path \
        table (Df, %Dev, Lambda), like glmnet's print. Text columns become one-hot features named \
        column=level (one per level, levels sorted by their UTF-8 bytes). With --family binomial \
        the target may hold any two labels (numbers or text; the second in sorted order is \
        modelled). --offset names a column added to the linear predictor (link scale: for \
        poisson, log exposure); with --family multinomial it names one column per class, \
        C1,...,CK in the order of the sorted classes. Save the model with --output to use it \
        with predict, path and inspect.

        Examples:
          shrink fit Examples/diabetes.csv --target y --alpha 0.5 --output model.json
          shrink fit houses.csv --target price --features area,rooms,city --impute mean
          shrink fit data.svm --nlambda 50 --json > model.json
          shrink fit patients.csv --target diagnosis --family binomial
          shrink fit claims.csv --target claims --family poisson --offset log_exposure
          shrink fit wine.csv --target cultivar --family multinomial --offset off_a,off_b,off_c
          cat data.csv | shrink fit - --target 1 --quiet
        """)

    @OptionGroup var input: DataOptions

    @Option(help: ArgumentHelp("The model family: gaussian, binomial (two distinct target labels, numbers or text; the second in sorted order is modelled), multinomial (three or more labels) or poisson (counts).",
                               valueName: "family"))
    var family: String = "gaussian"

    @Option(help: "The elastic-net mixing parameter in [0, 1]: 1 is the lasso, 0 is ridge.")
    var alpha: Double = 1

    @Option(name: .customLong("lambda"), parsing: .unconditional, help: ArgumentHelp("Fit these lambdas instead of an automatic grid.",
                                                             valueName: "L1,L2,..."))
    var lambdas: String?

    @Option(name: .customLong("nlambda"), help: "The number of lambdas of the automatic grid.")
    var lambdaCount: Int = 100

    @Option(help: "The smallest automatic lambda as a fraction of lambda_max (default 1e-4 if n > p, else 1e-2).")
    var lambdaMinRatio: Double?

    @Option(help: ArgumentHelp("Penalty factors of some features (0 leaves a feature unpenalized).",
                               valueName: "NAME=V,..."))
    var penaltyFactor: [String] = []

    @Option(parsing: .unconditional, help: "A lower bound (<= 0) for every coefficient.")
    var lowerLimit: Double?

    @Option(parsing: .unconditional, help: "An upper bound (>= 0) for every coefficient.")
    var upperLimit: Double?

    @Flag(help: "Penalize the coefficients of the raw (unstandardized) features.")
    var noStandardize = false

    @Flag(help: "Fit without an intercept.")
    var noIntercept = false

    @Option(help: "The convergence tolerance (relative duality gap).")
    var tolerance: Double?

    @Option(help: "Stop before a lambda with more than this many non-zero coefficients.")
    var dfmax: Int?

    @Option(help: "Stop before more than this many features have ever been non-zero.")
    var pmax: Int?

    @Option(help: "The solver: automatic (at --alpha 0 ridge-svd for gaussian, ridge-newton for binomial/poisson when they apply, else coordinate descent), naive, covariance, ridge-svd or ridge-newton.")
    var solver: String = "automatic"

    @Flag(help: "Print the model document (JSON) instead of the path table.")
    var json = false

    @Option(help: ArgumentHelp("Save the model document to this file.", valueName: "model.json"))
    var output: String?

    @Flag(help: "Overwrite the --output file if it exists.")
    var force = false

    @Flag(help: "Convert the design to a sparse matrix before fitting (LIBSVM data is always sparse).")
    var sparse = false

    @Option(help: ArgumentHelp("For --family multinomial: ungrouped (the elastic net on each class's coefficients) or grouped (one group-lasso penalty per feature across the classes).",
                               valueName: "penalty"))
    var multinomialPenalty: String = "ungrouped"

    /// Reads the data, fits the path and prints (and saves) the result.
    func run() throws {
        try Output.checkCanCreate(output, force: force)
        let modelData = try input.load(categoricalTarget: categoricalTarget)
        let options = try elasticNetOptions(for: modelData)
        var design = modelData.design
        if sparse, case .dense(let dense) = design {
            guard dense.rowCount <= Int(Int32.max) else {
                throw CommandFailure.usage("--sparse supports at most \(Int32.max) rows")
            }
            design = .sparse(SparseMatrix(dense))
        }
        if family == "multinomial" { return try runMultinomial(modelData, design: design, options: options) }
        let response = try familyResponse(for: modelData)
        let path: RegularizationPath
        do {
            path = try response.cvFamily.fit(design, response.y, options)
        } catch let error as ShrinkError {  // a property of the data: name the file
            throw CommandFailure.usage("\(input.data == "-" ? "<stdin>" : input.data): \(error.description)")
        }
        guard !path.points.isEmpty else {
            throw CommandFailure.usage("the path is empty: the largest lambda already exceeds the --dfmax or --pmax limit")
        }
        Output.warnUnconverged(path.points.filter { !$0.converged }.count, of: path.points.count)
        var model = try ModelDocument(path: path, features: modelData.featureNames, options: options)
        model.classes = response.classes
        try model.recordTraining(modelData, design: design, input: input)
        if let output { try model.write(to: output, force: force) }
        if json {
            Output.standard(try model.jsonText())
        } else {
            Output.standard("Call: \(Output.commandLine())\n\n" + PathTable.render(model))
        }
    }

    /// Splits comma-separated list options (which may also be repeated) into their items.
    static func splitList(_ values: [String]) -> [String] {
        values.flatMap { $0.split(separator: ",", omittingEmptySubsequences: true) }
            .map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
    }
}
