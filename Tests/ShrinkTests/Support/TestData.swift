import Shrink

/// SplitMix64: a small deterministic generator so test data is the same on every platform.
struct SplitMix64 {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
    /// A uniform double in (0, 1).
    mutating func uniform() -> Double { (Double(next() >> 11) + 0.5) / 9_007_199_254_740_992.0 }
    /// A standard normal draw (Box-Muller).
    mutating func normal() -> Double {
        let u = uniform(), v = uniform()
        return (-2 * log(u)).squareRoot() * cos(2 * Double.pi * v)
    }
}

/// The simulated design of Friedman, Hastie & Tibshirani (2010): equicorrelated columns.
struct SimulatedData {
    var x: DenseMatrix
    var y: [Double]

    init(rows n: Int, features p: Int, rho: Double, seed: UInt64, sparsity: Double = 0) {
        var g = SplitMix64(seed: seed)
        let b = rho > 0 ? (rho / (1 - rho)).squareRoot() : 0
        let z = (0..<n).map { _ in g.normal() }
        var values = [Double](repeating: 0, count: n * p)
        for j in 0..<p {
            for i in 0..<n {
                let v = b * z[i] + g.normal()
                values[j * n + i] = (sparsity > 0 && g.uniform() < sparsity) ? 0 : v
            }
        }
        x = DenseMatrix(rowCount: n, columnCount: p, columnMajor: values)
        var signal = [Double](repeating: 0, count: n)
        for j in 0..<p {
            let beta = (j % 2 == 0 ? -1.0 : 1.0) * exp(-2 * Double(j) / 20)
            for i in 0..<n { signal[i] += beta * values[j * n + i] }
        }
        let mean = signal.reduce(0, +) / Double(n)
        let variance = signal.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(n)
        let k = (variance / 3).squareRoot()
        y = signal.map { $0 + k * g.normal() }
    }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
