#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// The simulated design of Friedman, Hastie & Tibshirani (2010), "Regularization paths for
/// generalized linear models via coordinate descent", section 5.1:
///
/// `X_j = b Z + W_j` with `b = sqrt(rho / (1 - rho))` and `Z, W_j ~ N(0, 1)` (pairwise correlation
/// rho), `beta_j = (-1)^j exp(-2 (j - 1) / 20)` (j = 1...p), `y = X beta + k N(0, 1)` with k chosen
/// so that the signal-to-noise ratio is 3.
///
/// Deterministic for a given seed (xoshiro256** seeded by splitmix64, Box-Muller normals), so every
/// benchmark run sees the same data.
public struct FHTDesign: Sendable {
    public let rows: Int
    public let columns: Int
    public let rho: Double
    /// Column-major n x p.
    public let x: [Double]
    public let y: [Double]
    public let beta: [Double]

    public init(rows n: Int, columns p: Int, rho: Double, seed: UInt64 = 20100101) {
        precondition(rho >= 0 && rho < 1, "rho must be in [0, 1)")
        var rng = Xoshiro256(seed: seed)
        let b = (rho / (1 - rho)).squareRoot()
        let z = (0..<n).map { _ in rng.normal() }
        var x = [Double](repeating: 0, count: n * p)
        for j in 0..<p {
            for i in 0..<n { x[j * n + i] = b * z[i] + rng.normal() }
        }
        let beta = (1...p).map { j in (j % 2 == 0 ? 1.0 : -1.0) * exp(-2 * Double(j - 1) / 20) }
        var signal = [Double](repeating: 0, count: n)
        for j in 0..<p where abs(beta[j]) > 1e-300 {
            for i in 0..<n { signal[i] += x[j * n + i] * beta[j] }
        }
        let mean = signal.reduce(0, +) / Double(n)
        let variance = signal.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(max(n - 1, 1))
        let k = (variance / 3).squareRoot()
        self.rows = n
        self.columns = p
        self.rho = rho
        self.x = x
        self.y = signal.map { $0 + k * rng.normal() }
        self.beta = beta
    }
}

/// xoshiro256** (Blackman & Vigna), seeded with splitmix64.
public struct Xoshiro256: RandomNumberGenerator, Sendable {
    private var s: (UInt64, UInt64, UInt64, UInt64)
    private var spare: Double? = nil

    public init(seed: UInt64) {
        var x = seed
        func splitmix() -> UInt64 {
            x &+= 0x9E37_79B9_7F4A_7C15
            var z = x
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
        s = (splitmix(), splitmix(), splitmix(), splitmix())
    }

    public mutating func next() -> UInt64 {
        let result = rotl(s.1 &* 5, 7) &* 9
        let t = s.1 << 17
        s.2 ^= s.0
        s.3 ^= s.1
        s.1 ^= s.2
        s.0 ^= s.3
        s.2 ^= t
        s.3 = rotl(s.3, 45)
        return result
    }

    private func rotl(_ v: UInt64, _ k: UInt64) -> UInt64 { (v << k) | (v >> (64 - k)) }

    /// A uniform double in (0, 1).
    public mutating func uniform() -> Double {
        (Double(next() >> 11) + 0.5) * 0x1.0p-53
    }

    /// A standard normal deviate (Box-Muller, both values used).
    public mutating func normal() -> Double {
        if let v = spare { spare = nil; return v }
        let u1 = uniform(), u2 = uniform()
        let r = (-2 * log(u1)).squareRoot()
        let t = 2 * Double.pi * u2
        spare = r * sin(t)
        return r * cos(t)
    }
}

