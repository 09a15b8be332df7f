import Foundation

/// A map from data values to pixels along one axis, linear or logarithmic (base 10).
public struct Scale: Sendable, Equatable {
    /// How data values are spaced.
    public enum Kind: Sendable, Equatable {
        /// Equal differences get equal distances.
        case linear
        /// Equal ratios get equal distances (values must be positive).
        case log
    }

    /// The spacing.
    public let kind: Kind
    /// The data value mapped to ``rangeStart``.
    public let domainStart: Double
    /// The data value mapped to ``rangeEnd``.
    public let domainEnd: Double
    /// The pixel of ``domainStart``.
    public let rangeStart: Double
    /// The pixel of ``domainEnd``.
    public let rangeEnd: Double

    /// Creates a scale mapping `domain.0 -> range.0` and `domain.1 -> range.1` (either may be
    /// decreasing, which reverses the axis).
    public init(kind: Kind, domain: (Double, Double), range: (Double, Double)) {
        self.kind = kind
        domainStart = domain.0
        domainEnd = domain.1
        rangeStart = range.0
        rangeEnd = range.1
    }

    /// The transformed value: `log10(v)` on a log scale, `v` otherwise.
    func transform(_ v: Double) -> Double { kind == .log ? log10(v) : v }

    /// The pixel position of data value `v` (NaN for non-positive values on a log scale).
    ///
    /// - Complexity: O(1).
    public func pixel(_ v: Double) -> Double {
        if kind == .log && !(v > 0) { return .nan }
        let a = transform(domainStart), b = transform(domainEnd)
        guard b != a else { return (rangeStart + rangeEnd) / 2 }
        return rangeStart + (transform(v) - a) / (b - a) * (rangeEnd - rangeStart)
    }

    /// The data value at pixel `x` (the inverse of ``pixel(_:)``).
    public func value(atPixel x: Double) -> Double {
        let a = transform(domainStart), b = transform(domainEnd)
        guard rangeEnd != rangeStart else { return domainStart }
        let t = a + (x - rangeStart) / (rangeEnd - rangeStart) * (b - a)
        return kind == .log ? pow(10, t) : t
    }

    /// Readable tick values inside the domain (see ``NiceTicks``).
    public func ticks(target: Int = 5) -> [Double] {
        let lo = min(domainStart, domainEnd), hi = max(domainStart, domainEnd)
        return kind == .log ? NiceTicks.log(lo, hi) : NiceTicks.linear(lo, hi, target: target)
    }

    /// Returns `[lo, hi]` widened by `fraction` of its span on each side (multiplicatively on a
    /// log scale); a degenerate range is widened to a unit (or a factor of ten) around its value.
    public static func padded(_ lo: Double, _ hi: Double, kind: Kind, fraction: Double = 0.04) -> (Double, Double) {
        switch kind {
        case .linear:
            if hi - lo <= 0 { return lo == 0 ? (-1, 1) : (lo - abs(lo) * 0.5, hi + abs(hi) * 0.5) }
            let pad = (hi - lo) * fraction
            return (lo - pad, hi + pad)
        case .log:
            if hi <= lo { return (lo / 10, hi * 10) }
            let f = pow(hi / lo, fraction)
            return (lo / f, hi * f)
        }
    }
}
