/// An assignment of observations to cross-validation folds (fold ids 1...K, as R's `foldid`).
public struct Folds: Sendable, Equatable {
    /// The fold of each observation, 1-based.
    public let ids: [Int]
    /// The number of folds K.
    public let count: Int

    /// Checks user-given fold ids: 1-based, every fold 1...K non-empty, K >= 3 (as cv.glmnet).
    ///
    /// - Throws: ``ShrinkError/invalidInput(_:)`` naming the offending row or fold.
    public init(ids: [Int]) throws {
        guard !ids.isEmpty else { throw ShrinkError.invalidInput("the fold ids are empty") }
        for (i, id) in ids.enumerated() where id < 1 {
            throw ShrinkError.invalidInput("fold id \(id) in row \(i + 1) is not a positive integer (fold ids are 1-based)")
        }
        let k = ids.max()!
        var sizes = [Int](repeating: 0, count: k + 1)
        for id in ids { sizes[id] += 1 }
        for f in 1...k where sizes[f] == 0 {
            throw ShrinkError.invalidInput("fold \(f) has no rows; the fold ids must use every value 1...\(k)")
        }
        guard k >= 3 else {
            throw ShrinkError.invalidInput("there are \(k) folds; cross-validation needs at least 3")
        }
        self.ids = ids
        count = k
    }

    /// Random folds of (nearly) equal size: the ids `1, 2, ..., K, 1, 2, ...` (n of them) in a
    /// random order, as R's `sample(rep(1:K, length.out = n))` but drawn from ``SplitMix64``
    /// with `seed` and shuffled by its Fisher-Yates ``SplitMix64/shuffle(_:)``.
    ///
    /// - Throws: ``ShrinkError/invalidInput(_:)`` when K < 3 or K > n.
    /// - Complexity: O(n).
    public static func random(rows n: Int, folds k: Int, seed: UInt64) throws -> Folds {
        try checkCount(k, rows: n)
        var ids = (0..<n).map { $0 % k + 1 }
        var rng = SplitMix64(seed: seed)
        rng.shuffle(&ids)
        return try Folds(ids: ids)
    }

    /// Stratified folds: the rows of each class (classes in increasing order of their label) are
    /// shuffled and dealt to folds 1, 2, ..., K, 1, ... continuing from class to class, so every
    /// fold gets each class in proportion (within one row) and fold sizes differ by at most one.
    ///
    /// - Parameter classes: An integer class label per row (for example 0/1 for a binomial response).
    /// - Throws: ``ShrinkError/invalidInput(_:)`` when K < 3 or K > n.
    /// - Complexity: O(n log n).
    public static func stratified(classes: [Int], folds k: Int, seed: UInt64) throws -> Folds {
        let n = classes.count
        try checkCount(k, rows: n)
        var byClass: [Int: [Int]] = [:]
        for (i, c) in classes.enumerated() { byClass[c, default: []].append(i) }
        var rng = SplitMix64(seed: seed)
        var ids = [Int](repeating: 0, count: n)
        var next = 0
        for label in byClass.keys.sorted() {
            var rows = byClass[label]!
            rng.shuffle(&rows)
            for i in rows {
                ids[i] = next % k + 1
                next += 1
            }
        }
        // The first fold to receive a row of each class rotates, but the fold sizes can still
        // differ by one; all folds are non-empty because n >= K.
        return try Folds(ids: ids)
    }

    /// The rows (0-based, increasing) of fold `fold` (1-based).
    public func rows(in fold: Int) -> [Int] {
        ids.indices.filter { ids[$0] == fold }
    }

    private static func checkCount(_ k: Int, rows n: Int) throws {
        guard k >= 3 else { throw ShrinkError.invalidInput("folds = \(k); cross-validation needs at least 3 folds") }
        guard k <= n else { throw ShrinkError.invalidInput("folds = \(k) is more than the \(n) rows") }
    }
}
