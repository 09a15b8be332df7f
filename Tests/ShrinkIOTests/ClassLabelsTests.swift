import Foundation
import Testing
import ShrinkIO

/// Class labels: R's order for text (checked against R's own sort), numbers numerically, and
/// text targets kept by ``ModelData`` for classification.
@Suite("Class labels")
struct ClassLabelsTests {
    /// R's `sort()` of random ASCII labels (scripts/make_offset_fixtures.R, ICU root collation).
    @Test func textOrderMatchesR() throws {
        struct Order: Decodable {
            let collation: String
            let labels: [String]
            let sorted: [String]
        }
        let url = try #require(Bundle.module.url(forResource: "label_order", withExtension: "json", subdirectory: "Fixtures/offset"))
        let order = try JSONDecoder().decode(Order.self, from: Data(contentsOf: url))
        #expect(order.collation == "root")
        #expect(order.labels.count > 250)
        let ours = ClassLabels(labels: order.labels).classes
        #expect(ours == order.sorted)
        if ours != order.sorted, let k = ours.indices.first(where: { ours[$0] != order.sorted[$0] }) {
            Issue.record("first difference at \(k): ours \(ours[k]), R \(order.sorted[k])")
        }
    }

    @Test func textLabelsAndIndices() {
        let labels = ClassLabels(labels: ["yes", "no", "no", "Yes", "yes"])
        #expect(labels.classes == ["no", "yes", "Yes"])
        #expect(labels.indices == [1, 0, 0, 2, 1])
        let two = ClassLabels(labels: ["M", "B", "M"])
        #expect(two.classes == ["B", "M"])
        #expect(two.binaryResponse == [1, 0, 1])
        #expect(ClassLabels(labels: ["a", "B"]).classes == ["a", "B"])  // R: case second; bytes would put "B" first
        #expect(ClassLabels(labels: ["9", "10", "x"]).classes == ["10", "9", "x"])  // text, not numbers
    }

    @Test func numbersSortNumerically() {
        let labels = ClassLabels(numbers: [4, 2, 2, 4, 10])
        #expect(labels.classes == ["2", "4", "10"])
        #expect(labels.indices == [1, 0, 0, 1, 2])
        #expect(ClassLabels(numbers: [0.5, -1, -0.0, 0]).classes == ["-1", "0", "0.5"])
    }

    /// A text target is refused unless read as class labels; then its labels are kept (and
    /// follow the missing-value policy like any target).
    @Test func modelDataKeepsTextTarget() throws {
        let table = try CSVReader().parse("x,y\n1,no\n2,yes\n3,\n4,yes\n", source: "t.csv")
        #expect(throws: DataError.self) { try ModelData(table: table, target: "y", missing: .drop) }
        #expect(throws: DataError.self) { try ModelData(table: table, target: "y", categoricalTarget: true) }
        let data = try ModelData(table: table, target: "y", missing: .drop, categoricalTarget: true)
        #expect(data.droppedRows == 1)
        #expect(data.featureNames == ["x"])
        let labels = data.classLabels()
        #expect(labels.classes == ["no", "yes"])
        #expect(labels.indices == [0, 1, 1])
        // A numeric target read as class labels stays numeric.
        let numeric = try ModelData(table: CSVReader().parse("x,y\n1,4\n2,2\n", source: "n.csv"), target: "y", categoricalTarget: true)
        #expect(numeric.targetText == nil)
        #expect(numeric.classLabels().classes == ["2", "4"])
    }

    /// The offset column is not a feature, must be numeric and complete, and cannot be another role.
    @Test func offsetColumn() throws {
        let table = try CSVReader().parse("x,o,w,y\n1,0.5,1,3\n2,-1,2,4\n3,0,1,5\n", source: "o.csv")
        let data = try ModelData(table: table, target: "y", weights: "w", offset: "o")
        #expect(data.featureNames == ["x"])
        #expect(data.offset == [0.5, -1, 0])
        #expect(data.offsetName == "o")
        #expect(throws: DataError.self) { try ModelData(table: table, target: "y", offset: "y") }
        #expect(throws: DataError.self) { try ModelData(table: table, target: "y", weights: "w", offset: "w") }
        #expect(throws: DataError.self) { try ModelData(table: table, target: "y", features: ["x", "o"], offset: "o") }
        let gap = try CSVReader().parse("x,o,y\n1,,3\n2,a,4\n", source: "g.csv")
        #expect(throws: DataError.self) { try ModelData(table: gap, target: "y", offset: "o") }
    }
}
