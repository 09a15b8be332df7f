/// A cache of the inner products `z~_j' z~_k` among the features that have been in a Newton support.
///
/// Features get a slot when first needed; a new feature's products with every slotted feature are
/// computed once, so a path pays O(n s^2) for s slotted features instead of O(n m^2) per Newton step.
struct SupportGram {
    private var slot: [Int]
    /// The lower triangle by rows, packed: the product of slots `s` and `t <= s` at `s (s + 1) / 2 + t`.
    private var packed: [Double] = []
    /// The number of slotted features.
    private var count = 0

    /// Creates an empty cache for `featureCount` features.
    init(featureCount: Int) {
        slot = [Int](repeating: -1, count: featureCount)
    }

    /// Computes the products of the features in `support` that have no slot yet.
    mutating func include<Model: ResidualModel>(_ support: [Int], model: Model) {
        let fresh = support.filter { slot[$0] < 0 }
        if !fresh.isEmpty {
            var slotted = [Int](repeating: 0, count: count)
            for (j, s) in slot.enumerated() where s >= 0 { slotted[s] = j }
            let all = slotted + fresh
            let products = model.crossProducts(all, fresh)
            for (c, k) in fresh.enumerated() {
                let s = count
                slot[k] = s
                for t in 0...s { packed.append(products[t * fresh.count + c]) }
                count += 1
            }
        }
    }

    /// The product of features `j` and `k`, both included.
    @inline(__always)
    func product(_ j: Int, _ k: Int) -> Double {
        let a = slot[j], c = slot[k]
        return a >= c ? packed[a * (a + 1) / 2 + c] : packed[c * (c + 1) / 2 + a]
    }

    /// Returns the row-major `|support| x |support|` Gram matrix, computing missing products.
    mutating func matrix<Model: ResidualModel>(_ support: [Int], model: Model) -> [Double] {
        include(support, model: model)
        let m = support.count
        var out = [Double](repeating: 0, count: m * m)
        for a in 0..<m {
            let sa = slot[support[a]]
            for c in 0...a {
                let sc = slot[support[c]]
                let v = sa >= sc ? packed[sa * (sa + 1) / 2 + sc] : packed[sc * (sc + 1) / 2 + sa]
                out[a * m + c] = v
                out[c * m + a] = v
            }
        }
        return out
    }
}
