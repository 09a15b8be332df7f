import Foundation
import Testing
import Shrink
import ShrinkIO

/// `ModelData(table:...offsets:...)`: several offset columns become per-class offsets, not
/// features; rows with a missing offset are dropped with the rest of the row.
@Suite("Per-class offset columns of the data")
struct ModelDataClassOffsetsTests {
    static let csv = """
        a,b,label,w,o1,o2,o3
        1,10,x,1,0.1,0.2,0.3
        2,20,y,2,,0.5,0.6
        3,,z,3,0.7,0.8,0.9
        4,40,x,4,1.0,1.1,1.2
        5,50,"y, z",5,1.3,1.4,1.5
        """

    static func table() throws -> DataTable {
        let dir = try TempDirectory()
        return try CSVReader().read(path: dir.write("data.csv", csv))
    }

    /// Dropping rows: a missing feature (row 3) and a missing offset (row 2) both drop their row;
    /// the design, labels, weights and offsets of the rows kept stay aligned.
    @Test func dropsRowsWithAMissingOffset() throws {
        let table = try Self.table()
        let data = try ModelData(table: table, target: "label", weights: "w", missing: .drop,
                                 offsets: ["o1", "o2", "o3"], categoricalTarget: true)
        #expect(data.featureNames == ["a", "b"])
        #expect(data.droppedRows == 2)
        #expect(data.y.count == 3)
        #expect(data.weights == [1, 4, 5])
        #expect(data.x.column(0).map { $0 } == [1, 4, 5])
        #expect(data.x.column(1).map { $0 } == [10, 40, 50])
        #expect(data.classLabels().classes == ["x", "y, z"])
        #expect(data.classLabels().indices == [0, 0, 1])
        #expect(data.classOffsets == [[0.1, 1.0, 1.3], [0.2, 1.1, 1.4], [0.3, 1.2, 1.5]])
        #expect(data.classOffsetNames == ["o1", "o2", "o3"])
        #expect(data.offset == nil && data.offsetName == nil)
    }

    /// Without dropping, the missing offset is located; the order given is kept; a single column
    /// is the ordinary offset; a value naming a column is never split.
    @Test func locatesOrdersAndSplits() throws {
        let table = try Self.table()
        #expect(throws: DataError.self) {
            try ModelData(table: table, target: "label", features: ["a"], offsets: ["o1", "o2", "o3"], categoricalTarget: true)
        }
        do {
            _ = try ModelData(table: table, target: "label", features: ["a"], offsets: ["o3", "o1", "o2"], categoricalTarget: true)
            Issue.record("a missing offset must be an error")
        } catch let error as DataError {
            #expect(error.line == 3 && error.column == 5, "\(error)")
            #expect(error.description.contains("o1"))
        }
        let ordered = try ModelData(table: table, target: "label", features: ["a"], offsets: ["o3", "o2"], categoricalTarget: true)
        #expect(ordered.classOffsets?.first == [0.3, 0.6, 0.9, 1.2, 1.5])
        #expect(ordered.classOffsetNames == ["o3", "o2"])
        let single = try ModelData(table: table, target: "label", features: ["a"], offsets: ["o2"], categoricalTarget: true)
        #expect(single.offsetName == "o2" && single.classOffsets == nil)
        #expect(ModelData.offsetColumns("o1,o2, o3", in: table) == ["o1", "o2", "o3"])
        #expect(ModelData.offsetColumns("#5,#6", in: table) == ["#5", "#6"])
        #expect(ModelData.offsetColumns(nil, in: table) == [])
        let comma = try CSVReader().read(path: TempDirectory().write("c.csv", "a,\"p,q\",y\n1,2,3\n"))
        #expect(ModelData.offsetColumns("p,q", in: comma) == ["p,q"])
    }

    /// Offset columns that are also the target, the weights, a feature, excluded or repeated
    /// are refused.
    @Test func conflicts() throws {
        let table = try Self.table()
        func message(_ body: () throws -> ModelData) -> String {
            do { _ = try body(); return "" } catch { return "\(error)" }
        }
        #expect(message { try ModelData(table: table, target: "label", offsets: ["label", "o2"], categoricalTarget: true) }
            .contains("is also the target column"))
        #expect(message { try ModelData(table: table, target: "label", weights: "w", offsets: ["o2", "w"], categoricalTarget: true) }
            .contains("is also the weights column"))
        #expect(message { try ModelData(table: table, target: "label", features: ["a", "o3"], offsets: ["o2", "o3"], categoricalTarget: true) }
            .contains("\"o3\" is an offset column; it cannot also be a feature"))
        #expect(message { try ModelData(table: table, target: "label", excluding: ["o2"], offsets: ["o2", "o3"], categoricalTarget: true) }
            .contains("\"o2\" is an offset column; it cannot also be excluded"))
        #expect(message { try ModelData(table: table, target: "label", offsets: ["o2", "#6"], categoricalTarget: true) }
            .contains("\"o2\" is given twice"))
    }
}
