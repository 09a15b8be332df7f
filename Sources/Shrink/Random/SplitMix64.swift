/// SplitMix64 (Steele, Lea & Flood, 2014): a small, fast, platform-independent 64-bit generator.
///
/// The sequence is fully specified by integer arithmetic modulo 2^64, so the same seed gives the
/// same numbers on every platform and Swift version:
///
///     state = state &+ 0x9E3779B97F4A7C15
///     z = state
///     z = (z ^ (z >> 30)) &* 0xBF58476D1CE4E5B9
///     z = (z ^ (z >> 27)) &* 0x94D049BB133111EB
///     return z ^ (z >> 31)
///
/// From seed 0 the first outputs are 0xE220A8397B1DCDAF, 0x6E789E6AA1B965F4, 0x06C45D188009454F.
/// It is not cryptographic. Use ``uniform(below:)`` and ``shuffle(_:)`` rather than the standard
/// library's `shuffled(using:)`, whose algorithm is not specified and may change.
public struct SplitMix64: RandomNumberGenerator, Sendable, Equatable {
    /// The generator's state (advanced by the golden-ratio increment on every draw).
    public private(set) var state: UInt64

    /// Creates a generator whose first output is determined by `seed`.
    public init(seed: UInt64) {
        state = seed
    }

    /// Returns the next 64 random bits.
    ///
    /// - Complexity: O(1).
    public mutating func next() -> UInt64 {
        state = state &+ 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// Returns an integer uniformly distributed in `0..<bound` (`bound` > 0), without bias.
    ///
    /// Lemire's multiply-and-reject method (2019): the high word of `next() * bound` is the
    /// result, rejecting draws whose low word falls below `2^64 mod bound`.
    /// - Complexity: O(1) expected.
    public mutating func uniform(below bound: Int) -> Int {
        precondition(bound > 0, "the bound must be positive")
        let b = UInt64(bound)
        let threshold = (0 &- b) % b  // 2^64 mod b
        while true {
            let (high, low) = next().multipliedFullWidth(by: b)
            if low >= threshold { return Int(high) }
        }
    }

    /// Shuffles `values` in place with the Fisher-Yates algorithm: for i from the last index down
    /// to 1, swap element i with element `uniform(below: i + 1)`.
    ///
    /// - Complexity: O(n).
    public mutating func shuffle<T>(_ values: inout [T]) {
        var i = values.count - 1
        while i > 0 {
            let j = uniform(below: i + 1)
            if i != j { values.swapAt(i, j) }
            i -= 1
        }
    }
}
