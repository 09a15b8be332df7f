import Testing
import Shrink
@testable import ShrinkIO

/// Choosing the target, weights and features from a table.
@Suite struct ModelDataTests {
    let table: DataTable

    init() throws {
        table = try CSVReader().parse("id,a,b,w,y\nr1,1,10,1,5\nr2,2,20,2,6\nr3,3,31,1,8\n", source: "data.csv")
    }

    @Test func targetByNameAndFeaturesInFileOrder() throws {
        let d = try ModelData(table: table, target: "y", weights: "w", excluding: ["id"])
        #expect(d.featureNames == ["a", "b"])
        #expect(d.y == [5, 6, 8])
        #expect(d.weights == [1, 2, 1])
        #expect(d.x == DenseMatrix(rowCount: 3, columnCount: 2, columnMajor: [1, 2, 3, 10, 20, 31]))
        #expect(d.targetName == "y")
        #expect(d.weightsName == "w")
    }

    @Test func targetByIndex() throws {
        for reference in ["#5", "5"] {
            let d = try ModelData(table: table, target: reference, excluding: ["id", "#4"])
            #expect(d.targetName == "y")
            #expect(d.featureNames == ["a", "b"])
        }
    }

    @Test func aColumnNamedLikeANumberWins() throws {
        let t = try CSVReader().parse("2,x,y\n1,2,3\n4,5,7\n", source: "n.csv")
        #expect(try ModelData(table: t, target: "2").targetName == "2")
        #expect(try ModelData(table: t, target: "#2").targetName == "x")
    }

    @Test func missingTargetListsTheColumns() {
        let e = #expect(throws: DataError.self) { try ModelData(table: table, target: "Y", excluding: ["id"]) }
        #expect(e?.kind == .unknownColumn)
        #expect(e?.description == "data.csv: no target column named \"Y\" (did you mean \"y\"?); the columns are \"id\", \"a\", \"b\", \"w\", \"y\"")
    }

    @Test func indexOutOfRange() {
        for reference in ["#0", "#6", "9"] {
            let e = #expect(throws: DataError.self) { try ModelData(table: table, target: reference) }
            #expect(e?.kind == .unknownColumn)
            #expect(e?.description.contains("out of range") == true)
        }
    }

    @Test func weightsColumnIsTheTarget() {
        let e = #expect(throws: DataError.self) { try ModelData(table: table, target: "y", weights: "#5") }
        #expect(e?.kind == .invalidSelection)
        #expect(e?.description == "data.csv: the weights column \"y\" is also the target column")
    }

    @Test func targetGivenTwice() {
        let e = #expect(throws: DataError.self) { try ModelData(table: table, target: "y", excluding: ["id", "y"]) }
        #expect(e?.kind == .invalidSelection)
        #expect(e?.description.contains("\"y\" is the target") == true)
    }

    @Test func weightsExcluded() {
        let e = #expect(throws: DataError.self) {
            try ModelData(table: table, target: "y", weights: "w", excluding: ["w"])
        }
        #expect(e?.kind == .invalidSelection)
    }

    @Test func excludedTwice() {
        let e = #expect(throws: DataError.self) { try ModelData(table: table, target: "y", excluding: ["id", "#1"]) }
        #expect(e?.description == "data.csv: column \"id\" is excluded twice")
    }

    @Test func unknownExcludedColumn() {
        let e = #expect(throws: DataError.self) { try ModelData(table: table, target: "y", excluding: ["zz"]) }
        #expect(e?.kind == .unknownColumn)
        #expect(e?.description.hasPrefix("data.csv: no excluded column named \"zz\"") == true)
    }

    @Test func noFeaturesLeft() {
        let e = #expect(throws: DataError.self) {
            try ModelData(table: table, target: "y", excluding: ["id", "a", "b", "w"])
        }
        #expect(e?.kind == .invalidSelection)
    }

    @Test func textFeatureIsOneHotEncoded() throws {
        let data = try ModelData(table: table, target: "y")
        #expect(data.featureNames == ["id=r1", "id=r2", "id=r3", "a", "b", "w"])
        #expect(Array(data.x.column(0)) == [1, 0, 0])
        #expect(Array(data.x.column(2)) == [0, 0, 1])
    }

    @Test func textTargetNamesItsFirstBadCell() {
        let e = #expect(throws: DataError.self) { try ModelData(table: table, target: "id") }
        #expect(e?.description == "data.csv:2:1 (column \"id\"): \"r1\" is not a number")
    }

    @Test func matrixByNameReportsMissingColumns() throws {
        let x = try table.matrix(columns: ["b", "a"])
        #expect(x == DenseMatrix(rowCount: 3, columnCount: 2, columnMajor: [10, 20, 31, 1, 2, 3]))
        let e = #expect(throws: DataError.self) { try table.matrix(columns: ["a", "q", "r"]) }
        #expect(e?.description == "data.csv: missing columns \"q\", \"r\"")
    }
}
