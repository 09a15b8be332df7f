import Shrink

/// The weighted mean and standard deviation of each feature of the fitted data (the model
/// document's `standardization` object): the centering and scaling the penalty used when the
/// model's `standardize` is true (the coefficients are always on the original scale).
public struct Standardization: Codable, Equatable, Sendable {
    /// The weighted mean of each feature.
    public let means: [Double]
    /// The weighted population standard deviation of each feature (0 for a constant feature).
    public let scales: [Double]

    /// Creates the record from its fields.
    public init(means: [Double], scales: [Double]) {
        self.means = means
        self.scales = scales
    }

    /// Computes the weighted means and population standard deviations of the columns of `x`
    /// (weights normalized to sum 1; equal weights when nil).
    ///
    /// - Complexity: O(n p) dense, O(n + stored entries) sparse.
    public init(design x: DesignMatrix, weights: [Double]?) {
        let n = x.rowCount
        let total = weights.map { $0.reduce(0, +) } ?? Double(n)
        let w = weights.map { ws in ws.map { total > 0 ? $0 / total : 0 } }
        let uniform = n > 0 ? 1 / Double(n) : 0
        var means: [Double] = []
        var scales: [Double] = []
        switch x {
        case .dense(let m):
            for j in 0..<m.columnCount {
                let column = m.column(j)
                var mean = 0.0
                for (k, v) in zip(0..., column) { mean += (w?[k] ?? uniform) * v }
                var variance = 0.0
                for (k, v) in zip(0..., column) { variance += (w?[k] ?? uniform) * (v - mean) * (v - mean) }
                means.append(mean)
                scales.append(variance.squareRoot())
            }
        case .sparse(let m):
            for j in 0..<m.columnCount {
                var mean = 0.0
                var square = 0.0
                var storedWeight = 0.0
                for k in m.columnStarts[j]..<m.columnStarts[j + 1] {
                    let wi = w?[Int(m.rowIndices[k])] ?? uniform
                    mean += wi * m.values[k]
                    storedWeight += wi
                }
                for k in m.columnStarts[j]..<m.columnStarts[j + 1] {
                    let wi = w?[Int(m.rowIndices[k])] ?? uniform
                    square += wi * (m.values[k] - mean) * (m.values[k] - mean)
                }
                // The implicit zeros contribute (0 - mean)^2 with the remaining weight.
                square += max(0, 1 - storedWeight) * mean * mean
                means.append(mean)
                scales.append(max(0, square).squareRoot())
            }
        }
        self.init(means: means, scales: scales)
    }
}
