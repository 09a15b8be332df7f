import Testing

/// The check shared by the batched per-feature products' tests: a batch must give every listed
/// feature the single product's value to the bit, and write nothing else.
enum BatchCheck {
    /// Runs `batch` into a buffer of `width` NaNs, expects each of `features` to hold `single` of it
    /// bit for bit and every other entry to be untouched; returns the buffer.
    @discardableResult
    static func matchesSingles(_ features: [Int], width: Int, batch: (UnsafeMutablePointer<Double>) -> Void,
                               single: (Int) -> Double) -> [Double] {
        var out = [Double](repeating: .nan, count: width)
        out.withUnsafeMutableBufferPointer { batch($0.baseAddress!) }
        var mismatches = 0
        for j in features where out[j].bitPattern != single(j).bitPattern { mismatches += 1 }
        #expect(mismatches == 0, "\(features.count) features")
        let listed = Set(features)
        #expect((0..<width).allSatisfy { listed.contains($0) || out[$0].isNaN }, "only listed features are written")
        return out
    }
}
