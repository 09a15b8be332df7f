import Foundation
import Shrink
import ShrinkIO

extension FitCommand {
    /// The response a family fits, its class labels (binomial) and its cross-validation hooks.
    struct FamilyResponse {
        /// The response: as read (gaussian, poisson) or 0/1 with 1 the modelled class (binomial).
        let y: [Double]
        /// The binomial class labels, the modelled one second (`nil` otherwise).
        let classes: [String]?
        /// The family's path fitter and cross-validation measures.
        let cvFamily: CVFamily
    }

    /// Checks `--family` and prepares the response of `data` for it.
    ///
    /// - Throws: ``CommandFailure`` (usage) for an unknown family or a binomial target without
    ///   exactly two classes (naming the file and column).
    func familyResponse(for data: ModelData) throws -> FamilyResponse {
        switch family {
        case "gaussian":
            return FamilyResponse(y: data.y, classes: nil, cvFamily: .gaussian)
        case "binomial":
            let (y, classes) = try binomialResponse(data)
            return FamilyResponse(y: y, classes: classes, cvFamily: .binomial(fit: { x, y, o in try Logistic.fit(x: x, y: y, options: o) }))
        case "poisson":
            return FamilyResponse(y: data.y, classes: nil, cvFamily: .poisson(fit: { x, y, o in try Poisson.fit(x: x, y: y, options: o) }))
        default:
            throw CommandFailure.usage("--family must be gaussian, binomial or poisson, got \"\(family)\"")
        }
    }

    /// The 0/1 response and the two class labels of a binomial target (the second label in
    /// sorted order is the modelled class, as glmnet; see ``ClassLabels`` for the order).
    func binomialResponse(_ data: ModelData) throws -> (y: [Double], classes: [String]) {
        let labels = data.classLabels()
        guard labels.classes.count == 2 else { throw twoClassFailure(data, found: labels.classes) }
        return (labels.binaryResponse, labels.classes)
    }

    /// The error for a binomial target without exactly two classes.
    func twoClassFailure(_ data: ModelData, found: [String]) -> CommandFailure {
        let file = input.data == "-" ? "<stdin>" : input.data
        let column = "column \"\(data.targetName)\""
        if found.count < 2 {
            return CommandFailure.usage("\(file): \(column): --family binomial needs exactly two distinct target values, found \(found.count)"
                                        + (found.count == 1 ? " (every row is \(found[0]))" : ""))
        }
        let shown = found.prefix(10).joined(separator: ", ") + (found.count > 10 ? ", ..." : "")
        return CommandFailure.usage("\(file): \(column): --family binomial needs exactly two distinct target values, found \(found.count) (\(shown)); use --family multinomial for three or more classes")
    }

    /// A number as a class label: integers without a fraction, others in Swift's shortest form.
    static func canonical(_ v: Double) -> String {
        v == v.rounded() && abs(v) < 1e15 ? String(Int64(v)) : v.description
    }
}
