import Dispatch

/// One batch of per-feature products `out[j] = f(x_j, v)` over a list of features, split over two
/// threads when it is large.
///
/// Each output entry is computed by one thread with the same arithmetic either way, so the bits do
/// not depend on the split or the timing. The batch holds pointers only (it is handed to the second
/// thread); they must outlive ``run(threaded:split:_:)``.
struct ProductBatch: @unchecked Sendable {
    /// The features whose products are computed.
    let features: UnsafeBufferPointer<Int>
    /// The vector every product is taken with.
    let vector: UnsafePointer<Double>
    /// The products, by feature index.
    let output: UnsafeMutablePointer<Double>

    /// The work (multiply-adds) from which a batch is split over two threads: about 20 us on one core,
    /// well above the cost of waking the second thread.
    static let threadedWork = 1 << 17

    /// Runs `body` on the whole batch, or, when `threaded`, on `features[..<split]` and
    /// `features[split...]` on two threads.
    func run(threaded: Bool, split: Int, _ body: @Sendable (ProductBatch) -> Void) {
        guard threaded, split > 0, split < features.count else {
            body(self)
            return
        }
        DispatchQueue.concurrentPerform(iterations: 2) { part in
            let half = part == 0 ? features[..<split] : features[split...]
            body(ProductBatch(features: UnsafeBufferPointer(rebasing: half), vector: vector, output: output))
        }
    }
}
