import Testing
@testable import Shrink

@Suite struct FoldsTests {
    /// The reference outputs of SplitMix64 (Steele, Lea & Flood; also Vigna's splitmix64.c).
    @Test func splitMixReferenceSequence() {
        var g = Shrink.SplitMix64(seed: 0)
        #expect(g.next() == 0xE220_A839_7B1D_CDAF)
        #expect(g.next() == 0x6E78_9E6A_A1B9_65F4)
        #expect(g.next() == 0x06C4_5D18_8009_454F)
        var h = Shrink.SplitMix64(seed: 12345)
        #expect(h.next() == 0x2211_8258_A9D1_11A0)
    }

    @Test func uniformIsInRangeAndCoversIt() {
        var g = Shrink.SplitMix64(seed: 7)
        var seen = Set<Int>()
        for _ in 0..<1000 {
            let v = g.uniform(below: 7)
            #expect(v >= 0 && v < 7)
            seen.insert(v)
        }
        #expect(seen.count == 7)
    }

    /// The same seed gives the same folds; the fold ids are a pinned, platform-independent sequence.
    @Test func randomFoldsAreDeterministic() throws {
        let a = try Folds.random(rows: 23, folds: 5, seed: 42)
        let b = try Folds.random(rows: 23, folds: 5, seed: 42)
        let c = try Folds.random(rows: 23, folds: 5, seed: 43)
        #expect(a == b)
        #expect(a != c)
        #expect(a.count == 5)
        let sizes = (1...5).map { k in a.ids.filter { $0 == k }.count }
        #expect(sizes.sorted() == [4, 4, 5, 5, 5])
        // Independent re-derivation: ids 1,2,..,5,1,.. shuffled by Fisher-Yates with Lemire draws.
        var g = Shrink.SplitMix64(seed: 42)
        var ids = (0..<23).map { $0 % 5 + 1 }
        for i in stride(from: 22, through: 1, by: -1) {
            var j = 0
            repeat {
                let (hi, lo) = g.next().multipliedFullWidth(by: UInt64(i + 1))
                if lo >= (0 &- UInt64(i + 1)) % UInt64(i + 1) { j = Int(hi); break }
            } while true
            ids.swapAt(i, j)
        }
        #expect(a.ids == ids)
    }

    @Test func stratifiedFoldsBalanceClasses() throws {
        // 30 rows of class 0, 12 of class 1, 8 of class 2 (interleaved).
        var classes: [Int] = []
        for i in 0..<50 { classes.append(i < 30 ? 0 : (i < 42 ? 1 : 2)) }
        classes.swapAt(3, 45)
        let folds = try Folds.stratified(classes: classes, folds: 4, seed: 9)
        for label in 0...2 {
            let total = classes.filter { $0 == label }.count
            for k in 1...4 {
                let inFold = classes.indices.filter { classes[$0] == label && folds.ids[$0] == k }.count
                #expect(abs(Double(inFold) - Double(total) / 4) <= 1, "class \(label) fold \(k): \(inFold) of \(total)")
            }
        }
        let sizes = (1...4).map { k in folds.ids.filter { $0 == k }.count }
        #expect(sizes.max()! - sizes.min()! <= 1)
        #expect(try Folds.stratified(classes: classes, folds: 4, seed: 9) == folds)
    }

    @Test func invalidFoldsAreRejectedWithTheValue() {
        #expect(throws: ShrinkError.invalidInput("fold id 0 in row 2 is not a positive integer (fold ids are 1-based)")) {
            try Folds(ids: [1, 0, 2, 3])
        }
        #expect(throws: ShrinkError.invalidInput("fold 2 has no rows; the fold ids must use every value 1...3")) {
            try Folds(ids: [1, 3, 3, 1])
        }
        #expect(throws: ShrinkError.invalidInput("there are 2 folds; cross-validation needs at least 3")) {
            try Folds(ids: [1, 2, 1, 2])
        }
        #expect(throws: ShrinkError.self) { try Folds.random(rows: 5, folds: 6, seed: 1) }
    }
}
