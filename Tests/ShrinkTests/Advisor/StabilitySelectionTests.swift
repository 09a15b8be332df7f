import Testing
@testable import Shrink

/// Stability selection on data where the relevant features are known.
@Suite struct StabilitySelectionTests {
    @Test func strongSignalsAreStableAndNoiseIsNot() async throws {
        var gen = AdvisorData(seed: 21)
        let (x, y) = gen.sparse(n: 200, p: 30, coefficients: [3, -3, 2.5], noise: 1)
        let lasso = try ElasticNet.fit(x: x, y: y)
        var o = StabilityOptions()
        o.subsamples = 50
        let s = try await StabilitySelection.run(x: x, y: y, options: ElasticNetOptions(), lambdaMax: lasso.lambdas[0],
                                                 stability: o, seed: 5)
        let maxFreq = s.maxFrequencyInRegion
        // The three signals are selected in every half-sample somewhere in the region.
        for j in 0..<3 { #expect(maxFreq[j] == 1) }
        // No noise feature reaches 0.6 in the region.
        for j in 3..<30 { #expect(maxFreq[j] < 0.6) }
        #expect(s.selections.map(\.features).allSatisfy { Set($0) == [0, 1, 2] })
        // Frequencies are fractions of B = 50.
        for row in s.frequency { for f in row { #expect(abs((f * 50).rounded() - f * 50) < 1e-9 && f >= 0 && f <= 1) } }
    }

    @Test func boundAndRegionFollowTheDefinition() async throws {
        var gen = AdvisorData(seed: 22)
        let (x, y) = gen.sparse(n: 100, p: 40, coefficients: [2, 1, 1, -1], noise: 1)
        let lasso = try ElasticNet.fit(x: x, y: y)
        var o = StabilityOptions()
        o.subsamples = 20
        let s = try await StabilitySelection.run(x: x, y: y, options: ElasticNetOptions(), lambdaMax: lasso.lambdas[0],
                                                 stability: o, seed: 5)
        let p = 40.0
        // The region is the longest prefix with q <= sqrt(0.8 p).
        let limit = (0.8 * p).squareRoot()
        #expect(s.q <= limit || s.regionEnd == 1)
        if s.regionEnd < s.lambdas.count { #expect(s.averageSelected[s.regionEnd] > limit) }
        // q is non-decreasing along the path (unions only grow).
        for l in s.averageSelected.indices.dropFirst() { #expect(s.averageSelected[l] >= s.averageSelected[l - 1]) }
        for sel in s.selections {
            #expect(abs(sel.expectedFalseBound - s.q * s.q / ((2 * sel.threshold - 1) * p)) < 1e-12)
        }
        // The lambdas are the fractions of lambda_max, from 1 down to the ratio.
        #expect(s.fractions.first == 1)
        #expect(abs(s.fractions.last! - 0.01) < 1e-12)
    }

    @Test func parallelEqualsSerialAndSeedsMatter() async throws {
        var gen = AdvisorData(seed: 23)
        let (x, y) = gen.sparse(n: 60, p: 15, coefficients: [1, 1], noise: 1)
        let lmax = try ElasticNet.fit(x: x, y: y).lambdas[0]
        var o = StabilityOptions()
        o.subsamples = 16
        let a = try await StabilitySelection.run(x: x, y: y, options: ElasticNetOptions(), lambdaMax: lmax, stability: o, seed: 1)
        let b = try await StabilitySelection.run(x: x, y: y, options: ElasticNetOptions(), lambdaMax: lmax, stability: o, seed: 1,
                                                 parallel: false)
        #expect(a == b)
        let c = try await StabilitySelection.run(x: x, y: y, options: ElasticNetOptions(), lambdaMax: lmax, stability: o, seed: 2)
        #expect(a.frequency != c.frequency)
    }

    @Test func badOptionsAreRejected() async {
        var gen = AdvisorData(seed: 24)
        let (x, y) = gen.sparse(n: 20, p: 4, coefficients: [1], noise: 1)
        var o = StabilityOptions()
        o.thresholds = [0.4]
        await #expect(throws: ShrinkError.self) {
            try await StabilitySelection.run(x: x, y: y, options: ElasticNetOptions(), lambdaMax: 1, stability: o, seed: 1)
        }
    }
}
