/// Places text labels along one axis so that they do not overlap, keeping each as close to its
/// anchor as possible and dropping the least important ones when they cannot all fit.
public enum LabelPlacement {
    /// A label to place.
    public struct Item: Sendable, Equatable {
        /// Where the label would like to be (its centre, in pixels).
        public var anchor: Double
        /// Its importance: when not all labels fit, the most important are kept.
        public var priority: Double

        /// Creates an item.
        public init(anchor: Double, priority: Double) {
            self.anchor = anchor
            self.priority = priority
        }
    }

    /// Returns one centre per item (nil for dropped items) inside `[lower + size/2, upper - size/2]`
    /// with centres at least `size` apart.
    ///
    /// The `floor((upper - lower) / size)` most important items are kept; they are sorted by
    /// anchor, pushed down (forward pass) so that consecutive centres are `size` apart, then up
    /// from the upper bound (backward pass), and finally clamped to the lower bound; each pass
    /// keeps the order, so labels never cross.
    ///
    /// - Complexity: O(m log m) for m items.
    public static func place(_ items: [Item], size: Double, lower: Double, upper: Double) -> [Double?] {
        var result = [Double?](repeating: nil, count: items.count)
        guard size > 0, upper - lower >= size, !items.isEmpty else { return result }
        let capacity = Int(((upper - lower) / size).rounded(.down))
        let kept = items.indices.sorted {
            items[$0].priority != items[$1].priority ? items[$0].priority > items[$1].priority : $0 < $1
        }.prefix(capacity)
        let order = kept.sorted { items[$0].anchor != items[$1].anchor ? items[$0].anchor < items[$1].anchor : $0 < $1 }
        let lo = lower + size / 2, hi = upper - size / 2
        var y = order.map { min(max(items[$0].anchor, lo), hi) }
        for k in y.indices.dropFirst() where y[k] < y[k - 1] + size { y[k] = y[k - 1] + size }
        if let last = y.indices.last, y[last] > hi {
            y[last] = hi
            for k in stride(from: last - 1, through: 0, by: -1) where y[k] > y[k + 1] - size { y[k] = y[k + 1] - size }
        }
        if let first = y.first, first < lo {  // only when rounding left no room; spread evenly
            for k in y.indices { y[k] = lo + Double(k) * size }
        }
        for (k, i) in order.enumerated() { result[i] = y[k] }
        return result
    }
}
