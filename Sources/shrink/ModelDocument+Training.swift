import Shrink
import ShrinkIO

extension ModelDocument {
    /// Records how the model's data was read, so `predict` can read new data the same way: the
    /// offset column, the one-hot encoding, the imputed means, the columns' standardization and
    /// the training file's summary.
    ///
    /// - Throws: When the training file's summary cannot be computed.
    mutating func recordTraining(_ data: ModelData, design: DesignMatrix, input: DataOptions) throws {
        offset = data.offsetName
        offsets = data.classOffsetNames
        encoding = data.encoding
        imputation = data.imputation.map { Imputation(method: "mean", values: $0) }
        standardization = Standardization(design: design, weights: data.weights)
        training = try input.trainingInfo(for: data)
    }
}

extension Output {
    /// Warns on standard error when some of a path's `total` points did not reach the tolerance.
    static func warnUnconverged(_ unconverged: Int, of total: Int) {
        if unconverged > 0 { warn("\(unconverged) of \(total) path points did not reach the tolerance") }
    }
}
