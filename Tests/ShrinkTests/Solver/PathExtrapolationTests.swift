import Testing
@testable import Shrink

/// ``PathExtrapolation`` against closed forms: a path linear in lambda is continued exactly.
@Suite("Path extrapolation")
struct PathExtrapolationTests {
    @Test("a linear path is continued exactly; sign changes and zeros stay at zero; two blocks")
    func linear() throws {
        // b_j(lambda) = c_j - s_j lambda on two blocks of width 4; lambdas 1, 0.5, then 0.25 (r = 0.5).
        let c = [3.0, -2.0, 0.2, 0.0], slope = [1.0, -1.0, 0.7, 0.0]
        func b(_ lambda: Double) -> [Double] {
            (0..<2).flatMap { k in (0..<4).map { j in Double(k + 1) * (c[j] - slope[j] * lambda) } }
        }
        var path = PathExtrapolation(blocks: 2, width: 4)
        let empty = path.target(lambda: 0.5, b: b(1))
        #expect(empty == nil)
        path.record(lambda: 1, b: b(1), support: [0, 1, 2], intercepts: [1, 2])
        let single = path.target(lambda: 0.5, b: b(1))
        #expect(single == nil)
        path.record(lambda: 0.5, b: b(0.5), support: [0, 1, 2], intercepts: [1.5, 1])
        let next = path.target(lambda: 0.25, b: b(0.5))
        let target = try #require(next)
        #expect(target.support == [0, 1, 2])
        let exact = b(0.25)
        for k in 0..<2 {
            for (s, j) in [0, 1, 2].enumerated() {
                // Feature 2 crosses zero between 0.5 (0.2 - 0.35 < 0) and 0.25 (> 0): set to zero.
                let expected = j == 2 ? 0 : exact[k * 4 + j]
                #expect(abs(target.values[k * 3 + s] - expected) <= 1e-15, "block \(k), feature \(j)")
            }
        }
        #expect(target.intercepts == [1.75, 0.5])
        // Lambda steps that reverse or jump by more than four times the last are not extrapolated.
        let reversed = path.target(lambda: 0.75, b: b(0.5)), jump = path.target(lambda: -2, b: b(0.5))
        #expect(reversed == nil && jump == nil)
    }
}
