import Foundation

/// Readable tick values for axes: multiples of 1, 2 or 5 times a power of ten.
public enum NiceTicks {
    /// The "nice" step for covering `span` with about `target` intervals: the smallest of
    /// 1, 2, 5 or 10 times a power of ten that is at least `span / target`.
    ///
    /// - Complexity: O(1).
    public static func step(span: Double, target: Int) -> Double {
        guard span > 0, span.isFinite, target > 0 else { return 1 }
        let rough = span / Double(target)
        let magnitude = pow(10, floor(log10(rough)))
        let residual = rough / magnitude
        let factor: Double = residual <= 1 ? 1 : residual <= 2 ? 2 : residual <= 5 ? 5 : 10
        return factor * magnitude
    }

    /// Tick values inside `[lower, upper]` at a nice step giving about `target` intervals.
    /// Values are integer multiples of the step, rounded so that they print exactly
    /// (0.30000000000000004 becomes 0.3); a degenerate range gets one tick.
    ///
    /// - Complexity: O(target).
    public static func linear(_ lower: Double, _ upper: Double, target: Int = 5) -> [Double] {
        guard lower.isFinite, upper.isFinite else { return [] }
        let lo = min(lower, upper), hi = max(lower, upper)
        if hi - lo <= 0 { return [lo] }
        let s = step(span: hi - lo, target: target)
        let first = Int((lo / s - 1e-9).rounded(.up)), last = Int((hi / s + 1e-9).rounded(.down))
        guard first <= last else { return [] }
        let decimals = max(0, -Int(floor(log10(s))) + 1)
        let scale = pow(10, Double(decimals))
        return (first...last).map { k in ((Double(k) * s) * scale).rounded() / scale }
    }

    /// Tick values for a log-10 axis over `[lower, upper]` (both positive): the powers of ten
    /// inside; with fewer than three of them, also 2 and 5 times each power; with more than
    /// `maxTicks` powers, those whose exponent is a multiple of 2 (or 3, ...).
    ///
    /// - Complexity: O(number of decades).
    public static func log(_ lower: Double, _ upper: Double, maxTicks: Int = 8) -> [Double] {
        guard lower > 0, upper > 0, lower.isFinite, upper.isFinite else { return [] }
        let lo = min(lower, upper), hi = max(lower, upper)
        let eLo = Int(floor(log10(lo) + 1e-9)), eHi = Int(ceil(log10(hi) - 1e-9))
        var decades: [Double] = []
        for e in eLo...eHi {
            let v = power(e)
            if v >= lo * (1 - 1e-9) && v <= hi * (1 + 1e-9) { decades.append(v) }
        }
        if decades.count >= 3 {
            var stride = 1
            while decades.count / stride > maxTicks { stride += 1 }
            // Keep the powers whose exponent is a multiple of the stride, so that 1 stays a tick.
            return decades.filter { Int((log10($0)).rounded()) % stride == 0 }
        }
        var ticks: [Double] = []
        for e in (eLo - 1)...eHi {
            for m in [1.0, 2.0, 5.0] {
                let v = m * power(e)
                if v >= lo * (1 - 1e-9) && v <= hi * (1 + 1e-9) { ticks.append(v) }
            }
        }
        if ticks.count >= 2 { return ticks }
        // A range inside one 1-2-5 interval: fall back to linear ticks.
        return linear(lo, hi, target: 4).filter { $0 > 0 }
    }

    /// `10^e` computed exactly for the printed value (0.001 rather than 0.0010000000000000002).
    static func power(_ e: Int) -> Double {
        e >= 0 ? pow(10, Double(e)) : 1 / pow(10, Double(-e))
    }
}
