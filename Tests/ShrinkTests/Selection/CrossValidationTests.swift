import Testing
@testable import Shrink

@Suite struct CrossValidationTests {
    static func data() throws -> CVFixture { try CVFixture.load("diabetes_user") }

    /// Folds run concurrently and combine in fold order: bit-identical to a serial run.
    @Test func parallelEqualsSerialBitForBit() async throws {
        let f = try Self.data()
        var c = CVOptions()
        c.folds = 7
        c.seed = 2024
        c.keepPredictions = true
        c.relax = true
        var serial = c
        serial.parallel = false
        var o = ElasticNetOptions()
        o.weights = (0..<f.n).map { 1 + Double($0 % 3) }
        let a = try await CrossValidation.run(x: f.design, y: f.y, options: o, cvOptions: c)
        let b = try await CrossValidation.run(x: f.design, y: f.y, options: o, cvOptions: serial)
        #expect(a.curve.cvm.map(\.bitPattern) == b.curve.cvm.map(\.bitPattern))
        #expect(a.curve.cvsd.map(\.bitPattern) == b.curve.cvsd.map(\.bitPattern))
        #expect(a.predictions!.flatMap { $0 }.map(\.bitPattern) == b.predictions!.flatMap { $0 }.map(\.bitPattern))
        #expect(a.relaxed!.curves == b.relaxed!.curves)
        #expect(a.folds == b.folds)
        #expect(a.curve.indexMin == b.curve.indexMin && a.curve.index1se == b.curve.index1se)
    }

    /// The out-of-fold predictions are really out of fold: refitting without a fold reproduces them.
    @Test func masterGridFoldsAndDirectRefit() async throws {
        let f = try Self.data()
        var c = CVOptions()
        c.foldIDs = f.foldid
        c.foldLambdas = .master
        c.keepPredictions = true
        let r = try await CrossValidation.run(x: f.design, y: f.y, cvOptions: c)
        let master = r.fit.lambdas
        let test = f.foldid.indices.filter { f.foldid[$0] == 3 }
        let train = f.foldid.indices.filter { f.foldid[$0] != 3 }
        var o = ElasticNetOptions()
        o.lambdas = master
        let path = try ElasticNet.fit(x: try f.design.selectingRows(train), y: train.map { f.y[$0] }, options: o)
        #expect(path.lambdas == master)
        let xTest = try f.design.selectingRows(test)
        for l in [0, 20, master.count - 1] {
            let eta = xTest.linearPredictor(intercept: path.points[l].intercept,
                                            coefficients: path.points[l].coefficients.dense)
            // The same problem to the last bits but for the Gram columns, which the folds derive
            // from products shared by all folds (``SharedGram``).
            for (a, b) in zip(test.map { r.predictions![l][$0] }, eta) { #expect(abs(a - b) <= 1e-9 * max(1, abs(b))) }
        }
        // cvm from the kept predictions, grouped by hand.
        let l = r.curve.indexMin
        var means: [Double] = []
        for k in 1...10 {
            let rows = f.foldid.indices.filter { f.foldid[$0] == k }
            means.append(rows.map { pow2(f.y[$0] - r.predictions![l][$0]) }.reduce(0, +) / Double(rows.count))
        }
        let sizes = (1...10).map { k in Double(f.foldid.filter { $0 == k }.count) }
        let cvm = zip(means, sizes).map { $0 * $1 }.reduce(0, +) / Double(f.n)
        #expect(relativeError(r.curve.cvm[l], cvm) < 1e-12)
        #expect(r.curve.cvm[l] == r.curve.cvm.min())
    }

    @Test func lambdaMinAndOneSERules() throws {
        let c = try CVCurve(lambdas: [5, 4, 3, 2, 1], cvm: [10, 6, 5, 5, 7], cvsd: [1, 1, 1.5, 1, 1], nzero: [0, 1, 2, 3, 4])
        #expect(c.indexMin == 2)  // the largest lambda at the minimum (tie with index 3)
        #expect(c.index1se == 1)  // the largest lambda with cvm <= 5 + 1.5
        let auc = try CVCurve(lambdas: [3, 2, 1], cvm: [0.5, 0.8, 0.75], cvsd: [0.1, 0.1, 0.1], nzero: [0, 1, 2],
                              largerIsBetter: true)
        #expect(auc.indexMin == 1 && auc.index1se == 1)
    }

    @Test func alphaSearchSharesFoldsAndPicksTheBest() async throws {
        let f = try Self.data()
        var c = CVOptions()
        c.folds = 5
        c.seed = 11
        let s = try await AlphaSearch.run(x: f.design, y: f.y, alphas: [1, 0.5, 0.1], cvOptions: c)
        #expect(s.results.count == 3)
        #expect(s.results.allSatisfy { $0.folds == s.results[0].folds })
        let bests = s.results.map { $0.curve.cvm[$0.curve.indexMin] }
        #expect(bests[s.bestAlphaIndex] == bests.min())
        #expect(s.table.count == s.results.map(\.curve.lambdas.count).reduce(0, +))
        // Each alpha equals a stand-alone CV with the same folds.
        var single = c
        single.foldIDs = s.results[0].folds.ids
        let alone = try await CrossValidation.run(x: f.design, y: f.y, options: ElasticNetOptions(alpha: 0.5),
                                                  cvOptions: single)
        #expect(alone.curve == s.results[1].curve)
    }

    @Test func errorsNameTheProblem() async throws {
        let f = try Self.data()
        var c = CVOptions()
        c.measure = .auc
        await #expect(throws: ShrinkError.invalidInput(
            "measure \"auc\" is not available for the gaussian family (use mse, deviance, mae)")) {
            _ = try await CrossValidation.run(x: f.design, y: f.y, cvOptions: c)
        }
        var g = CVOptions()
        g.foldIDs = [1, 2, 3]
        await #expect(throws: ShrinkError.invalidInput("there are 3 fold ids for 442 rows")) {
            _ = try await CrossValidation.run(x: f.design, y: f.y, cvOptions: g)
        }
        // A fold whose training rows have a constant response: the error names the fold.
        let x = DesignMatrix.dense(DenseMatrix(rows: (0..<6).map { [Double($0), Double($0 * $0 % 5)] }))
        var h = CVOptions()
        h.foldIDs = [1, 1, 2, 2, 3, 3]
        await #expect(throws: ShrinkError.invalidInput(
            "cross-validation fold 1 of 3: the response is constant (every row has value 1.0); there is nothing to fit")) {
            _ = try await CrossValidation.run(x: x, y: [5, 6, 1, 1, 1, 1], cvOptions: h)
        }
        // The master fit runs concurrently with the folds; bad data is reported as the master's
        // error (no fold prefix), in parallel and in serial runs, also with wrongly sized weights.
        for parallel in [true, false] {
            var o = ElasticNetOptions()
            o.weights = [Double](repeating: 1, count: 442)
            o.weights![7] = -1
            var k = CVOptions()
            k.parallel = parallel
            let negative = try await Self.message { _ = try await CrossValidation.run(x: f.design, y: f.y, options: o, cvOptions: k) }
            #expect(negative != nil && !negative!.hasPrefix("cross-validation fold"), "\(negative ?? "no error")")
            o.weights = [1, 2, 3]
            let short = try await Self.message { _ = try await CrossValidation.run(x: f.design, y: f.y, options: o, cvOptions: k) }
            #expect(short != nil && !short!.hasPrefix("cross-validation fold"), "\(short ?? "no error")")
        }
    }

    /// The message of the ``ShrinkError/invalidInput(_:)`` that `body` throws, or `nil`.
    static func message(_ body: () async throws -> Void) async throws -> String? {
        do { try await body() } catch ShrinkError.invalidInput(let m) { return m }
        return nil
    }
}

private func pow2(_ v: Double) -> Double { v * v }
