import Foundation
import Shrink
import ShrinkIO

extension FitCommand {
    /// Translates the command-line options into ``ElasticNetOptions`` for these features.
    ///
    /// - Throws: ``CommandFailure`` (usage) for values that cannot be parsed or do not match the data.
    func elasticNetOptions(for data: ModelData) throws -> ElasticNetOptions {
        let p = data.featureNames.count
        var options = ElasticNetOptions(alpha: alpha)
        guard alpha >= 0 && alpha <= 1 else { throw CommandFailure.usage("--alpha must be in [0, 1], got \(alpha)") }
        if let lambdas { options.lambdas = try Self.parseLambdas(lambdas) }
        options.lambdaCount = lambdaCount
        options.lambdaMinRatio = lambdaMinRatio
        options.standardize = !noStandardize
        options.fitIntercept = !noIntercept
        options.weights = data.weights
        options.offset = data.offset
        if let names = data.classOffsetNames, family != "multinomial" {
            throw CommandFailure.usage("--offset takes one column for --family \(family), got \(names.count) (\(names.map { "\"\($0)\"" }.joined(separator: ", "))); one column per class is for --family multinomial")
        }
        if !penaltyFactor.isEmpty { options.penaltyFactors = try penaltyFactors(features: data.featureNames) }
        if let lowerLimit {
            guard lowerLimit <= 0 else { throw CommandFailure.usage("--lower-limit must be <= 0, got \(lowerLimit)") }
            options.lowerLimits = Array(repeating: lowerLimit, count: p)
        }
        if let upperLimit {
            guard upperLimit >= 0 else { throw CommandFailure.usage("--upper-limit must be >= 0, got \(upperLimit)") }
            options.upperLimits = Array(repeating: upperLimit, count: p)
        }
        if let tolerance { options.tolerance = tolerance }
        if let dfmax {
            guard dfmax >= 0 else { throw CommandFailure.usage("--dfmax must be >= 0, got \(dfmax)") }
            options.maxFeatures = dfmax
        }
        if let pmax {
            guard pmax >= 0 else { throw CommandFailure.usage("--pmax must be >= 0, got \(pmax)") }
            options.maxEverActive = pmax
        }
        guard let engine = ElasticNetOptions.Solver(rawValue: solver) else {
            let choices = ElasticNetOptions.Solver.allCases.map(\.rawValue).joined(separator: ", ")
            throw CommandFailure.usage("--solver must be one of \(choices), got \"\(solver)\"")
        }
        options.solver = engine
        return options
    }

    /// Parses `--lambda L1,L2,...`.
    static func parseLambdas(_ text: String) throws -> [Double] {
        let items = splitList([text])
        guard !items.isEmpty else { throw CommandFailure.usage("--lambda needs at least one value") }
        return try items.map { item in
            guard let v = Double(item), v.isFinite, v >= 0 else {
                throw CommandFailure.usage("--lambda: \"\(item)\" is not a finite non-negative number")
            }
            return v
        }
    }

    /// Parses `--penalty-factor NAME=V,...` into one factor per feature (1 when not given).
    func penaltyFactors(features: [String]) throws -> [Double] {
        var factors = [Double](repeating: 1, count: features.count)
        var given = Set<Int>()
        for item in Self.splitList(penaltyFactor) {
            guard let eq = item.lastIndex(of: "=") else {
                throw CommandFailure.usage("--penalty-factor: \"\(item)\" is not NAME=VALUE")
            }
            let name = item[..<eq].trimmingCharacters(in: .whitespaces)
            let text = item[item.index(after: eq)...].trimmingCharacters(in: .whitespaces)
            guard let j = features.firstIndex(of: name) else {
                let list = features.prefix(20).map { "\"\($0)\"" }.joined(separator: ", ")
                throw CommandFailure.usage("--penalty-factor: \"\(name)\" is not a feature; the features are \(list)"
                                           + (features.count > 20 ? ", ..." : ""))
            }
            guard let v = Double(text), v.isFinite, v >= 0 else {
                throw CommandFailure.usage("--penalty-factor: \"\(text)\" for \"\(name)\" is not a finite non-negative number")
            }
            guard given.insert(j).inserted else {
                throw CommandFailure.usage("--penalty-factor: \"\(name)\" is given twice")
            }
            factors[j] = v
        }
        return factors
    }
}
