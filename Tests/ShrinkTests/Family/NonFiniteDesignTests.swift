import Testing
import Shrink

/// A non-finite design value is an error naming its row and column, for every family, dense and
/// sparse, also in a row of weight zero (the problems find it through the column statistics, which
/// see every value, and only then scan for its position).
@Suite("Non-finite design values are rejected with their position")
struct NonFiniteDesignTests {
    static let bad: [Double] = [.nan, .infinity, -.infinity]

    /// A 6 x 3 design with `value` at row 5, column 2 (1-based).
    static func design(_ value: Double, sparse: Bool) -> DesignMatrix {
        var values = (0..<18).map { Double(($0 * 7) % 5) - 1 }
        values[1 * 6 + 4] = value
        let dense = DenseMatrix(rowCount: 6, columnCount: 3, columnMajor: values)
        return sparse ? .sparse(SparseMatrix(dense)) : .dense(dense)
    }

    static func expectPositionError(_ body: () throws -> Void) {
        do {
            try body()
            Issue.record("no error for a non-finite design value")
        } catch let ShrinkError.invalidInput(message) {
            #expect(message.contains("row 5, column 2"), "message: \(message)")
            #expect(message.contains("not finite"), "message: \(message)")
        } catch {
            Issue.record("unexpected error \(error)")
        }
    }

    @Test("gaussian, binomial and poisson, dense and sparse, NaN and infinities", arguments: bad, [false, true])
    func families(value: Double, sparse: Bool) {
        let x = Self.design(value, sparse: sparse)
        let y: [Double] = [0, 1, 0, 1, 1, 0]
        Self.expectPositionError { _ = try ElasticNet.fit(x: x, y: y) }
        Self.expectPositionError { _ = try Logistic.fit(x: x, y: y) }
        Self.expectPositionError { _ = try Poisson.fit(x: x, y: y) }
    }

    @Test("in a row of weight zero as well", arguments: bad)
    func zeroWeight(value: Double) {
        var options = ElasticNetOptions()
        options.weights = [1, 1, 1, 1, 0, 1]
        let y: [Double] = [0, 1, 0, 1, 1, 0]
        for sparse in [false, true] {
            let x = Self.design(value, sparse: sparse)
            Self.expectPositionError { _ = try ElasticNet.fit(x: x, y: y, options: options) }
            Self.expectPositionError { _ = try Logistic.fit(x: x, y: y, options: options) }
        }
    }
}
