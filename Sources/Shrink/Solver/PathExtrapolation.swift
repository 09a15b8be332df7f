/// The last two solutions of a path solver and their linear extrapolation in lambda: the extrapolated
/// warm starts of ``IRLSSolver``, ``CoordinateDescent`` and ``MultinomialSolver``.
///
/// Coefficients are held in `blocks` blocks of `width` (one per class for the multinomial, one for the
/// others): coefficient `j` of block `k` is `b[k * width + j]`. A solution keeps its lambda, its
/// intercepts and, for its support (the features non-zero in some block), the values of every block.
///
/// Between changes of the support a lasso path is linear in lambda and a GLM path smooth, so
/// `b + r (b - b')` with `r = (lambda - l) / (l - l')` (`b` at the last lambda `l`, `b'` at the one before,
/// `l'`) starts the next solve near its solution. A coefficient whose extrapolation changes sign (or
/// that is zero) is set to zero; the caller clips to bounds and keeps the move only if the objective
/// goes down.
struct PathExtrapolation {
    /// One recorded solution.
    struct Solution {
        var lambda: Double
        var intercepts: [Double]
        var support: [Int]
        /// `values[k * support.count + s]` is block `k`'s coefficient of `support[s]`.
        var values: [Double]
    }

    /// The extrapolated point over the last solution's support (laid out as ``Solution/values``).
    struct Target {
        var support: [Int]
        var values: [Double]
        var intercepts: [Double]
    }

    let blocks: Int
    let width: Int
    private var older: Solution?
    private var last: Solution?
    /// Zeros but while ``target(lambda:b:)`` scatters the older solution into it (allocated on first use).
    private var scratch: [Double] = []

    /// Creates an empty history for `blocks` blocks of `width` coefficients.
    init(blocks: Int = 1, width: Int) {
        self.blocks = blocks
        self.width = width
    }

    /// Records the solution at `lambda`: the coefficients `b` on `support` (every feature non-zero in
    /// some block must be listed) and the intercepts.
    ///
    /// - Complexity: O(blocks |support|).
    mutating func record(lambda: Double, b: [Double], support: [Int], intercepts: [Double]) {
        var values = [Double](repeating: 0, count: blocks * support.count)
        for k in 0..<blocks {
            for (s, j) in support.enumerated() { values[k * support.count + s] = b[k * width + j] }
        }
        older = last
        last = Solution(lambda: lambda, intercepts: intercepts, support: support, values: values)
    }

    /// The extrapolation to `lambda` from the last two solutions, `b` being the last one (the current
    /// coefficients), or `nil` when there are not two solutions, the last has no support, or the
    /// lambda steps do not continue in the same direction at a comparable size (`0 < r <= 4`).
    ///
    /// - Complexity: O(blocks (|support| + |older support|)).
    mutating func target(lambda: Double, b: [Double]) -> Target? {
        guard let older, let last, !last.support.isEmpty, last.lambda != older.lambda, lambda != last.lambda
        else { return nil }
        let r = (lambda - last.lambda) / (last.lambda - older.lambda)
        guard r > 0, r <= 4 else { return nil }
        if scratch.isEmpty { scratch = [Double](repeating: 0, count: blocks * width) }
        let m = last.support.count, mo = older.support.count
        var values = [Double](repeating: 0, count: blocks * m)
        scratch.withUnsafeMutableBufferPointer { previous in
            // The older solution scattered by feature (a dictionary cost 8 % of a sparse logistic path).
            for k in 0..<blocks {
                for (s, j) in older.support.enumerated() { previous[k * width + j] = older.values[k * mo + s] }
            }
            for k in 0..<blocks {
                for (s, j) in last.support.enumerated() {
                    let now = b[k * width + j], next = now + r * (now - previous[k * width + j])
                    values[k * m + s] = next * now > 0 ? next : 0
                }
            }
            for k in 0..<blocks {
                for j in older.support { previous[k * width + j] = 0 }
            }
        }
        var intercepts = last.intercepts
        for k in intercepts.indices { intercepts[k] += r * (intercepts[k] - older.intercepts[k]) }
        return Target(support: last.support, values: values, intercepts: intercepts)
    }
}
