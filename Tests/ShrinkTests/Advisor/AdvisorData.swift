import Foundation
@testable import Shrink

/// Seeded synthetic data whose best penalty is known by construction (smaller versions of
/// scripts/make_advisor_examples.py, generated in-test from SplitMix64).
struct AdvisorData {
    var rng: SplitMix64

    init(seed: UInt64) { rng = SplitMix64(seed: seed) }

    /// A standard normal draw (Box-Muller on two 53-bit uniforms).
    mutating func normal() -> Double {
        let u1 = (Double(rng.next() >> 11) + 0.5) / Double(1 << 53)
        let u2 = Double(rng.next() >> 11) / Double(1 << 53)
        return (-2 * log(u1)).squareRoot() * cos(2 * Double.pi * u2)
    }

    /// Builds the design from rows.
    static func design(_ rows: [[Double]]) -> DesignMatrix { .dense(DenseMatrix(rows: rows)) }

    /// Sparse truth: `signals` independent features with large coefficients, the rest noise.
    mutating func sparse(n: Int, p: Int, coefficients: [Double], noise: Double) -> (DesignMatrix, [Double]) {
        var rows: [[Double]] = [], y: [Double] = []
        for _ in 0..<n {
            let row = (0..<p).map { _ in normal() }
            var v = noise * normal()
            for (j, b) in coefficients.enumerated() { v += b * row[j] }
            rows.append(row)
            y.append(v)
        }
        return (Self.design(rows), y)
    }

    /// Dense truth: every feature has an N(0, 1) coefficient (centred); features share one factor (r = 0.5).
    mutating func dense(n: Int, p: Int, noise: Double) -> (DesignMatrix, [Double]) {
        // Centred coefficients: the shared factor carries no signal, so no few features can
        // stand in for the rest.
        let raw = (0..<p).map { _ in normal() }
        let mean = raw.reduce(0, +) / Double(p)
        let beta = raw.map { $0 - mean }
        var rows: [[Double]] = [], y: [Double] = []
        for _ in 0..<n {
            let f = normal()
            let row = (0..<p).map { _ in 0.5.squareRoot() * f + 0.5.squareRoot() * normal() }
            rows.append(row)
            y.append(zip(row, beta).reduce(noise * normal()) { $0 + $1.0 * $1.1 })
        }
        return (Self.design(rows), y)
    }

    /// Grouped truth: groups of noisy copies of latent signals (r = 1 / (1 + copyNoise^2)), every
    /// member with its group's coefficient, then independent noise features.
    mutating func grouped(n: Int, groupCoefficients: [Double], size: Int, noiseFeatures: Int, copyNoise: Double,
                          noise: Double) -> (DesignMatrix, [Double]) {
        var rows: [[Double]] = [], y: [Double] = []
        for _ in 0..<n {
            let latent = groupCoefficients.map { _ in normal() }
            var row: [Double] = []
            var v = noise * normal()
            for (g, b) in groupCoefficients.enumerated() {
                for _ in 0..<size {
                    let xj = latent[g] + copyNoise * normal()
                    row.append(xj)
                    v += b * xj
                }
            }
            for _ in 0..<noiseFeatures { row.append(normal()) }
            rows.append(row)
            y.append(v)
        }
        return (Self.design(rows), y)
    }
}
