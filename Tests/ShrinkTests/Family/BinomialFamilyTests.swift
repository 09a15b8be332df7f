import Testing
@testable import Shrink

/// The binomial family's vector refresh (glibc's AVX2 `exp` and `log1p`) against its scalar formulas.
@Suite("Binomial family")
struct BinomialFamilyTests {
    @Test("the vector refresh gives the scalar means, weights, residuals and sums", arguments: [0, 1, 3, 4, 5, 8, 13, 1001])
    func vectorRefresh(count: Int) throws {
        let family = BinomialFamily()
        var g = SplitMix64(seed: UInt64(count + 5))
        // Linear predictors from 0 to beyond the clip and underflow of exp(-|eta|), both signs.
        let scales = [0.0, 1e-12, 0.3, 2, 9, 30, 700, 800]
        let eta = (0..<count).map { i in scales[i % scales.count] * (g.uniform() < 0.5 ? -1 : 1) * (0.5 + g.uniform()) }
        let y = (0..<count).map { i in i % 7 == 6 ? 0.25 : (g.uniform() < 0.5 ? 0 : 1) }
        let w = (0..<count).map { i in i % 9 == 4 ? 0 : g.uniform() / Double(max(count, 1)) }
        var mu = [Double](repeating: .nan, count: count), v = mu, rho = mu
        let sums = y.withUnsafeBufferPointer { yp in
            w.withUnsafeBufferPointer { wp in
                eta.withUnsafeBufferPointer { ep in
                    mu.withUnsafeMutableBufferPointer { mp in
                        v.withUnsafeMutableBufferPointer { vp in
                            rho.withUnsafeMutableBufferPointer { rp in
                                family.refresh(y: yp.baseAddress!, w: wp.baseAddress!, eta: ep.baseAddress!, count: count,
                                               mu: mp.baseAddress!, v: vp.baseAddress!, rho: rp.baseAddress!)
                            }
                        }
                    }
                }
            }
        }
        guard Kernels.vectorMath else {
            #expect(sums == nil)
            return
        }
        let (loss, weightSum) = try #require(sums)
        var expectedLoss = 0.0, expectedWeights = 0.0, magnitude = 0.0
        for i in 0..<count {
            let (l, m) = family.lossAndMean(y[i], eta[i])
            if w[i] > 0 { expectedLoss += w[i] * l; magnitude += w[i] * abs(l) }
            let vi = w[i] * family.curvature(m)
            expectedWeights += vi
            // The vector exp and log1p are within a few units in the last place.
            #expect(abs(mu[i] - m) <= 4 * m.ulp, "mean at eta \(eta[i])")
            #expect(abs(v[i] - vi) <= 16 * vi.ulp, "weight at eta \(eta[i])")
            #expect(abs(rho[i] - w[i] * (y[i] - m)) <= 8 * w[i] * m.ulp + 4 * abs(w[i] * (y[i] - m)).ulp, "residual at eta \(eta[i])")
        }
        #expect(abs(loss - expectedLoss) <= 1e-14 * max(magnitude, 1e-300))
        #expect(abs(weightSum - expectedWeights) <= 1e-14 * max(expectedWeights, 1e-300))
    }
}
