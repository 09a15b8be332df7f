import Testing
@testable import Shrink

/// Stability selection with offsets: each half-sample is fitted with its rows' offsets.
@Suite struct StabilityOffsetTests {
    /// A gaussian offset is a known part of the mean, so selecting with offset o on y is selecting
    /// on y - o without offset (same half-samples for the same seed).
    @Test func gaussianOffsetEqualsShiftedResponse() async throws {
        var gen = AdvisorData(seed: 31)
        let (x, y) = gen.sparse(n: 80, p: 12, coefficients: [2, -1.5], noise: 1)
        var offset: [Double] = []
        for _ in 0..<80 { offset.append(2 * gen.normal()) }
        var options = ElasticNetOptions()
        options.offset = offset
        let shifted = zip(y, offset).map { $0 - $1 }
        let lmax = try ElasticNet.fit(x: x, y: y, options: options).lambdas[0]
        #expect(lmax == (try ElasticNet.fit(x: x, y: shifted).lambdas[0]))
        var s = StabilityOptions()
        s.subsamples = 12
        let withOffset = try await StabilitySelection.run(x: x, y: y, options: options, lambdaMax: lmax, stability: s, seed: 4)
        let withShift = try await StabilitySelection.run(x: x, y: shifted, options: ElasticNetOptions(), lambdaMax: lmax,
                                                         stability: s, seed: 4)
        #expect(withOffset.frequency == withShift.frequency)
        // The offset matters: ignoring it selects differently.
        let ignored = try await StabilitySelection.run(x: x, y: y, options: ElasticNetOptions(), lambdaMax: lmax, stability: s, seed: 4)
        #expect(ignored.frequency != withOffset.frequency)
    }

    /// A poisson fit on the half-samples gets the half-sample's offsets (the whole data's would be
    /// refused: one offset per row).
    @Test func poissonOffsetFollowsRows() async throws {
        var gen = AdvisorData(seed: 32)
        let (x, _) = gen.sparse(n: 60, p: 8, coefficients: [0.5], noise: 0)
        let y = (0..<60).map { Double($0 % 5) }
        var options = ElasticNetOptions()
        options.offset = (0..<60).map { Double($0 % 3) * 0.1 }
        let family = CVFamily.poisson(fit: { x, y, o in try Poisson.fit(x: x, y: y, options: o) })
        let lmax = try Poisson.fit(x: x, y: y, options: options).lambdas[0]
        var s = StabilityOptions()
        s.subsamples = 6
        let result = try await StabilitySelection.run(x: x, y: y, options: options, lambdaMax: lmax, stability: s, seed: 1,
                                                      family: family)
        #expect(result.subsamples == 6)
    }
}
