import Testing
import Shrink
@testable import ShrinkIO

/// Text columns become one-hot features; missing values are refused, dropped or imputed; new
/// data is encoded with the model's levels.
@Suite struct FeatureEncoderTests {
    let reader = CSVReader()

    @Test func levelsAreSortedByBytesAndNamedColumnEqualsLevel() throws {
        let t = try reader.parse("y,c\n1,red\n2,Blue\n3,red\n4,green\n", source: "d.csv")
        let data = try ModelData(table: t, target: "y")
        #expect(data.featureNames == ["c=Blue", "c=green", "c=red"])
        #expect(data.encoding == [EncodedColumn(categorical: "c", levels: ["Blue", "green", "red"])])
        #expect(Array(data.x.column(0)) == [0, 1, 0, 0])
        #expect(Array(data.x.column(1)) == [0, 0, 0, 1])
        #expect(Array(data.x.column(2)) == [1, 0, 1, 0])
    }

    @Test func numbersInATextColumnAreCanonicalLevels() throws {
        let t = try reader.parse("y,c\n1,1\n2,1.0\n3,a\n4,01\n5,2.5\n6,NA\n", source: "d.csv")
        let text = try #require(t.text[1])
        #expect(text.levels == ["1", "a", "2.5"])
        #expect(text.codes == [0, 0, 1, 0, 2, -1])
        #expect(t.firstText[1] == CellIssue(kind: .notANumber, line: 4, column: 2, text: "a"))
        #expect(t.firstMissing[1]?.line == 7)
    }

    @Test func predictEncodesWithTheModelsLevels() throws {
        let train = try reader.parse("y,c,x\n1,b,1\n2,a,2\n", source: "train.csv")
        let data = try ModelData(table: train, target: "y")
        let encoding = try #require(data.encoding)
        let new = try reader.parse("x,c\n5,a\n6,b\n7,a\n", source: "new.csv")
        let x = try FeatureEncoder.design(new, encoding: encoding)
        #expect(x == DenseMatrix(rowCount: 3, columnCount: 3, columnMajor: [1, 0, 1, 0, 1, 0, 5, 6, 7]))
        // A numeric column in new data still encodes against categorical levels.
        let numericTrain = try reader.parse("y,c\n1,1\n2,x\n", source: "t.csv")
        let enc = try #require(try ModelData(table: numericTrain, target: "y").encoding)
        let numericNew = try reader.parse("c\n1.0\n1\n", source: "n.csv")
        #expect(try FeatureEncoder.design(numericNew, encoding: enc).values == [1, 1, 0, 0])
    }

    @Test func unseenLevelIsAnErrorOrZero() throws {
        let encoding = [EncodedColumn(categorical: "c", levels: ["a", "b"])]
        let new = try reader.parse("c\na\n\nzzz\n", source: "new.csv")
        let e = #expect(throws: DataError.self) { try FeatureEncoder.design(new, encoding: encoding) }
        #expect(e?.kind == .unseenLevel)
        #expect(e?.line == 4)
        #expect(e?.column == 1)
        #expect(e?.description.hasPrefix("new.csv:4:1 (column \"c\"): level \"zzz\" was not seen") == true)
        let zero = try FeatureEncoder.design(new, encoding: encoding, unseen: .zero)
        #expect(zero.values == [1, 0, 0, 0])
    }

    @Test func missingValuesAreAnErrorNamingLineAndColumn() throws {
        let t = try reader.parse("y,a,c\n1,2,u\n2,,v\n3,4,NA\n", source: "m.csv")
        let e = #expect(throws: DataError.self) { try ModelData(table: t, target: "y") }
        #expect(e?.kind == .missingValue)
        #expect(e?.description.hasPrefix("m.csv:3:2 (column \"a\"): missing value") == true)
        let target = try reader.parse("y,a\n1,2\nNA,3\n", source: "t.csv")
        let te = #expect(throws: DataError.self) { try ModelData(table: target, target: "y", missing: .mean) }
        #expect(te?.description == "t.csv:3:1 (column \"y\"): missing value in the target column; use --drop-missing to drop such rows")
    }

    @Test func dropMissingDropsRowsWithAMissingUsedCell() throws {
        let t = try reader.parse("y,a,c,unused\n1,2,u,NA\n2,,v,1\n3,4,NA,1\n4,5,v,1\nNA,1,u,1\n", source: "m.csv")
        let data = try ModelData(table: t, target: "y", excluding: ["unused"], missing: .drop)
        #expect(data.droppedRows == 3)
        #expect(data.y == [1, 4])
        #expect(data.featureNames == ["a", "c=u", "c=v"])
        #expect(data.x.values == [2, 5, 1, 0, 0, 1])
    }

    @Test func meanImputationUsesPresentCellsAndLevelShares() throws {
        let t = try reader.parse("y,a,c\n1,2,u\n2,,v\n3,4,NA\n4,6,v\n", source: "m.csv")
        let data = try ModelData(table: t, target: "y", missing: .mean)
        #expect(data.imputation == [4, 1.0 / 3, 2.0 / 3])
        #expect(Array(data.x.column(0)) == [2, 4, 4, 6])
        #expect(Array(data.x.column(1)) == [1, 0, 1.0 / 3, 0])
        #expect(Array(data.x.column(2)) == [0, 1, 2.0 / 3, 1])
        // The same values fill missing cells of new data.
        let new = try reader.parse("a,c\n,\n", source: "n.csv")
        let x = try FeatureEncoder.design(new, encoding: data.encoding!, imputation: data.imputation)
        #expect(x.values == [4, 1.0 / 3, 2.0 / 3])
    }

    @Test func infiniteCellsAreRefusedInNumericColumns() throws {
        let t = try reader.parse("y,a\n1,2\n2,-Inf\n", source: "i.csv")
        let e = #expect(throws: DataError.self) { try ModelData(table: t, target: "y", missing: .drop) }
        #expect(e?.description == "i.csv:3:2 (column \"a\"): \"-Inf\" is not a finite number")
    }

    @Test func featureSelectionInGivenOrder() throws {
        let t = try reader.parse("a,b,c,y\n1,2,3,4\n5,6,7,8\n", source: "s.csv")
        let data = try ModelData(table: t, target: "#4", features: ["c", "#1"])
        #expect(data.featureNames == ["c", "a"])
        #expect(data.x.values == [3, 7, 1, 5])
        #expect(throws: DataError.self) { try ModelData(table: t, target: "y", features: ["y"]) }
        #expect(throws: DataError.self) { try ModelData(table: t, target: "y", features: ["a", "a"]) }
        #expect(throws: DataError.self) { try ModelData(table: t, target: "y", features: ["a"], excluding: ["b"]) }
        let e = #expect(throws: DataError.self) { try ModelData(table: t, target: "y", features: ["zz"]) }
        #expect(e?.kind == .unknownColumn)
    }

    @Test func oneHotNameCollidingWithAColumnIsRefused() throws {
        let t = try reader.parse("y,c,c=a\n1,a,1\n2,b,2\n", source: "k.csv")
        let e = #expect(throws: DataError.self) { try ModelData(table: t, target: "y") }
        #expect(e?.kind == .duplicateColumn)
        #expect(e?.description.contains("\"c=a\"") == true)
    }
}
