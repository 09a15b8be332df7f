import ArgumentParser
import Foundation
import Shrink
import ShrinkIO

/// `shrink ridge`: a ridge path in closed form with leave-one-out or GCV errors for every lambda.
struct RidgeCommand: ParsableCommand {
    /// The subcommand's name and help.
    static let configuration = CommandConfiguration(
        commandName: "ridge",
        abstract: "Fit a ridge (L2) path in closed form, with leave-one-out or GCV errors for every lambda.",
        discussion: """
        Same objective as `shrink fit --alpha 0`. The default grid runs from 100 * sum(d^2) (df < 0.01)
        down to 1e-3 * mean(d^2), d the singular values of the weighted, standardized design.
        Errors are weighted mean squared errors (weights normalized to sum 1); the chosen lambda
        minimizes the leave-one-out error (--loo, the default) or GCV (--gcv). An --offset column is
        subtracted from the response (coefficients and errors are those of y = offset + b0 + x'b).
        """)

    @OptionGroup var input: DataOptions

    @Option(name: .customLong("lambda"), parsing: .unconditional,
            help: ArgumentHelp("Fit these lambdas instead of the automatic grid.", valueName: "L1,L2,..."))
    var lambdas: String?

    @Option(name: .customLong("nlambda"), help: "The number of lambdas of the automatic grid.")
    var lambdaCount: Int = 100

    @Option(help: "The smallest automatic lambda as a fraction of the largest (default: down to 1e-3 * mean(d^2)).")
    var lambdaMinRatio: Double?

    @Option(help: ArgumentHelp("Penalty factors of some features (0 leaves a feature unpenalized).",
                               valueName: "NAME=V,..."))
    var penaltyFactor: [String] = []

    @Flag(help: "Penalize the coefficients of the raw (unstandardized) features.")
    var noStandardize = false

    @Flag(help: "Fit without an intercept.")
    var noIntercept = false

    @Flag(help: "Choose lambda by leave-one-out error (the default).")
    var loo = false

    @Flag(help: "Choose lambda by generalized cross-validation (skips the leave-one-out computation).")
    var gcv = false

    @Flag(help: "Print JSON instead of the table.")
    var json = false

    /// Checks the flags that exclude each other.
    func validate() throws {
        if loo && gcv { throw ValidationError("give --loo or --gcv, not both") }
        if lambdaCount < 1 { throw ValidationError("--nlambda must be at least 1, got \(lambdaCount)") }
        if let r = lambdaMinRatio, !(r > 0 && r < 1) {
            throw ValidationError("--lambda-min-ratio must be in (0, 1), got \(r)")
        }
    }

    /// Reads the data, fits the path and prints it.
    func run() throws {
        let data = try input.load()
        var options = ElasticNetOptions(alpha: 0)
        if let lambdas { options.lambdas = try FitCommand.parseLambdas(lambdas) }
        options.lambdaCount = lambdaCount
        options.lambdaMinRatio = lambdaMinRatio
        options.standardize = !noStandardize
        options.fitIntercept = !noIntercept
        options.weights = data.weights
        if !penaltyFactor.isEmpty {
            // The same parser as `shrink fit --penalty-factor`.
            let fit = try FitCommand.parse([input.data, "--penalty-factor", penaltyFactor.joined(separator: ",")])
            options.penaltyFactors = try fit.penaltyFactors(features: data.featureNames)
        }
        let criterion: RidgeCriterion = gcv ? .generalizedCrossValidation : .leaveOneOut
        let path: RidgePath
        do {
            // A gaussian offset is a known part of the fit: the path is the ridge path of y - offset.
            var y = data.y
            if let offset = data.offset { for i in y.indices { y[i] -= offset[i] } }
            path = try Ridge.fitPath(x: data.design, y: y, options: options, criterion: criterion)
        } catch let error as ShrinkError {
            throw CommandFailure.usage("\(input.data == "-" ? "<stdin>" : input.data): \(error.description)")
        }
        Output.standard(json ? Self.json(path, features: data.featureNames)
                             : "Call: \(Output.commandLine())\n\n" + Self.table(path))
    }

    /// The table: lambda, df, LOO (when computed) and GCV per lambda, the chosen row marked `*`.
    static func table(_ path: RidgePath) -> String {
        func pad(_ s: String, _ w: Int) -> String { String(repeating: " ", count: max(1, w - s.count)) + s }
        func g(_ v: Double) -> String { v.isFinite ? String(format: "%.6g", v) : "inf" }
        let hasLOO = path.leaveOneOutErrors != nil
        var lines = ["   " + pad("Lambda", 12) + pad("df", 10) + (hasLOO ? pad("LOO", 13) : "") + pad("GCV", 13)]
        for (l, point) in path.points.enumerated() {
            var line = pad(String(l + 1), 3) + pad(String(format: "%#.5g", point.lambda), 12)
                + pad(String(format: "%.3f", path.degreesOfFreedom[l]), 10)
            if let loo = path.leaveOneOutErrors { line += pad(g(loo[l]), 13) }
            line += pad(g(path.gcvErrors[l]), 13) + (l == path.chosenIndex ? " *" : "")
            lines.append(line)
        }
        let name = path.criterion == .leaveOneOut ? "leave-one-out" : "GCV"
        lines.append("Chosen by \(name): lambda \(String(format: "%#.5g", path.chosenLambda)) "
                     + "(df \(String(format: "%.3f", path.degreesOfFreedom[path.chosenIndex]))); "
                     + "solver \(path.solver.rawValue); fit time \(String(format: "%.3g", path.fitSeconds)) s")
        return lines.joined(separator: "\n") + "\n"
    }

    /// The JSON document: solver, criterion, chosen lambda and, per lambda, df, errors, intercept and coefficients.
    static func json(_ path: RidgePath, features: [String]) -> String {
        var j = JSONText()
        j.raw("{\n  "); j.key("solver"); j.string(path.solver.rawValue)
        j.raw(",\n  "); j.key("criterion"); j.string(path.criterion.rawValue)
        j.raw(",\n  "); j.key("chosenLambda"); j.numberOrNull(path.chosenLambda)
        j.raw(",\n  "); j.key("chosenIndex"); j.raw(String(path.chosenIndex))
        j.raw(",\n  "); j.key("rows"); j.raw(String(path.rowCount))
        j.raw(",\n  "); j.key("features"); j.raw("[")
        for (k, name) in features.enumerated() {
            if k > 0 { j.raw(", ") }
            j.string(name)
        }
        j.raw("],\n  "); j.key("singularValues"); j.numbersOrNull(path.singularValues)
        j.raw(",\n  "); j.key("fitSeconds"); j.numberOrNull(path.fitSeconds)
        j.raw(",\n  "); j.key("path"); j.raw("[\n")
        for (l, p) in path.points.enumerated() {
            j.raw(l == 0 ? "    {" : ",\n    {")
            j.key("lambda"); j.numberOrNull(p.lambda)
            j.raw(", "); j.key("df"); j.numberOrNull(path.degreesOfFreedom[l])
            if let loo = path.leaveOneOutErrors { j.raw(", "); j.key("loo"); j.numberOrNull(loo[l]) }
            j.raw(", "); j.key("gcv"); j.numberOrNull(path.gcvErrors[l])
            j.raw(", "); j.key("devRatio"); j.numberOrNull(p.devianceRatio)
            j.raw(", "); j.key("intercept"); j.numberOrNull(p.intercept)
            j.raw(", "); j.key("coefficients"); j.numbersOrNull(p.coefficients.dense)
            j.raw("}")
        }
        j.raw("\n  ]\n}\n")
        return j.text
    }
}
