import Testing
@testable import ShrinkPlot

@Suite struct LabelPlacementTests {
    func check(_ centers: [Double?], size: Double, lower: Double, upper: Double) {
        let placed = centers.compactMap { $0 }.sorted()
        for y in placed { #expect(y - size / 2 >= lower - 1e-9 && y + size / 2 <= upper + 1e-9) }
        for k in placed.indices.dropFirst() { #expect(placed[k] - placed[k - 1] >= size - 1e-9) }
    }

    @Test func separatedLabelsStayAtTheirAnchors() {
        let items = [10.0, 50, 90].map { LabelPlacement.Item(anchor: $0, priority: 1) }
        let c = LabelPlacement.place(items, size: 12, lower: 0, upper: 100)
        #expect(c == [10, 50, 90])
    }

    @Test func crowdedLabelsArePushedApartInOrder() {
        let anchors = [50.0, 51, 52, 49, 50.5]
        let items = anchors.map { LabelPlacement.Item(anchor: $0, priority: 1) }
        let c = LabelPlacement.place(items, size: 12, lower: 0, upper: 200)
        check(c, size: 12, lower: 0, upper: 200)
        #expect(c.allSatisfy { $0 != nil })
        // Order along the axis is preserved: label of anchor 49 is first, of anchor 52 last.
        #expect(c[3]! < c[0]! && c[0]! < c[4]! && c[4]! < c[1]! && c[1]! < c[2]!)
    }

    @Test func labelsAtTheEdgeStayInside() {
        let items = [99.0, 99.5, 100, 98].map { LabelPlacement.Item(anchor: $0, priority: 1) }
        let c = LabelPlacement.place(items, size: 10, lower: 0, upper: 100)
        check(c, size: 10, lower: 0, upper: 100)
        #expect(c.allSatisfy { $0 != nil })
    }

    @Test func tooManyLabelsDropTheLeastImportant() {
        let items = (0..<20).map { LabelPlacement.Item(anchor: 50, priority: Double($0)) }
        let c = LabelPlacement.place(items, size: 10, lower: 0, upper: 55)
        #expect(c.compactMap { $0 }.count == 5)
        #expect((15..<20).allSatisfy { c[$0] != nil })
        check(c, size: 10, lower: 0, upper: 55)
    }

    @Test func randomLayoutsNeverOverlap() {
        var state: UInt64 = 42
        func next() -> Double {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return Double(state >> 11) / Double(1 << 53)
        }
        for _ in 0..<200 {
            let m = 1 + Int(next() * 30)
            let items = (0..<m).map { _ in LabelPlacement.Item(anchor: next() * 300 - 20, priority: next()) }
            let c = LabelPlacement.place(items, size: 13, lower: 0, upper: 260)
            check(c, size: 13, lower: 0, upper: 260)
            #expect(c.compactMap { $0 }.count == min(m, 20))
        }
    }
}
