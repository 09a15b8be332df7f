/// The weighted cross products `sum_i v_i x~_ij x~_ik` of the features an IRLS path has held as
/// Hessians, at the weights `v` of the last reset: reused across IRLS steps and lambdas while the
/// weights stay close (a proximal Newton step with a slightly stale Hessian still converges to the
/// same point, only its rate changes), and extended in O(n m) per feature that joins.
struct HessianCache {
    /// The held features, in the order of ``rows``.
    private(set) var features: [Int] = []
    private var position: [Int]
    /// `products[a * capacity + c] = sum_i v_i x~_ia x~_ic` for held features `a`, `c` (by position).
    private var products: [Double] = []
    private var capacity = 0
    /// `sum_i v_i x~_ij` by position.
    private var sums: [Double] = []
    /// The weights the products were formed with (empty before the first reset).
    private(set) var weights: [Double] = []
    /// `sum_i v_i`.
    private(set) var weightSum = 0.0

    /// Creates an empty cache for `featureCount` features.
    init(featureCount: Int) {
        position = [Int](repeating: -1, count: featureCount)
    }

    /// Whether the cache holds no weights.
    var isEmpty: Bool { weights.isEmpty }

    /// Drops every product and adopts `weights`.
    ///
    /// - Complexity: O(n + held features).
    mutating func reset(weights: [Double]) {
        for j in features { position[j] = -1 }
        features.removeAll(keepingCapacity: true)
        sums.removeAll(keepingCapacity: true)
        self.weights = weights
        var s = 0.0
        for x in weights { s += x }
        weightSum = s
    }

    /// The relative distance `sum_i |v_i - w_i| / sum_i w_i` of `v` from the cached weights `w`.
    ///
    /// - Complexity: O(n).
    func drift(from v: [Double]) -> Double {
        var d = 0.0
        for i in v.indices { d += abs(v[i] - weights[i]) }
        return weightSum > 0 ? d / weightSum : .infinity
    }

    /// Computes the products of the features of `set` not yet held with every held feature.
    ///
    /// - Returns: `false` when the design cannot form weighted products fast.
    /// - Complexity: O(n f (m + f)) for `f` new and `m` held features (half that on an empty cache).
    mutating func include<Design: GLMDesign>(_ set: [Int], design: Design) -> Bool {
        let fresh = set.filter { position[$0] < 0 }
        if fresh.isEmpty { return true }
        let old = features.count, all = features + fresh, width = all.count
        let computed = weights.withUnsafeBufferPointer { design.weightedCrossProducts(fresh, all, $0.baseAddress!) }
        guard let computed else { return false }
        if width > capacity {
            let grown = max(width, 2 * capacity, 16)
            var larger = [Double](repeating: 0, count: grown * grown)
            for a in 0..<old {
                for c in 0..<old { larger[a * grown + c] = products[a * capacity + c] }
            }
            products = larger
            capacity = grown
        }
        products.withUnsafeMutableBufferPointer { h in
            for f in 0..<fresh.count {
                let row = old + f
                for c in 0..<width {
                    // Products among the new features: keep one of each symmetric pair.
                    if c >= old && c < row { continue }
                    let value = computed[f * width + c]
                    h[row * capacity + c] = value
                    h[c * capacity + row] = value
                }
            }
        }
        for (f, j) in fresh.enumerated() {
            position[j] = old + f
            features.append(j)
            sums.append(weights.withUnsafeBufferPointer { design.dot(j, $0.baseAddress!) })
        }
        return true
    }

    /// `sum_i v_i x~_ij`, for a held feature.
    @inline(__always)
    func sum(_ j: Int) -> Double { sums[position[j]] }

    /// Returns the row-major `m x m` matrix `product(set[a], set[c]) - weightSum * means[a] * means[c]`
    /// of held features: their weighted cross products about `means`.
    ///
    /// - Complexity: O(m^2).
    func centeredProducts(_ set: [Int], means: [Double]) -> [Double] {
        let m = set.count
        return [Double](unsafeUninitializedCapacity: m * m) { out, initialized in
            centeredProducts(set, means: means, into: out.baseAddress!)
            initialized = m * m
        }
    }

    /// Writes ``centeredProducts(_:means:)`` to `out` (`m x m`, row-major).
    ///
    /// - Complexity: O(m^2).
    func centeredProducts(_ set: [Int], means: [Double], into out: UnsafeMutablePointer<Double>) {
        let m = set.count, total = weightSum
        let slots = set.map { position[$0] }
        products.withUnsafeBufferPointer { h in
            means.withUnsafeBufferPointer { mu in
                for a in 0..<m {
                    let row = h.baseAddress! + slots[a] * capacity, scaled = total * mu[a], target = out + a * m
                    for c in 0..<m { target[c] = row[slots[c]] - scaled * mu[c] }
                }
            }
        }
    }
}
