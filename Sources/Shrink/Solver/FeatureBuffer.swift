/// A fixed-size buffer of per-feature (or per-observation) values owned by a solver class, which
/// frees it with ``deallocate()`` in its `deinit`.
///
/// A class's array properties pay a dynamic exclusivity check on every subscript the optimizer
/// cannot prove safe; in the IRLS solver's per-feature loops those checks took about 10 % of a
/// sparse logistic path (callgrind). A buffer held in a `let` is subscripted without them.
struct FeatureBuffer<Element> {
    /// The first element.
    let base: UnsafeMutablePointer<Element>
    /// The number of elements.
    let count: Int

    /// Allocates `count` elements, each `value`.
    init(repeating value: Element, count: Int) {
        base = .allocate(capacity: max(1, count))
        base.initialize(repeating: value, count: count)
        self.count = count
    }

    /// The element at `i` (unchecked in release builds).
    @inline(__always)
    subscript(i: Int) -> Element {
        get { base[i] }
        nonmutating set { base[i] = newValue }
    }

    /// A copy of the elements as an array.
    var array: [Element] { Array(UnsafeBufferPointer(start: base, count: count)) }

    /// Frees the elements; the buffer must not be used afterwards.
    func deallocate() {
        base.deinitialize(count: count)
        base.deallocate()
    }
}
