import Testing
@testable import Shrink

/// A fold's Gram columns from the products shared by all folds (``SharedGram``, ``FoldGram``)
/// against plain loops over the fold's own standardized training rows, and cross-validation with
/// them against cross-validation that computes every fold's Gram from its own rows.
@Suite("Gram products shared by cross-validation folds")
struct SharedGramTests {
    static let p = 6

    /// Column 0 has a large mean, column 2 is constant, column 4 varies only on the rows `i % 4 == 1`
    /// (constant once they are held out); one row has weight zero. With `plain`, every column that
    /// varies has a mean within its spread and the weights are equal (the all-row products then
    /// multiply the raw columns, ``StandardizedDenseDesign/multipliesRawColumns(_:)``).
    static func data(rows n: Int, seed: UInt64, plain: Bool = false) -> (x: DenseMatrix, y: [Double], w: [Double]) {
        var g = SplitMix64(seed: seed)
        var values = [Double](repeating: 0, count: n * p)
        let shift = plain ? 0.0 : 1e5
        for j in 0..<p {
            for i in 0..<n {
                switch j {
                case 0: values[j * n + i] = shift + g.normal()
                case 2: values[j * n + i] = 7.5
                case 4: values[j * n + i] = i % 4 == 1 ? g.normal() : (plain ? 0 : 3)
                default: values[j * n + i] = (plain ? 0.1 : 1) * Double(j) + g.normal() + (j == 3 ? 0.8 * values[n + i] : 0)
                }
            }
        }
        let x = DenseMatrix(rowCount: n, columnCount: p, columnMajor: values)
        let y = (0..<n).map { i in 2 * values[n + i] - values[3 * n + i] + 0.5 * (values[i] - shift) + g.normal() }
        let w = (0..<n).map { i in plain ? 1 : (i == 6 ? 0 : 1 + Double(i % 3)) }
        return (x, y, w)
    }

    static func rows(_ x: DenseMatrix, _ rows: [Int]) -> DenseMatrix {
        var values: [Double] = []
        for j in 0..<x.columnCount { for i in rows { values.append(x[i, j]) } }
        return DenseMatrix(rowCount: rows.count, columnCount: x.columnCount, columnMajor: values)
    }

    @Test("fold Gram columns match the training rows' own products",
          arguments: [(true, true, false), (true, false, false), (false, true, false), (false, false, false),
                      (true, true, true), (false, false, true)])
    func foldColumns(center: Bool, standardize: Bool, plain: Bool) {
        let n = 83
        let (x, _, w) = Self.data(rows: n, seed: 11, plain: plain)
        let shared = SharedGram(x, weights: w)
        let test = (0..<n).filter { $0 % 4 == 1 }, train = (0..<n).filter { $0 % 4 != 1 }
        let xTrain = Self.rows(x, train), xTest = Self.rows(x, test)
        let total = train.map { w[$0] }.reduce(0, +)
        let wTrain = train.map { w[$0] / total }
        let stats = ColumnStatistics(.dense(xTrain), weights: wTrain, center: center, standardize: standardize)
        let z = StandardizedDenseDesign(xTrain, sqrtWeights: wTrain.map { $0.squareRoot() }, stats: stats)
        let fold = FoldGram(shared: shared, heldOut: xTest, heldOutWeights: test.map { w[$0] })
        let all = Array(0..<Self.p)
        let out = UnsafeMutablePointer<Double>.allocate(capacity: Self.p)
        defer { out.deallocate() }
        for k in all {
            out.initialize(repeating: .nan, count: Self.p)
            fold.products(of: k, design: z, rows: all, needed: { $0 != 5 }, into: out)
            #expect(out[5].isNaN, "a row not needed is left alone")
            for j in all where j != 5 {
                var expected = 0.0
                for (t, _) in train.enumerated() {
                    expected += wTrain[t] * (xTrain[t, j] - stats.centers[j]) * (xTrain[t, k] - stats.centers[k])
                }
                expected *= z.inverseScales[j] * z.inverseScales[k]
                #expect(abs(out[j] - expected) <= 1e-10 * max(1, abs(expected)), "\(j), \(k): \(out[j]) vs \(expected)")
            }
        }
        #expect(z.inverseScales[4] == 0 && z.inverseScales[2] == 0, "columns 2 and 4 are constant on the training rows")
    }

    @Test("cross-validation with shared Gram products matches folds that compute their own",
          arguments: [(true, 0.5), (false, 1.0)])
    func crossValidation(intercept: Bool, alpha: Double) async throws {
        let n = 120
        let (x, y, w) = Self.data(rows: n, seed: 5)
        var options = ElasticNetOptions(alpha: alpha)
        options.weights = w
        options.fitIntercept = intercept
        options.solver = .covariance
        var cv = CVOptions()
        cv.folds = 5
        cv.seed = 3
        let shared = try await CrossValidation.run(x: .dense(x), y: y, options: options, cvOptions: cv)
        // The public initializer has no shared-products fit: every fold computes its own Gram.
        let g = CVFamily.gaussian
        cv.family = CVFamily(name: g.name, measures: g.measures, fit: g.fit, loss: g.loss, mean: g.mean)
        let own = try await CrossValidation.run(x: .dense(x), y: y, options: options, cvOptions: cv)
        #expect(shared.fit.solver == .covariance)
        #expect(shared.curve.cvm.count == own.curve.cvm.count)
        for (a, b) in zip(shared.curve.cvm, own.curve.cvm) { #expect(abs(a - b) <= 1e-9 * abs(b)) }
        for (a, b) in zip(shared.curve.cvsd, own.curve.cvsd) { #expect(abs(a - b) <= 1e-7 * abs(b) + 1e-14) }
        #expect(shared.curve.indexMin == own.curve.indexMin && shared.curve.index1se == own.curve.index1se)
    }

    /// A design over ``SharedGram/bulkBytes`` with more than ``SharedGram/bulkOrder`` features: the
    /// first request computes every column (with the vector kernels), each matching the all-row
    /// products about the means and the matrix exactly symmetric; below both limits only the column
    /// asked for is computed.
    @Test("the first shared column brings all the others on a large design")
    func bulkColumns() {
        let n = 8_200, p = 130
        #expect(n * p * 8 > SharedGram.bulkBytes && p > SharedGram.bulkOrder)
        var g = SplitMix64(seed: 23)
        var values = [Double](repeating: 0, count: n * p)
        for j in 0..<p {
            for i in 0..<n { values[j * n + i] = 0.01 * Double(j % 7) + g.normal() + (j > 0 ? 0.3 * values[i] : 0) }
        }
        let x = DenseMatrix(rowCount: n, columnCount: p, columnMajor: values)
        let shared = SharedGram(x, weights: [Double](repeating: 1, count: n))
        let first = shared.column(64)
        #expect(shared.storedColumns == (Kernels.native ? p : 1))
        let means = (0..<p).map { j in (0..<n).reduce(0.0) { $0 + values[j * n + $1] } / Double(n) }
        for k in [0, 64, 129] {
            let column = k == 64 ? first : shared.column(k)
            for j in [0, 1, 63, 64, 128, 129] {
                var expected = 0.0
                for i in 0..<n { expected += (values[j * n + i] - means[j]) * (values[k * n + i] - means[k]) }
                expected /= Double(n)
                #expect(abs(column[j] - expected) <= 1e-11 * max(1, abs(expected)), "(\(j), \(k))")
                if Kernels.native { #expect(column[j] == shared.column(j)[k], "symmetric (\(j), \(k))") }
            }
        }
        let small = SharedGram(Self.rows(x, Array(0..<1_000)), weights: [Double](repeating: 1, count: 1_000))
        _ = small.column(3)
        #expect(small.storedColumns == 1)
    }
}
